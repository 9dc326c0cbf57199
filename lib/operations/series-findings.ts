import { and, asc, eq, exists, inArray, isNotNull, notExists, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ingestPairState as state, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { todayUtc } from '@/lib/dates';

export const findingKinds = ['falling', 'flat', 'gap', 'future', 'never_fetched', 'no_code'] as const;
export type FindingKind = (typeof findingKinds)[number];

/**
 * One problem in the stored series, in a shape shared by every kind so that the command's table, its
 * JSON and the admin page read it alike. `from`/`to`: falling, the day before the drop and the day of
 * it; flat, the first and last day of the unchanged value; gap, the stored days either side of the
 * hole; future, the first and last future day. `size`: how much the total fell, the days unchanged,
 * the days missing, the future points.
 */
export type Finding = {
  kind: FindingKind;
  trackUuid: string | null;
  trackName: string | null;
  platformSlug: string;
  from: string | null;
  to: string | null;
  size: number | null;
};

export type FindingsQuery = {
  /** Days a value may stay the same before it is reported; more than this is a finding. */
  flatDays: number;
  /** Missing days a series may have between two stored days; more than this is a finding. */
  gapDays: number;
  /** Only this track (its id), and only this platform (its id). */
  trackId?: number;
  platformId?: number;
  /** Pairs every track is expected to have (INGEST_DEFAULT_PLATFORMS); with pairs tried before, they are checked for never being fetched. */
  expectedPlatformSlugs: readonly string[];
  /** Findings kept per kind; the counts still say how many there are. */
  limitPerKind: number;
  now: Date;
};

export type FindingsReport = {
  today: string;
  flatDays: number;
  gapDays: number;
  counts: Record<FindingKind, number>;
  /** Per kind, at most limitPerKind, in track, platform and date order. */
  findings: Finding[];
};

type Row = Finding & { total: number };

const total = sql<number>`count(*) over ()`.mapWith(Number);

function seriesScope(query: FindingsQuery): SQL | undefined {
  return and(
    query.trackId === undefined ? undefined : eq(series.trackId, query.trackId),
    query.platformId === undefined ? undefined : eq(series.platformId, query.platformId),
  );
}

/** The points of the scope with the previous point of their pair: one ordered pass over the primary key. */
function withPrevious(db: Database, query: FindingsQuery) {
  const pair = sql`partition by ${series.trackId}, ${series.platformId} order by ${series.date}`;
  return db
    .select({
      trackId: series.trackId,
      platformId: series.platformId,
      date: sql<string>`${series.date}::text`.as('date'),
      value: series.audienceValue,
      previousDate: sql<string | null>`(lag(${series.date}) over (${pair}))::text`.as('previous_date'),
      previousValue: sql<number | null>`lag(${series.audienceValue}) over (${pair})`.as('previous_value'),
      dayGap: sql<number | null>`${series.date} - lag(${series.date}) over (${pair})`.as('day_gap'),
    })
    .from(series)
    .where(seriesScope(query))
    .as('with_previous');
}

/** Track uuid and name and platform slug of a row, with the count of rows before the limit. */
const labels = { trackUuid: tracks.uuid, trackName: tracks.name, platformSlug: platforms.slug, total };

async function falling(db: Database, query: FindingsQuery): Promise<Row[]> {
  const points = withPrevious(db, query);
  const rows = await db
    .select({ ...labels, from: points.previousDate, to: points.date, size: sql<number>`${points.previousValue} - ${points.value}`.mapWith(Number) })
    .from(points)
    .innerJoin(tracks, eq(tracks.id, points.trackId))
    .innerJoin(platforms, eq(platforms.id, points.platformId))
    .where(sql`${points.value} < ${points.previousValue}`)
    .orderBy(asc(points.trackId), asc(points.platformId), asc(points.date))
    .limit(query.limitPerKind);
  return rows.map((row) => ({ ...row, kind: 'falling' }));
}

async function gaps(db: Database, query: FindingsQuery): Promise<Row[]> {
  const points = withPrevious(db, query);
  const rows = await db
    .select({ ...labels, from: points.previousDate, to: points.date, size: sql<number>`${points.dayGap} - 1`.mapWith(Number) })
    .from(points)
    .innerJoin(tracks, eq(tracks.id, points.trackId))
    .innerJoin(platforms, eq(platforms.id, points.platformId))
    .where(sql`${points.dayGap} - 1 > ${query.gapDays}`)
    .orderBy(asc(points.trackId), asc(points.platformId), asc(points.date))
    .limit(query.limitPerKind);
  return rows.map((row) => ({ ...row, kind: 'gap' }));
}

/** Runs of one value (gaps and islands: a running count of changes numbers each run), longer than flatDays. */
async function flat(db: Database, query: FindingsQuery): Promise<Row[]> {
  const points = withPrevious(db, query);
  const numbered = db
    .select({
      trackId: points.trackId,
      platformId: points.platformId,
      date: points.date,
      value: points.value,
      run: sql<number>`sum(case when ${points.value} is distinct from ${points.previousValue} then 1 else 0 end)
        over (partition by ${points.trackId}, ${points.platformId} order by ${points.date})`.as('run'),
    })
    .from(points)
    .as('numbered');
  const runs = db
    .select({
      trackId: numbered.trackId,
      platformId: numbered.platformId,
      first: sql<string>`min(${numbered.date})`.as('first'),
      last: sql<string>`max(${numbered.date})`.as('last'),
      days: sql<number>`max(${numbered.date}::date) - min(${numbered.date}::date)`.as('days'),
    })
    .from(numbered)
    .groupBy(numbered.trackId, numbered.platformId, numbered.run)
    .having(sql`max(${numbered.date}::date) - min(${numbered.date}::date) > ${query.flatDays}`)
    .as('runs');
  const rows = await db
    .select({ ...labels, from: runs.first, to: runs.last, size: sql<number>`${runs.days}`.mapWith(Number) })
    .from(runs)
    .innerJoin(tracks, eq(tracks.id, runs.trackId))
    .innerJoin(platforms, eq(platforms.id, runs.platformId))
    .orderBy(asc(runs.trackId), asc(runs.platformId), asc(runs.first))
    .limit(query.limitPerKind);
  return rows.map((row) => ({ ...row, kind: 'flat' }));
}

async function future(db: Database, query: FindingsQuery, today: string): Promise<Row[]> {
  const rows = await db
    .select({
      ...labels,
      from: sql<string>`min(${series.date})::text`,
      to: sql<string>`max(${series.date})::text`,
      size: sql<number>`count(*)`.mapWith(Number),
    })
    .from(series)
    .innerJoin(tracks, eq(tracks.id, series.trackId))
    .innerJoin(platforms, eq(platforms.id, series.platformId))
    .where(and(seriesScope(query), sql`${series.date} > ${today}::date`))
    .groupBy(series.trackId, series.platformId, tracks.uuid, tracks.name, platforms.slug)
    .orderBy(asc(series.trackId), asc(series.platformId))
    .limit(query.limitPerKind);
  return rows.map((row) => ({ ...row, kind: 'future' }));
}

/**
 * Pairs that should have data and have none: each track with the expected platforms, and every pair
 * tried before; never fetched when no fetch of it succeeded and it holds no point.
 */
async function neverFetched(db: Database, query: FindingsQuery): Promise<Row[]> {
  // Names of their own: drizzle leaves a union's columns unqualified, and inside the subqueries below
  // "track_id" would name the inner table's column.
  const expected = db
    .select({ trackId: sql<number>`${tracks.id}`.as('candidate_track_id'), platformId: sql<number>`${platforms.id}`.as('candidate_platform_id') })
    .from(tracks)
    .innerJoin(platforms, query.expectedPlatformSlugs.length > 0 ? inArray(platforms.slug, [...query.expectedPlatformSlugs]) : sql`false`);
  const tried = db
    .select({ trackId: sql<number>`${state.trackId}`.as('candidate_track_id'), platformId: sql<number>`${state.platformId}`.as('candidate_platform_id') })
    .from(state);
  const candidates = expected.union(tried).as('candidates');
  const succeeded = db
    .select({ one: sql`1` })
    .from(state)
    .where(and(eq(state.trackId, candidates.trackId), eq(state.platformId, candidates.platformId), isNotNull(state.lastSucceededAt)));
  const stored = db
    .select({ one: sql`1` })
    .from(series)
    .where(and(eq(series.trackId, candidates.trackId), eq(series.platformId, candidates.platformId)));
  const rows = await db
    .select(labels)
    .from(candidates)
    .innerJoin(tracks, eq(tracks.id, candidates.trackId))
    .innerJoin(platforms, eq(platforms.id, candidates.platformId))
    .where(
      and(
        notExists(succeeded),
        notExists(stored),
        query.trackId === undefined ? undefined : eq(candidates.trackId, query.trackId),
        query.platformId === undefined ? undefined : eq(candidates.platformId, query.platformId),
      ),
    )
    .orderBy(asc(candidates.trackId), asc(candidates.platformId))
    .limit(query.limitPerKind);
  return rows.map((row) => ({ ...row, kind: 'never_fetched', from: null, to: null, size: null }));
}

/** Platforms whose SoundCharts code is not set (the slug, hyphenated, is asked for instead); those in use only when a track is asked about. */
async function withoutCode(db: Database, query: FindingsQuery): Promise<Row[]> {
  const used = db
    .select({ one: sql`1` })
    .from(series)
    .where(and(eq(series.platformId, platforms.id), query.trackId === undefined ? undefined : eq(series.trackId, query.trackId)));
  const rows = await db
    .select({ platformSlug: platforms.slug, total })
    .from(platforms)
    .where(
      and(
        sql`btrim(${platforms.platformIdentifier}) = ''`,
        query.platformId === undefined ? undefined : eq(platforms.id, query.platformId),
        query.trackId === undefined ? undefined : exists(used),
      ),
    )
    .orderBy(asc(platforms.slug))
    .limit(query.limitPerKind);
  return rows.map((row) => ({ ...row, kind: 'no_code', trackUuid: null, trackName: null, from: null, to: null, size: null }));
}

/** Every check over the stored series, each one set-based statement, run one after the other. */
export async function findSeriesProblems(db: Database, query: FindingsQuery): Promise<FindingsReport> {
  const today = todayUtc(query.now);
  const found: Record<FindingKind, Row[]> = {
    falling: await falling(db, query),
    flat: await flat(db, query),
    gap: await gaps(db, query),
    future: await future(db, query, today),
    never_fetched: await neverFetched(db, query),
    no_code: await withoutCode(db, query),
  };
  const counts = Object.fromEntries(findingKinds.map((kind) => [kind, found[kind][0]?.total ?? 0])) as Record<FindingKind, number>;
  const findings = findingKinds.flatMap((kind) => found[kind].map(({ total: _total, ...finding }) => finding));
  return { today, flatDays: query.flatDays, gapDays: query.gapDays, counts, findings };
}
