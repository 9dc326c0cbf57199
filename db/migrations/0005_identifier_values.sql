CREATE TABLE "track_audience_identifier_values" (
	"track_id" integer NOT NULL,
	"platform_id" integer NOT NULL,
	"identifier" text NOT NULL,
	"date" date NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "track_audience_identifier_values_pkey" PRIMARY KEY("track_id","platform_id","identifier","date"),
	CONSTRAINT "track_audience_identifier_values_value_check" CHECK ("track_audience_identifier_values"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "track_audience_identifiers" (
	"track_id" integer NOT NULL,
	"platform_id" integer NOT NULL,
	"identifier" text NOT NULL,
	"first_date" date NOT NULL,
	"first_value" bigint NOT NULL,
	CONSTRAINT "track_audience_identifiers_pkey" PRIMARY KEY("track_id","platform_id","identifier")
);
--> statement-breakpoint
ALTER TABLE "track_audience_time_series" ADD COLUMN "provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "track_audience_identifier_values" ADD CONSTRAINT "track_audience_identifier_values_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_audience_identifier_values" ADD CONSTRAINT "track_audience_identifier_values_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_audience_identifiers" ADD CONSTRAINT "track_audience_identifiers_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_audience_identifiers" ADD CONSTRAINT "track_audience_identifiers_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;