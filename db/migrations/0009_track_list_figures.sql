CREATE TABLE "track_list_figures" (
	"track_id" integer NOT NULL,
	"platform_id" integer NOT NULL,
	"latest_date" date NOT NULL,
	"latest_value" bigint NOT NULL,
	"change7" bigint,
	"change28" bigint,
	CONSTRAINT "track_list_figures_pkey" PRIMARY KEY("track_id","platform_id")
);
--> statement-breakpoint
ALTER TABLE "track_list_figures" ADD CONSTRAINT "track_list_figures_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_list_figures" ADD CONSTRAINT "track_list_figures_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "track_list_figures_platform_idx" ON "track_list_figures" USING btree ("platform_id");
--> statement-breakpoint
-- Works out the figures of the given pairs (track_ids[i], platform_ids[i]) from their series and
-- identifiers: the latest value, and the change over 7 and 28 days counting only what the versions
-- known on the earlier day gained (a version added later brought its whole history on one day).
-- A pair without a point loses its row.
CREATE FUNCTION refresh_track_list_figures(track_ids integer[], platform_ids integer[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO track_list_figures (track_id, platform_id, latest_date, latest_value, change7, change28)
  SELECT p.track_id, p.platform_id, l.date, l.value,
    l.value - w7.value - coalesce((
      SELECT sum(added.first_value) FROM track_audience_identifiers added
      WHERE added.track_id = p.track_id AND added.platform_id = p.platform_id
        AND added.first_date > w7.date AND added.first_date <= l.date
        AND added.first_date > (SELECT min(known.first_date) FROM track_audience_identifiers known
                                WHERE known.track_id = p.track_id AND known.platform_id = p.platform_id)), 0),
    l.value - w28.value - coalesce((
      SELECT sum(added.first_value) FROM track_audience_identifiers added
      WHERE added.track_id = p.track_id AND added.platform_id = p.platform_id
        AND added.first_date > w28.date AND added.first_date <= l.date
        AND added.first_date > (SELECT min(known.first_date) FROM track_audience_identifiers known
                                WHERE known.track_id = p.track_id AND known.platform_id = p.platform_id)), 0)
  FROM (SELECT DISTINCT u.track_id, u.platform_id FROM unnest(track_ids, platform_ids) AS u(track_id, platform_id)) p
  JOIN tracks t ON t.id = p.track_id
  CROSS JOIN LATERAL (
    SELECT s.date, s.audience_value AS value FROM track_audience_time_series s
    WHERE s.track_id = p.track_id AND s.platform_id = p.platform_id
    ORDER BY s.date DESC LIMIT 1
  ) l
  LEFT JOIN LATERAL (
    SELECT s.date, s.audience_value AS value FROM track_audience_time_series s
    WHERE s.track_id = p.track_id AND s.platform_id = p.platform_id AND s.date <= l.date - 7 AND s.date >= l.date - 14
    ORDER BY s.date DESC LIMIT 1
  ) w7 ON true
  LEFT JOIN LATERAL (
    SELECT s.date, s.audience_value AS value FROM track_audience_time_series s
    WHERE s.track_id = p.track_id AND s.platform_id = p.platform_id AND s.date <= l.date - 28 AND s.date >= l.date - 35
    ORDER BY s.date DESC LIMIT 1
  ) w28 ON true
  ON CONFLICT (track_id, platform_id) DO UPDATE SET
    latest_date = excluded.latest_date, latest_value = excluded.latest_value,
    change7 = excluded.change7, change28 = excluded.change28;
  DELETE FROM track_list_figures f
  USING unnest(track_ids, platform_ids) AS u(track_id, platform_id)
  WHERE f.track_id = u.track_id AND f.platform_id = u.platform_id
    AND NOT EXISTS (SELECT 1 FROM track_audience_time_series s WHERE s.track_id = u.track_id AND s.platform_id = u.platform_id);
$$;
--> statement-breakpoint
-- Statement-level: one refresh per statement for the pairs it touched, however many rows it wrote.
-- A transition table belongs to one event, so each event has its trigger; all name it `changed`.
CREATE FUNCTION refresh_track_list_figures_of_changed_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_track_list_figures(array_agg(c.track_id), array_agg(c.platform_id))
  FROM (SELECT DISTINCT track_id, platform_id FROM changed) c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER track_list_figures_series_insert AFTER INSERT ON track_audience_time_series
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_track_list_figures_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER track_list_figures_series_update AFTER UPDATE ON track_audience_time_series
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_track_list_figures_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER track_list_figures_series_delete AFTER DELETE ON track_audience_time_series
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_track_list_figures_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER track_list_figures_identifiers_insert AFTER INSERT ON track_audience_identifiers
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_track_list_figures_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER track_list_figures_identifiers_update AFTER UPDATE ON track_audience_identifiers
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_track_list_figures_of_changed_rows();
--> statement-breakpoint
CREATE TRIGGER track_list_figures_identifiers_delete AFTER DELETE ON track_audience_identifiers
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_track_list_figures_of_changed_rows();
--> statement-breakpoint
-- Every pair there is: a probe of the series key each, rather than a DISTINCT over every point.
SELECT refresh_track_list_figures(array_agg(t.id), array_agg(p.id)) FROM tracks t CROSS JOIN platforms p;
--> statement-breakpoint
-- Statistics now, or the planner takes the freshly filled table for empty until autovacuum's first pass.
ANALYZE track_list_figures;
