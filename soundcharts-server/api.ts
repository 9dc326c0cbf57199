import { z } from 'zod';
import { addDays, daysBetween, isoDateSchema } from '@/lib/dates';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { demoDays } from '@/lib/demo/plots';
import type { DemoDay } from '@/lib/demo/plots';
import { hashSeed } from '@/lib/demo/seeded-random';
import { describeIssues } from '@/lib/validation';
import { catalogueSlugForCode, codesWithoutDocumentedSongAudience, referentialPlatforms } from './platforms';

/** The SoundCharts endpoints over the catalogue, as plain functions from a request to a status and a JSON body. */

export type ApiReply = { status: number; body: unknown };

export const MAX_LIMIT = 100;
const DEFAULT_PERIOD_DAYS = 30;

export function apiError(status: number, key: string, message: string): ApiReply {
  return { status, body: { errors: [{ key, code: status, message }] } };
}

const pageQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).default(MAX_LIMIT),
});

const audienceQuerySchema = pageQuerySchema.extend({
  startDate: isoDateSchema.optional(),
  endDate: isoDateSchema.optional(),
});

type PageQuery = z.infer<typeof pageQuerySchema>;

function page(path: string, query: PageQuery, total: number, params: Record<string, string> = {}) {
  const link = (offset: number): string =>
    `${path}?${new URLSearchParams({ ...params, offset: String(offset), limit: String(query.limit) })}`;
  return {
    offset: query.offset,
    limit: query.limit,
    next: query.offset + query.limit < total ? link(query.offset + query.limit) : null,
    previous: query.offset > 0 ? link(Math.max(0, query.offset - query.limit)) : null,
    total,
  };
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const midnight = (date: string): string => `${date}T00:00:00+00:00`;

/** Days from this one on are dated at Paris midnight; older days at UTC midnight. */
const LOCAL_OFFSET_ERA = '2026-01-01';
const parisOffset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });

/**
 * An audience item's date as SoundCharts writes it: local midnight with an offset that differs by
 * era (+00:00, +01:00, +02:00), so that a client converting to UTC would land on the previous day.
 */
