CREATE TABLE "scheduled_tasks" (
	"name" text PRIMARY KEY NOT NULL,
	"last_completed_at" timestamp with time zone,
	"lease_expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "soundcharts_call_slots" (
	"app_id" text PRIMARY KEY NOT NULL,
	"next_call_at" timestamp with time zone NOT NULL,
	"not_before" timestamp with time zone
);
