import type { NextRequest } from 'next/server';
import { getDb, getReadDb } from '@/db/client';
import type { Database } from '@/db/client';
import { logger } from '@/lib/logger';
import { ensureChangeFeed } from '@/lib/live/change-feed';
import { matchesIfNoneMatch, strongEtag } from '@/lib/live/etag';
import { ReplyCache } from '@/lib/live/reply-cache';
import { replayedVersions, trackVersions } from '@/lib/live/versions';
import type { TrackVersion } from '@/lib/live/versions';

/**
 * Browsers revalidate every time (a 304 costs no query); a shared cache serves a reply for a minute
 * and a minute more while it revalidates in the background. Ingestion changes a pair at most hourly
 * (the cron) or when an admin refreshes it, so a shared cache shows a change at most two minutes late
 * and absorbs nearly every repeat in between. The app itself is never stale; open pages are told at once.
 */
const SHARED_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';

// Bump when the bytes of a reply change for the same data and parameters without a new build.
const REPLY_FORMAT = 'r1';
// Inlined by next.config.mjs at build time: a new deployment never answers 304 to another's ETag.
const BUILD_ID = process.env.AUDIENCE_BUILD_ID ?? 'development';
const REPLY_CACHE_BYTES = 64 * 1024 * 1024;
const keptHeaders = ['content-type', 'content-disposition'];

const holder = globalThis as typeof globalThis & { __audienceReplies?: ReplyCache };
const replies = (holder.__audienceReplies ??= new ReplyCache(REPLY_CACHE_BYTES));

export type CacheableReply = {
  /** The route and its parsed parameters, normalised: two requests for the same reply give the same key. */
  key: string;
  /** The tracks whose data the reply is built from. */
  trackUuids: readonly string[];
  /** Builds the reply from `db` (runs the query); called only when neither the client nor this process has it. */
  build: (db: Database) => Promise<Response>;
};

/**
 * A chart, compare or insights reply with its strong ETag and shared-cache headers, answered 304 when
 * If-None-Match holds the current ETag and from this process's cache when it has the reply, in both
 * cases without running the query. The versions come from lib/live/versions.ts (memory, or one indexed
 * read at most every two seconds per track). An unknown track is left to build(), which answers 404.
 */
export async function cachedReply(request: NextRequest, reply: CacheableReply): Promise<Response> {
  ensureChangeFeed().catch((error: unknown) => logger().warn({ err: error }, 'audience change feed not started'));
  const versions = await trackVersions(await getDb(), reply.trackUuids);
  const validFor: string[] = [];
  for (const uuid of reply.trackUuids) {
    const version = versions.get(uuid);
    if (!version) return reply.build(await getDb());
    validFor.push(`${version.trackId}:${version.version}`);
  }
  const validity = validFor.join(',');
  const hit = replies.get(reply.key, validity);
  const etag = hit?.etag ?? strongEtag([BUILD_ID, REPLY_FORMAT, reply.key, validity]);
  const caching = { ETag: etag, 'Cache-Control': SHARED_CACHE_CONTROL };
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: caching });
  if (hit) return new Response(hit.body, { headers: { ...hit.headers, ...caching } });
  const built = await reply.build(await readerHolding(versions));
  if (built.status !== 200) return built;
  const body = new Uint8Array(await built.arrayBuffer());
  const headers: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = built.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  replies.set(reply.key, validity, { etag, body, headers });
  return new Response(body, { headers: { ...headers, ...caching } });
}

/**
 * A replica that has replayed at least the versions the reply is cached under, else the primary: a
 * replica lagging behind a change this process already knows of would otherwise fill the cache with
 * the data before it, under the version after it, until the track's next change.
 */
async function readerHolding(versions: ReadonlyMap<string, TrackVersion>): Promise<Database> {
  const [reader, primary] = await Promise.all([getReadDb(), getDb()]);
  if (reader === primary) return primary;
  return (await replayedVersions(reader, versions)) ? reader : primary;
}

/** A cache key from a route name and its parsed inputs (zod output: keys in schema order, defaults applied). */
export function replyKey(route: string, inputs: Record<string, unknown>): string {
  return `${route} ${JSON.stringify(inputs)}`;
}