function audienceItemDate(date: string): string {
  if (date < LOCAL_OFFSET_ERA) return midnight(date);
  const zone = parisOffset.formatToParts(new Date(`${date}T12:00:00Z`)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = /^GMT([+-]\d{2}:\d{2})$/.exec(zone)?.[1] ?? '+00:00';
  return `${date}T00:00:00${offset}`;
}

/** From `from` on, the series' cumulative value is multiplied by `factor`, as when SoundCharts switches a track id. */
export type SeriesDrop = { trackUuid: string; platformSlug: string; from: string; factor: number };

function withDrops(days: DemoDay[], drops: readonly SeriesDrop[]): DemoDay[] {
  if (drops.length === 0) return days;
  return days.map((day) => {
    const factor = drops.filter((drop) => day.date >= drop.from).reduce((product, drop) => product * drop.factor, 1);
    return factor === 1 ? day : { date: day.date, plots: day.plots.map((plot) => ({ identifier: plot.identifier, value: Math.round(plot.value * factor) })) };
  });
}

export type SoundchartsApiOptions = {
  catalogue: readonly CatalogueTrack[];
  today: () => string;
  /** Whether audience is served only for the platforms SoundCharts documents a song series for. */
  documentedPlatformsOnly: () => boolean;
  /** The longest audience period answered, as deployments before 2025-11-14 had (90); undefined for no limit. */
  maxPeriodDays: () => number | undefined;
  /** Series whose cumulative total falls on a day. */
  drops?: readonly SeriesDrop[];
};

export function createSoundchartsApi({ catalogue, today, documentedPlatformsOnly, maxPeriodDays, drops = [] }: SoundchartsApiOptions) {
  const tracks = new Map(catalogue.map((track) => [track.uuid, track]));
  // A paginated or windowed fetch asks for the same series several times in a row.
  const seriesCache = new Map<string, DemoDay[]>();

  function series(track: CatalogueTrack, slug: string, endDate: string): DemoDay[] {
    const key = `${track.uuid}:${slug}:${endDate}`;
    let points = seriesCache.get(key);
    if (!points) {
      points = withDrops(
        demoDays(track, slug, endDate),
        drops.filter((drop) => drop.trackUuid === track.uuid && drop.platformSlug === slug),
      );
      if (seriesCache.size >= 256) seriesCache.delete(seriesCache.keys().next().value ?? key);
      seriesCache.set(key, points);
    }
    return points;
  }

  function invalidQuery(error: z.ZodError): ApiReply {
    return apiError(400, 'request.invalid', `Invalid request: ${describeIssues(error)}`);
  }

  function song(uuid: string, origin: string): ApiReply {
    const track = tracks.get(uuid);
    if (!track) return apiError(404, 'song.not_found', `Song ${uuid} not found`);
    const artistUuid = `${hashSeed(track.creditName).toString(16).padStart(8, '0')}-0000-11e9-9375-549f35161576`;
    return {
      status: 200,
      body: {
        type: 'song',
        object: {
          uuid: track.uuid,
          name: track.name,
          creditName: track.creditName,
          isrc: { value: track.isrc, countryCode: track.isrc.slice(0, 2) },
          releaseDate: midnight(track.releaseDate),
          imageUrl: `${origin}/images/${track.uuid}.svg`,
          duration: 120 + (hashSeed(track.uuid) % 180),
          explicit: false,
          artists: [{ uuid: artistUuid, slug: track.creditName.toLowerCase().replace(/\W+/g, '-'), name: track.creditName }],
          genres: [{ root: 'pop', sub: [] }],
          labels: [{ name: 'Audience Demo Records', type: 'Independent' }],
        },
        errors: [],
      },
    };
  }

  function audience(uuid: string, code: string, search: URLSearchParams): ApiReply {
    const track = tracks.get(uuid);
    if (!track) return apiError(404, 'song.not_found', `Song ${uuid} not found`);
    const slug = catalogueSlugForCode(code);
    const undocumented = documentedPlatformsOnly() && codesWithoutDocumentedSongAudience.has(code);
    if (!slug || undocumented) return apiError(400, 'platform.invalid', `Invalid platform code "${code}"`);
    const parsed = audienceQuerySchema.safeParse(Object.fromEntries(search));
    if (!parsed.success) return invalidQuery(parsed.error);
    const endDate = parsed.data.endDate ?? today();
    const startDate = parsed.data.startDate ?? addDays(endDate, -DEFAULT_PERIOD_DAYS);
    if (startDate > endDate) {
      return apiError(400, 'period.invalid', `Invalid period: startDate ${startDate} is after endDate ${endDate}`);
    }
    const maxDays = maxPeriodDays();
    if (maxDays !== undefined && daysBetween(startDate, endDate) + 1 > maxDays) {
      return apiError(400, 'period.too_long', `Invalid period: ${startDate} to ${endDate} is longer than ${maxDays} days`);
    }
    // Copies of the cached plots: a fault rewrites a reply's values in place.
    const points = series(track, slug, today())
      .filter((point) => point.date >= startDate && point.date <= endDate)
      .reverse();
    const { offset, limit } = parsed.data;
    return {
      status: 200,
      body: {
        related: { uuid: track.uuid, name: track.name, creditName: track.creditName },
        items: points.slice(offset, offset + limit).map((point) => ({ date: audienceItemDate(point.date), plots: point.plots.map((plot) => ({ ...plot })) })),
        page: page(`/api/v2/song/${uuid}/audience/${code}`, parsed.data, points.length, { startDate, endDate }),
        errors: [],
      },
    };
  }

  function platforms(search: URLSearchParams): ApiReply {
    const parsed = pageQuerySchema.safeParse(Object.fromEntries(search));
    if (!parsed.success) return invalidQuery(parsed.error);
    const { offset, limit } = parsed.data;
    return {
      status: 200,
      body: {
        items: referentialPlatforms.slice(offset, offset + limit),
        page: page('/api/v2/referential/platforms', parsed.data, referentialPlatforms.length),
        errors: [],
      },
    };
  }

  /** Answers an authenticated API request; `origin` is where this server is reached, for image URLs. */
  function handle(url: URL, origin: string): ApiReply {
    const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
    const [api, version, resource, id, sub, code, ...rest] = segments;
    if (api === 'api' && rest.length === 0) {
      if (version === 'v2.25' && resource === 'song' && id && !sub) return song(id.toLowerCase(), origin);
      if (version === 'v2' && resource === 'song' && id && sub === 'audience' && code) {
        return audience(id.toLowerCase(), code, url.searchParams);
      }
      if (version === 'v2' && resource === 'referential' && id === 'platforms' && !sub) return platforms(url.searchParams);
    }
    return apiError(404, 'route.not_found', `No endpoint at ${url.pathname}`);
  }

  return { handle, track: (uuid: string): CatalogueTrack | undefined => tracks.get(uuid.toLowerCase()) };
}
