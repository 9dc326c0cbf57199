import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { platformSlugSchema } from '@/lib/identifiers';

/**
 * The track list: search, sort and one page of tracks with, for each platform a track has data on,
 * its latest value and its change over 7 and 28 days. One query answers a page: the total, the
 * page's tracks and their per-platform figures. Only the page's tracks (25) get the per-platform
 * figures; a sort by a platform's figure computes that one figure for every matching track, each
 * a backward scan of the (track, platform, date) key, so 10,000 tracks stay fast.
 *
 * "Change over 7 days" is the latest value minus the value 7 days before the latest day. When that
 * day is missing, the closest earlier day within another week stands in; beyond that the change is
 * unknown (null) rather than a figure over some longer, unstated period. Same for 28 days. A
 * version of the song added in between is not part of the change, as on the track page's daily change.
 */

export const TRACKS_PER_PAGE = 25;

const trackSortKeys = ['title', 'artist', 'released', 'latest', 'change7', 'change28'] as const;
export type TrackSortKey = (typeof trackSortKeys)[number];
export const metricSortKeys: readonly TrackSortKey[] = ['latest', 'change7', 'change28'];

export type TrackListQuery = {
  q: string;
  sort: TrackSortKey;
  dir: 'asc' | 'desc';
  platform: string;
  page: number;
};

export const DEFAULT_TRACK_LIST_QUERY: TrackListQuery = { q: '', sort: 'title', dir: 'asc', platform: 'spotify', page: 1 };

/** Largest descending first for figures and dates, A to Z for names, unless the URL says otherwise. */
export function defaultDirection(sort: TrackSortKey): 'asc' | 'desc' {
  return sort === 'title' || sort === 'artist' ? 'asc' : 'desc';
}

const single = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

const listSchema = z.object({
  q: z
    .preprocess(single, z.string().trim().max(100).default(''))
    .catch(''),
  sort: z.preprocess(single, z.enum(trackSortKeys).optional()).catch(undefined),
  dir: z.preprocess(single, z.enum(['asc', 'desc']).optional()).catch(undefined),
  platform: z.preprocess(single, platformSlugSchema.default(DEFAULT_TRACK_LIST_QUERY.platform)).catch(DEFAULT_TRACK_LIST_QUERY.platform),
  page: z
    .preprocess(single, z.coerce.number().int().min(1).max(100_000).default(1))
    .catch(1),
});

/** The list's URL parameters; anything malformed falls back to its default. */
export function parseTrackListQuery(searchParams: Record<string, string | string[] | undefined>): TrackListQuery {
  const parsed = listSchema.parse(searchParams);
  const sort = parsed.sort ?? DEFAULT_TRACK_LIST_QUERY.sort;
  return { q: parsed.q, sort, dir: parsed.dir ?? defaultDirection(sort), platform: parsed.platform, page: parsed.page };
}

