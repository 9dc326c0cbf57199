import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import type { Platform, Track } from '@/db/schema';
import type { DatedValue, PlatformDatedValue } from '@/lib/chart/chartjs';

export type SeriesWindow = { startDate?: string; endDate?: string; limit?: number };

export async function findTrackByUuid(db: Database, uuid: string): Promise<Track | undefined> {
  const [track] = await db.select().from(tracks).where(eq(tracks.uuid, uuid)).limit(1);
  return track;
}

export async function findPlatformsBySlugs(db: Database, slugs: readonly string[]): Promise<Platform[]> {
  if (slugs.length === 0) return [];
  return db.select().from(platforms).where(inArray(platforms.slug, [...slugs]));
}

export async function listPlatforms(db: Database): Promise<Platform[]> {
  return db.select().from(platforms).orderBy(asc(platforms.id));
}

/** Platforms that hold at least one point for the track, in catalogue order. */
export async function platformsWithData(db: Database, trackId: number): Promise<Platform[]> {
  return db
    .select()
    .from(platforms)
    .where(
      sql`exists (select 1 from ${series} where ${series.trackId} = ${trackId} and ${series.platformId} = ${platforms.id})`,
    )
    .orderBy(asc(platforms.id));
}

function dateBounds(window: SeriesWindow): SQL[] {
  const bounds: SQL[] = [];
  if (window.startDate) bounds.push(gte(series.date, window.startDate));
  if (window.endDate) bounds.push(lte(series.date, window.endDate));
  return bounds;
}

/** One platform's points, oldest first; with a limit, the most recent `limit` of them. */
export async function audienceSeries(
  db: Database,
  trackId: number,
  platformId: number,
  window: SeriesWindow = {},
): Promise<DatedValue[]> {
  const where = and(eq(series.trackId, trackId), eq(series.platformId, platformId), ...dateBounds(window));
  const columns = { date: series.date, value: series.audienceValue };
  if (window.limit === undefined) {
    return db.select(columns).from(series).where(where).orderBy(asc(series.date));
  }
  const newestFirst = await db.select(columns).from(series).where(where).orderBy(desc(series.date)).limit(window.limit);
  return newestFirst.reverse();
}

/**
 * Several platforms' points, oldest first. With a limit, the window is the `limit` most recent
 * dates on which any of the platforms has a point, so the chart has at most `limit` labels.
 */
export async function audienceSeriesForPlatforms(
  db: Database,
  trackId: number,
  platformIds: readonly number[],
  window: SeriesWindow = {},
): Promise<PlatformDatedValue[]> {
  if (platformIds.length === 0) return [];
  const scope = [eq(series.trackId, trackId), inArray(series.platformId, [...platformIds]), ...dateBounds(window)];
  if (window.limit !== undefined) {
    const recentDates = db
      .selectDistinct({ date: series.date })
      .from(series)
      .where(and(...scope))
      .orderBy(desc(series.date))
      .limit(window.limit)
      .as('recent_dates');
    scope.push(gte(series.date, sql`(select min(${recentDates.date}) from ${recentDates})`));
  }
  return db
    .select({ platformId: series.platformId, date: series.date, value: series.audienceValue })
    .from(series)
    .where(and(...scope))
    .orderBy(asc(series.date), asc(series.platformId));
}

/** The first and last date the track has a point on, any platform; undefined when it has none. */
export async function audienceDateExtent(
  db: Database,
  trackId: number,
): Promise<{ start: string; end: string } | undefined> {
  const [extent] = await db
    .select({ start: sql<string | null>`min(${series.date})::text`, end: sql<string | null>`max(${series.date})::text` })
    .from(series)
    .where(eq(series.trackId, trackId));
  return extent?.start && extent.end ? { start: extent.start, end: extent.end } : undefined;
}

export type PlatformWithExtent = Platform & { firstDate: string; lastDate: string };

/**
 * The platforms that hold points for the track, in catalogue order, each with its first and last
 * day. Each bound is one probe of the primary key (track, platform, date), where a min/max over
 * the whole track would read every one of its rows: a few years on eight platforms is ~9,000.
 */
export async function platformsWithExtent(db: Database, trackId: number): Promise<PlatformWithExtent[]> {
  const bound = (aggregate: 'min' | 'max') =>
    sql<string | null>`(select ${sql.raw(aggregate)}(${series.date})::text from ${series}
      where ${series.trackId} = ${trackId} and ${series.platformId} = ${platforms.id})`;
  const rows = await db
    .select({ platform: platforms, firstDate: bound('min'), lastDate: bound('max') })
    .from(platforms)
    .orderBy(asc(platforms.id));
  return rows.flatMap(({ platform, firstDate, lastDate }) => (firstDate && lastDate ? [{ ...platform, firstDate, lastDate }] : []));
}

/** Our own statement's output, so a shape check, not a per-element parse that would cost more than the query. */
function unpackSeries(dates: string, values: string): { dates: string[]; values: number[] } {
  const packed = { dates: JSON.parse(dates) as unknown, values: JSON.parse(values) as unknown };
  if (!Array.isArray(packed.dates) || !Array.isArray(packed.values) || packed.dates.length !== packed.values.length) {
    throw new Error('packed audience series: dates and values must be arrays of the same length');
  }
  return { dates: packed.dates as string[], values: packed.values as number[] };
}

/**
 * The same points as audienceSeriesForPlatforms (without `limit`), read as one row per platform that
 * carries its dates and values as JSON arrays: drivers, PGlite above all, spend far more per row
 * than per byte, and a three-year view of eight platforms is ~9,000 rows otherwise.
 */
export async function audienceSeriesPacked(
  db: Database,
  trackId: number,
  platformIds: readonly number[],
  window: Omit<SeriesWindow, 'limit'> = {},
): Promise<PlatformDatedValue[]> {
  if (platformIds.length === 0) return [];
  const rows = await db
    .select({
      platformId: series.platformId,
      dates: sql<string>`json_agg(${series.date} order by ${series.date})::text`,
      values: sql<string>`json_agg(${series.audienceValue} order by ${series.date})::text`,
    })
    .from(series)
    .where(and(eq(series.trackId, trackId), inArray(series.platformId, [...platformIds]), ...dateBounds(window)))
    .groupBy(series.platformId);
  return rows.flatMap(({ platformId, dates, values }) => {
    const packed = unpackSeries(dates, values);
    return packed.dates.map((date, index) => ({ platformId, date, value: packed.values[index] as number }));
  });
}
