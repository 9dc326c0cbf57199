import { asc, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { platforms, trackAudienceTimeSeries, tracks } from '@/db/schema';
import type { Platform, Track } from '@/db/schema';
import type { DatedValue, PlatformDatedValue, SeriesEvent } from './series';

/**
 * Every read of a stored series. The chart replies and the track page read through readSingleChart
 * and readComparisonChart, one statement and one round trip each: the track, the platform(s) and
 * the points come back together, the points as JSON arrays that PostgreSQL aggregates and the
 * driver parses natively (one value, not one row per point). Each statement has one text for every
 * window (absent bounds and limit are NULL: a NULL LIMIT is no limit), so it is prepared once per
 * connection and planned from then on without parsing. bench/bare-server.ts sends these same texts.
 */

type ChartTrack = Pick<Track, 'id' | 'uuid' | 'name' | 'creditName'>;
type ChartPlatform = Pick<Platform, 'id' | 'slug' | 'name' | 'audienceMetricName' | 'color'>;
export type ChartWindow = { startDate?: string; endDate?: string; limit?: number };

export type SingleChartParams = { trackUuid: string; platformSlug: string; startDate: string | null; endDate: string | null; limit: number | null };
export type ComparisonChartParams = { trackUuid: string; platformSlugs: string | null; startDate: string | null; endDate: string | null; limit: number | null };

const series = sql.raw('track_audience_time_series');
const startDate = sql`coalesce(${sql.placeholder('startDate')}::date, '-infinity'::date)`;
const endDate = sql`coalesce(${sql.placeholder('endDate')}::date, 'infinity'::date)`;
const limit = sql`${sql.placeholder('limit')}::integer`;
// The outer row's ids, always table-qualified: Drizzle leaves a column of a one-table select
// unqualified, and inside a subquery a bare "id" would name the subquery's own column.
const trackId = sql`${sql.identifier('tracks')}.${sql.identifier('id')}`;
const platformId = sql`${sql.identifier('platforms')}.${sql.identifier('id')}`;

/**
 * The versions added to the shown platforms in the window, as [platform id, date, identifier, value]:
 * every identifier known for a pair whose first day comes after the pair's first identifier's.
 */
function versionsAdded(platformIds: SQL): SQL {
  return sql`(
    select json_agg(json_build_array(k.platform_id, k.first_date, k.identifier, k.first_value))
    from track_audience_identifiers k
    where k.track_id = ${trackId} and k.platform_id = any(${platformIds})
      and k.first_date >= ${startDate} and k.first_date <= ${endDate}
      and k.first_date > (select min(f.first_date) from track_audience_identifiers f
                          where f.track_id = k.track_id and f.platform_id = k.platform_id))`;
}

export type VersionAddedRow = [platformId: number, date: string, identifier: string, value: number];

/** The track's columns both statements return, and the track they make. */
const trackColumns = { trackId: tracks.id, trackUuid: tracks.uuid, trackName: tracks.name, trackCreditName: tracks.creditName };

function chartTrack(row: { trackId: number; trackUuid: string; trackName: string; trackCreditName: string }): ChartTrack {
  return { id: row.trackId, uuid: row.trackUuid, name: row.trackName, creditName: row.trackCreditName };
}

/** The single-platform statement: no row for an unknown track, a null platform for an unknown slug. */
export function singleChartStatement(db: Database) {
  return db
    .select({
      ...trackColumns,
      platformId: platforms.id,
      platformSlug: platforms.slug,
      platformName: platforms.name,
      platformMetricName: platforms.audienceMetricName,
      platformColor: platforms.color,
      // The newest `limit` points (all without one), handed back oldest first as [date, value, provisional].
      points: sql<[string, number, boolean][] | null>`(
        select json_agg(json_build_array(s.date, s.audience_value, s.provisional) order by s.date)
        from (select date, audience_value, provisional from ${series}
              where track_id = ${trackId} and platform_id = ${platformId}
                and date >= ${startDate} and date <= ${endDate}
              order by date desc limit ${limit}) s)`,
      versionsAdded: sql<VersionAddedRow[] | null>`${versionsAdded(sql`array[${platformId}]`)}`,
    })
    .from(tracks)
    .leftJoin(platforms, eq(platforms.slug, sql.placeholder('platformSlug')))
    .where(eq(tracks.uuid, sql.placeholder('trackUuid')));
}

/**
 * Platform p is shown: one of the comma-separated slugs asked for, or, with none, any platform with
 * data. The probe is a scalar subquery with LIMIT 1, one index lookup per platform: written as
 * EXISTS, the planner may hash it instead, reading every point of the track to learn which
 * platforms have one.
 */
const shown = sql`case when ${sql.placeholder('platformSlugs')}::text is null
  then (select true from ${series} x where x.track_id = ${trackId} and x.platform_id = p.id limit 1) is not null
  else p.slug = any(string_to_array(${sql.placeholder('platformSlugs')}::text, ',')) end`;

/**
 * The comparison statement: no row for an unknown track; the shown platforms in catalogue order.
 * The points are read platform by platform (platform_id = any(array) is a key of the primary key's
 * index, so each platform's dates are one range of it), and with a limit the oldest date kept is
 * found among each platform's `limit` newest dates, read backwards from the index, rather than
 * among all the track's points.
 */
export function comparisonChartStatement(db: Database) {
  return db
    .select({
      ...trackColumns,
      platforms: sql<[number, string, string, string, string][] | null>`(
        select json_agg(json_build_array(p.id, p.slug, p.name, p.audience_metric_name, p.color) order by p.id)
        from platforms p where ${shown})`,
      // Per platform [platform id, [dates], [values], [provisional]], dates ascending: a handful of
      // JSON values to parse rather than one small array per point (three years of eight platforms is ~9,000).
      points: sql<[number, string[], number[], boolean[]][] | null>`(
        select json_agg(json_build_array(g.platform_id, g.dates, g.amounts, g.provisional))
        from (select s.platform_id, json_agg(s.date order by s.date) as dates, json_agg(s.audience_value order by s.date) as amounts,
                     json_agg(s.provisional order by s.date) as provisional
              from ${series} s
              where s.track_id = ${trackId} and s.platform_id = any(array(select p.id from platforms p where ${shown}))
                and s.date >= ${startDate} and s.date <= ${endDate}
                and (${limit} is null or s.date >= (
                  select min(recent.date) from (
                    select distinct newest.date from platforms p
                    cross join lateral (select r.date from ${series} r
                                        where r.track_id = ${trackId} and r.platform_id = p.id
                                          and r.date >= ${startDate} and r.date <= ${endDate}
                                        order by r.date desc limit ${limit}) newest
                    where ${shown}
                    order by newest.date desc limit ${limit}) recent))
              group by s.platform_id) g)`,
      versionsAdded: sql<VersionAddedRow[] | null>`${versionsAdded(sql`array(select p.id from platforms p where ${shown})`)}`,
    })
    .from(tracks)
    .where(eq(tracks.uuid, sql.placeholder('trackUuid')));
}

type SingleStatement = ReturnType<ReturnType<typeof singleChartStatement>['prepare']>;
type ComparisonStatement = ReturnType<ReturnType<typeof comparisonChartStatement>['prepare']>;

// Prepared once per database handle; the driver then prepares each on a connection's first use.
const prepared = new WeakMap<Database, { single: SingleStatement; comparison: ComparisonStatement }>();

function statementsFor(db: Database): { single: SingleStatement; comparison: ComparisonStatement } {
  let statements = prepared.get(db);
  if (!statements) {
    statements = {
      single: singleChartStatement(db).prepare('chart_single'),
      comparison: comparisonChartStatement(db).prepare('chart_comparison'),
    };
    prepared.set(db, statements);
  }
  return statements;
}

function windowParams(window: ChartWindow): { startDate: string | null; endDate: string | null; limit: number | null } {
  return { startDate: window.startDate ?? null, endDate: window.endDate ?? null, limit: window.limit ?? null };
}

export type SingleChartRows =
  | { found: 'none' }
  | { found: 'track'; track: ChartTrack }
  | { found: 'both'; track: ChartTrack; platform: ChartPlatform; points: DatedValue[]; events: SeriesEvent[] };

export type ComparisonChartRows =
  | { found: 'none' }
  | { found: 'track'; track: ChartTrack; platforms: ChartPlatform[]; points: PlatformDatedValue[]; events: SeriesEvent[] };

/**
 * The events among the points read: versions added on a day the points cover (a limit can end the
 * points after the window's start), and the provisional days, in date order.
 */
export function eventsOf(points: readonly (PlatformDatedValue & { provisional: boolean })[], versions: readonly VersionAddedRow[]): SeriesEvent[] {
  // The versions' days by platform, looked up without building a key for each of a decade's 30,000 points.
  const versionDays = new Map<number, Set<string>>();
  for (const [platformId, date] of versions) versionDays.set(platformId, (versionDays.get(platformId) ?? new Set()).add(date));
  const covered = new Set<string>();
  for (const point of points) {
    if (versionDays.get(point.platformId)?.has(point.date)) covered.add(`${point.platformId}:${point.date}`);
  }
  const events: SeriesEvent[] = versions
    .filter(([platformId, date]) => covered.has(`${platformId}:${date}`))
    .map(([platformId, date, identifier, value]) => ({ type: 'version_added', platformId, date, identifier, value }));
  for (const point of points) {
    if (point.provisional) events.push({ type: 'provisional', platformId: point.platformId, date: point.date });
  }
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export async function readSingleChart(db: Database, trackUuid: string, platformSlug: string, window: ChartWindow): Promise<SingleChartRows> {
  const params: SingleChartParams = { trackUuid, platformSlug, ...windowParams(window) };
  const [row] = await statementsFor(db).single.execute(params);
  if (!row) return { found: 'none' };
  const track = chartTrack(row);
  if (row.platformId === null || row.platformSlug === null || row.platformName === null || row.platformMetricName === null || row.platformColor === null) {
    return { found: 'track', track };
  }
  const platformId = row.platformId;
  const points = (row.points ?? []).map(([date, value, provisional]) => ({ platformId, date, value, provisional }));
  return {
    found: 'both',
    track,
    platform: { id: platformId, slug: row.platformSlug, name: row.platformName, audienceMetricName: row.platformMetricName, color: row.platformColor },
    points: points.map(({ date, value }) => ({ date, value })),
    events: eventsOf(points, row.versionsAdded ?? []),
  };
}

/** platformSlugs: the platforms asked for, any order; undefined for every platform with data. */
export async function readComparisonChart(
  db: Database,
  trackUuid: string,
  platformSlugs: readonly string[] | undefined,
  window: ChartWindow,
): Promise<ComparisonChartRows> {
  const params: ComparisonChartParams = { trackUuid, platformSlugs: platformSlugs ? platformSlugs.join(',') : null, ...windowParams(window) };
  const [row] = await statementsFor(db).comparison.execute(params);
  if (!row) return { found: 'none' };
  const points = (row.points ?? []).flatMap(([platformId, dates, values, provisional]) =>
    dates.map((date, index) => ({ platformId, date, value: values[index] as number, provisional: provisional[index] === true })),
  );
  return {
    found: 'track',
    track: chartTrack(row),
    platforms: (row.platforms ?? []).map(([id, slug, name, audienceMetricName, color]) => ({ id, slug, name, audienceMetricName, color })),
    points: points.map(({ platformId, date, value }) => ({ platformId, date, value })),
    events: eventsOf(points, row.versionsAdded ?? []),
  };
}

export type PlatformWithExtent = Platform & { firstDate: string; lastDate: string };

/**
 * The platforms that hold points for the track, in catalogue order, each with its first and last
 * day. Each bound is one probe of the primary key (track, platform, date), where a min/max over
 * the whole track would read every one of its rows: a few years on eight platforms is ~9,000.
 */
export async function platformsWithExtent(db: Database, trackId: number): Promise<PlatformWithExtent[]> {
  const stored = trackAudienceTimeSeries;
  const bound = (aggregate: 'min' | 'max') =>
    sql<string | null>`(select ${sql.raw(aggregate)}(${stored.date})::text from ${stored}
      where ${stored.trackId} = ${trackId} and ${stored.platformId} = ${platforms.id})`;
  const rows = await db
    .select({ platform: platforms, firstDate: bound('min'), lastDate: bound('max') })
    .from(platforms)
    .orderBy(asc(platforms.id));
  return rows.flatMap(({ platform, firstDate, lastDate }) => (firstDate && lastDate ? [{ ...platform, firstDate, lastDate }] : []));
}
