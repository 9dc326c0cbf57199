import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { platformSlugSchema } from '@/lib/identifiers';

/**
 * The track list: search, sort and one page of tracks with, for each platform a track has data on,
 * its latest value and its change over 7 and 28 days. One query answers a page: the total, the
 * page's tracks and their per-platform figures. The figures are kept per pair in
 * track_list_figures by the database itself (triggers on the series and the identifiers, migration
 * 0009), so a sort by a figure over 10,000 tracks reads a row a track.
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

// Whitelisted: the parsed sort key picks one of these fragments, never text from the URL.
const sortExpressions: Record<TrackSortKey, SQL> = {
  title: sql.raw('lower(f.name)'),
  artist: sql.raw('lower(f.credit_name)'),
  released: sql.raw('f.release_date'),
  latest: sql.raw('k.latest_value'),
  change7: sql.raw('k.change7'),
  change28: sql.raw('k.change28'),
};

export async function listTracks(db: Database, query: TrackListQuery): Promise<TrackListPage> {
  const search = query.q ? likePattern(query.q) : null;
  const direction = sql.raw(query.dir === 'asc' ? 'asc' : 'desc');
  const metricJoin = metricSortKeys.includes(query.sort)
    ? sql`left join track_list_figures k on k.track_id = f.id and k.platform_id = (select id from platforms where slug = ${query.platform})`
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
      select p.id as platform_id, p.slug, p.name as platform_name, p.audience_metric_name as metric_name, p.color,
        k.latest_date as date, k.latest_value as value, k.change7, k.change28
      from track_list_figures k
      join platforms p on p.id = k.platform_id
      where k.track_id = r.id
    ) x on true
    order by r.position, x.platform_id`;

  const result = await db.execute(statement);
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
