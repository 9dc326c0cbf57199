CREATE TABLE "ingest_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"track_id" integer NOT NULL,
	"platform_id" integer NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"force_refresh" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"window_start" date,
	"window_end" date,
	"records_created" integer DEFAULT 0 NOT NULL,
	"records_updated" integer DEFAULT 0 NOT NULL,
	"records_skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"request_id" text,
	CONSTRAINT "ingest_runs_status_check" CHECK ("ingest_runs"."status" in ('running', 'succeeded', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"platform_type" text DEFAULT 'streaming' NOT NULL,
	"audience_metric_name" text DEFAULT 'Listeners' NOT NULL,
	"platform_identifier" text DEFAULT '' NOT NULL,
	"color" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platforms_slug_unique" UNIQUE("slug"),
	CONSTRAINT "platforms_platform_type_check" CHECK ("platforms"."platform_type" in ('streaming', 'social', 'radio', 'tv', 'other')),
	CONSTRAINT "platforms_color_check" CHECK ("platforms"."color" ~ '^#[0-9a-f]{6}$')
);
--> statement-breakpoint
CREATE TABLE "track_audience_time_series" (
	"track_id" integer NOT NULL,
	"platform_id" integer NOT NULL,
	"date" date NOT NULL,
	"audience_value" bigint NOT NULL,
	"platform_identifier" text DEFAULT '' NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"api_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "track_audience_time_series_pkey" PRIMARY KEY("track_id","platform_id","date"),
	CONSTRAINT "track_audience_time_series_value_check" CHECK ("track_audience_time_series"."audience_value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tracks" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"name" text NOT NULL,
	"credit_name" text DEFAULT '' NOT NULL,
	"image_url" text,
	"release_date" date,
	"isrc" text,
	"audience_fetched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracks_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD CONSTRAINT "ingest_runs_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD CONSTRAINT "ingest_runs_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_audience_time_series" ADD CONSTRAINT "track_audience_time_series_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_audience_time_series" ADD CONSTRAINT "track_audience_time_series_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_runs_one_running_idx" ON "ingest_runs" USING btree ("track_id","platform_id") WHERE "ingest_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "ingest_runs_started_at_idx" ON "ingest_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "ingest_runs_failed_idx" ON "ingest_runs" USING btree ("started_at") WHERE "ingest_runs"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "track_audience_time_series_platform_date_idx" ON "track_audience_time_series" USING btree ("platform_id","date");--> statement-breakpoint
CREATE INDEX "tracks_audience_fetched_at_idx" ON "tracks" USING btree ("audience_fetched_at" NULLS FIRST);