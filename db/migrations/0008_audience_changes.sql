CREATE TABLE "audience_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"platform_id" integer,
	"first_date" date,
	"last_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "data_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "audience_changes_track_id_idx" ON "audience_changes" USING btree ("track_id","id");