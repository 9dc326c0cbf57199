CREATE TABLE "ingest_pair_state" (
	"track_id" integer NOT NULL,
	"platform_id" integer NOT NULL,
	"last_attempt_at" timestamp with time zone NOT NULL,
	"last_status" text NOT NULL,
	"last_succeeded_at" timestamp with time zone,
	"covered_until" date,
	CONSTRAINT "ingest_pair_state_pkey" PRIMARY KEY("track_id","platform_id")
);
--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "ingest_pair_state" ADD CONSTRAINT "ingest_pair_state_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_pair_state" ADD CONSTRAINT "ingest_pair_state_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingest_pair_state_last_attempt_idx" ON "ingest_pair_state" USING btree ("last_attempt_at");