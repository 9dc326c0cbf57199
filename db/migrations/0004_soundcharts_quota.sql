CREATE TABLE "soundcharts_quota" (
	"app_id" text PRIMARY KEY NOT NULL,
	"remaining" integer NOT NULL,
	"observed_at" timestamp with time zone NOT NULL
);
