import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export type RateLimitRule = { key: string; limit: number; describe: string };

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; rule: RateLimitRule };

export type RateLimitOptions = {
  windowSeconds: number;
  /** How many calls this one counts for ("refresh all" spends one per platform). */
  cost?: number;
  /** The clock to count by; the database's own clock by default, so that every instance agrees. */
  now?: Date;
};

/**
 * Counts one call against every rule in one statement and says whether all of them still allow it.
 * Windows are fixed and aligned on the epoch, so every instance computes the same window; the
 * upsert takes a row lock per key, so concurrent calls never lose a count. A refused call counts
 * too: hammering does not buy an earlier slot, and the window still ends on time.
 */
export async function takeRateLimit(
  db: Database,
  rules: readonly RateLimitRule[],
  options: RateLimitOptions,
): Promise<RateLimitDecision> {
  if (rules.length === 0) return { allowed: true };
  const window = Math.max(1, Math.floor(options.windowSeconds));
  const cost = Math.max(1, Math.floor(options.cost ?? 1));
  const now: SQL = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  const windowStart = sql`to_timestamp(floor(extract(epoch from ${now}) / ${window}) * ${window})`;
  // One row per key, in a fixed order: two calls locking the same keys cannot deadlock.
  const byKey = new Map(rules.map((rule) => [rule.key, rule]));
  const keys = [...byKey.keys()].sort();

  const counted = await db
    .insert(rateLimits)
    .values(keys.map((key) => ({ key, windowStartedAt: windowStart, hits: cost })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${rateLimits.windowStartedAt} = excluded.window_started_at
          then ${rateLimits.hits} + excluded.hits else excluded.hits end`,
        windowStartedAt: sql`excluded.window_started_at`,
      },
    })
    .returning({
      key: rateLimits.key,
      hits: rateLimits.hits,
      retryAfterSeconds: sql<number>`ceil(extract(epoch from ${rateLimits.windowStartedAt}) + ${window} - extract(epoch from ${now}))::int`,
    });

  let refusal: RateLimitDecision = { allowed: true };
  for (const row of counted) {
    const rule = byKey.get(row.key);
    if (!rule || row.hits <= rule.limit) continue;
    const retryAfterSeconds = Math.max(1, Number(row.retryAfterSeconds));
    if (refusal.allowed || retryAfterSeconds > refusal.retryAfterSeconds) refusal = { allowed: false, retryAfterSeconds, rule };
  }
  return refusal;
}

export type QuotaSpendingAction = 'refresh' | 'add_track';

const actionLabels: Record<QuotaSpendingAction, string> = { refresh: 'refreshes', add_track: 'track additions' };

function windowInWords(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/**
 * Who a caller of the bearer routes is, for the per-admin limits: ADMIN_TOKEN names one admin, the
 * same one its sign-in sessions carry (lib/admin-session.ts), so routes and actions share a count.
 */
export const BEARER_ADMIN = 'admin';

/** The configured limits of one admin action: one counter per admin, one per track. */
function adminActionRules(action: QuotaSpendingAction, admin: string, trackUuid: string): RateLimitRule[] {
  const settings = env();
  const [perAdmin, perTrack] =
    action === 'refresh'
      ? [settings.RATE_LIMIT_REFRESH_PER_ADMIN, settings.RATE_LIMIT_REFRESH_PER_TRACK]
      : [settings.RATE_LIMIT_ADD_TRACK_PER_ADMIN, settings.RATE_LIMIT_ADD_TRACK_PER_TRACK];
  return [
    { key: `${action}:admin:${admin}`, limit: perAdmin, describe: `by this admin` },
    { key: `${action}:track:${trackUuid}`, limit: perTrack, describe: `of track ${trackUuid}` },
  ];
}

/**
 * Refuses a refresh or add-track call beyond its limits with a rate_limited error (429 with
 * Retry-After) that says which limit was reached. Call it after validating the input and before
 * spending any SoundCharts quota.
 */
export async function enforceAdminRateLimit(
  db: Database,
  action: QuotaSpendingAction,
  caller: { admin: string; trackUuid: string; cost?: number },
): Promise<void> {
  const windowSeconds = env().RATE_LIMIT_WINDOW_SECONDS;
  const decision = await takeRateLimit(db, adminActionRules(action, caller.admin, caller.trackUuid), {
    windowSeconds,
    cost: caller.cost,
  });
  if (decision.allowed) return;
  throw new AppError(
    'rate_limited',
    `Too many ${actionLabels[action]} ${decision.rule.describe}: at most ${decision.rule.limit} per ${windowInWords(windowSeconds)}; try again in ${decision.retryAfterSeconds} s`,
    { retryAfterSeconds: decision.retryAfterSeconds },
  );
}

/** Refuses an admin page change (a platform edit, a track removal) beyond RATE_LIMIT_ADMIN_EDITS_PER_ADMIN per window. */
export async function enforceAdminEditRateLimit(db: Database, admin: string): Promise<void> {
  const { RATE_LIMIT_WINDOW_SECONDS: windowSeconds, RATE_LIMIT_ADMIN_EDITS_PER_ADMIN: limit } = env();
  const decision = await takeRateLimit(db, [{ key: `admin_edit:admin:${admin}`, limit, describe: 'by this admin' }], { windowSeconds });
  if (decision.allowed) return;
  throw new AppError(
    'rate_limited',
    `Too many changes ${decision.rule.describe}: at most ${limit} per ${windowInWords(windowSeconds)}; try again in ${decision.retryAfterSeconds} s`,
    { retryAfterSeconds: decision.retryAfterSeconds },
  );
}