export function trackListQueryString(query: TrackListQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.sort !== DEFAULT_TRACK_LIST_QUERY.sort) params.set('sort', query.sort);
  if (query.dir !== defaultDirection(query.sort)) params.set('dir', query.dir);
  if (metricSortKeys.includes(query.sort) && query.platform !== DEFAULT_TRACK_LIST_QUERY.platform) {
    params.set('platform', query.platform);
  }
  if (query.page !== 1) params.set('page', String(query.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

type PlatformFigures = {
  slug: string;
  name: string;
  metricName: string;
  color: string;
  latestDate: string;
  latest: number;
  change7: number | null;
  change28: number | null;
};

export type TrackListRow = {
  uuid: string;
  name: string;
  creditName: string;
  imageUrl: string | null;
  releaseDate: string | null;
  platforms: PlatformFigures[];
};

export type TrackListPage = { total: number; page: number; pageCount: number; rows: TrackListRow[] };

const nullableNumber = z.coerce.number().nullable();
const rowSchema = z.object({
  total: z.coerce.number().int(),
  position: z.coerce.number().int().nullable(),
  uuid: z.string().nullable(),
  name: z.string().nullable(),
  credit_name: z.string().nullable(),
  image_url: z.string().nullable(),
  release_date: z.string().nullable(),
  slug: z.string().nullable(),
  platform_name: z.string().nullable(),
  metric_name: z.string().nullable(),
  color: z.string().nullable(),
  latest_date: z.string().nullable(),
  latest: nullableNumber,
  change7: nullableNumber,
  change28: nullableNumber,
});

/** `like` treats % and _ as wildcards; a search for "100%" means the characters. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

// Both drivers answer execute() differently: postgres.js with an array, PGlite with { rows }.
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? rows : [];
}

/**
 * The lifetime totals of the versions added to a pair after `since` and up to `until`: they entered
 * the total on one day, and a change counts only what the versions gained.
 */
function versionsAddedBetween(trackRef: SQL, platformRef: SQL, since: SQL, until: SQL): SQL {
  return sql`coalesce((
    select sum(added.first_value) from track_audience_identifiers added
    where added.track_id = ${trackRef} and added.platform_id = ${platformRef} and added.first_date > ${since} and added.first_date <= ${until}
      and added.first_date > (select min(known.first_date) from track_audience_identifiers known
                              where known.track_id = ${trackRef} and known.platform_id = ${platformRef})), 0)`;
}

/** The latest value of one track on one platform and its changes over 7 and 28 days; no row without data. */
function figuresLateral(trackRef: SQL, platformRef: SQL): SQL {
  return sql`
    select l.date, l.value,
      l.value - w7.value - ${versionsAddedBetween(trackRef, platformRef, sql`w7.date`, sql`l.date`)} as change7,
      l.value - w28.value - ${versionsAddedBetween(trackRef, platformRef, sql`w28.date`, sql`l.date`)} as change28
    from (
      select s.date, s.audience_value as value from track_audience_time_series s
      where s.track_id = ${trackRef} and s.platform_id = ${platformRef}
      order by s.date desc limit 1
    ) l
    left join lateral (
      select s.date, s.audience_value as value from track_audience_time_series s
      where s.track_id = ${trackRef} and s.platform_id = ${platformRef}
        and s.date <= l.date - 7 and s.date >= l.date - 14
      order by s.date desc limit 1
    ) w7 on true
    left join lateral (
      select s.date, s.audience_value as value from track_audience_time_series s
      where s.track_id = ${trackRef} and s.platform_id = ${platformRef}
        and s.date <= l.date - 28 and s.date >= l.date - 35
      order by s.date desc limit 1
    ) w28 on true`;
}

// Whitelisted: the parsed sort key picks one of these fragments, never text from the URL.
const sortExpressions: Record<TrackSortKey, SQL> = {
  title: sql.raw('lower(f.name)'),
  artist: sql.raw('lower(f.credit_name)'),
  released: sql.raw('f.release_date'),
  latest: sql.raw('k.value'),
  change7: sql.raw('k.change7'),
  change28: sql.raw('k.change28'),
};

export async function listTracks(db: Database, query: TrackListQuery): Promise<TrackListPage> {
  const search = query.q ? likePattern(query.q) : null;
  const direction = sql.raw(query.dir === 'asc' ? 'asc' : 'desc');
  const metricJoin = metricSortKeys.includes(query.sort)
    ? sql`left join lateral (${figuresLateral(sql`f.id`, sql`(select id from platforms where slug = ${query.platform})`)}) k on true`
    : sql``;
  // Ties (and tracks without the figure, always last) keep a stable order by title, then id.
  const order = sql`${sortExpressions[query.sort]} ${direction} nulls last, lower(f.name), f.id`;

  const statement = sql`
    with filtered as (
      select t.id, t.uuid, t.name, t.credit_name, t.image_url, t.release_date
      from tracks t
      where ${search}::text is null or t.name ilike ${search} or t.credit_name ilike ${search}
    ),
    paged as (
      select f.*, row_number() over (order by ${order}) as position
      from filtered f
      ${metricJoin}
      order by ${order}
      limit ${TRACKS_PER_PAGE} offset ${(query.page - 1) * TRACKS_PER_PAGE}
    )
    select c.total, r.position, r.uuid::text as uuid, r.name, r.credit_name, r.image_url,
      r.release_date::text as release_date,
      x.slug, x.platform_name, x.metric_name, x.color,
      x.date::text as latest_date, x.value::float8 as latest,
      x.change7::float8 as change7, x.change28::float8 as change28
    from (select count(*)::int as total from filtered) c
    left join paged r on true
    left join lateral (
      select p.id as platform_id, p.slug, p.name as platform_name, p.audience_metric_name as metric_name, p.color, f.*
      from platforms p
      cross join lateral (${figuresLateral(sql`r.id`, sql`p.id`)}) f
    ) x on true
    order by r.position, x.platform_id`;

  const result = await db.transaction(async (tx) => {
    // The planner prices 10,000 lateral probes high enough to JIT-compile them, which costs more
    // (tens of ms) than the probes themselves.
    await tx.execute(sql`set local jit = off`);
    return tx.execute(statement);
  });
  const rows = z.array(rowSchema).parse(rowsOf(result));
  const total = rows[0]?.total ?? 0;
  const tracks = new Map<string, TrackListRow>();
  for (const row of rows) {
    if (row.uuid === null || row.name === null) continue;
    let track = tracks.get(row.uuid);
    if (!track) {
      track = {
        uuid: row.uuid,
        name: row.name,
        creditName: row.credit_name ?? '',
        imageUrl: row.image_url,
        releaseDate: row.release_date,
        platforms: [],
      };
      tracks.set(row.uuid, track);
    }
    if (row.slug !== null && row.latest_date !== null && row.latest !== null) {
      track.platforms.push({
        slug: row.slug,
        name: row.platform_name ?? row.slug,
        metricName: row.metric_name ?? '',
        color: row.color ?? '#64748b',
        latestDate: row.latest_date,
        latest: row.latest,
        change7: row.change7,
        change28: row.change28,
      });
    }
  }
  return {
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / TRACKS_PER_PAGE)),
    rows: [...tracks.values()],
  };
}

/** Platforms that hold at least one point for any track, in catalogue order: the choices for sorting by a figure. */
export async function platformsInUse(db: Database): Promise<{ slug: string; name: string }[]> {
  const result = await db.execute(sql`
    select p.slug, p.name from platforms p
    where exists (select 1 from track_audience_time_series s where s.platform_id = p.id)
    order by p.id`);
  return z.array(z.object({ slug: z.string(), name: z.string() })).parse(rowsOf(result));
}
