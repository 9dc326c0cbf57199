import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { ingestPairState, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { recordAudit } from '@/lib/operations/audit-log';
import { requirePlatforms } from './lookups';

const label = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), `${what} must not contain control characters`);

/** What an admin may change of a platform; the slug is its identity in URLs and is not editable. */
export const platformEditSchema = z.object({
  name: label('The name', 60),
  audienceMetricName: label('The metric name', 40),
  // Empty: the slug, hyphenated, is asked for (as the processor does); otherwise SoundCharts' own form.
  platformIdentifier: z
    .string()
    .trim()
    .max(64, 'The SoundCharts code must be at most 64 characters')
    .regex(/^$|^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'The SoundCharts code must be lowercase words joined by hyphens, like apple-music'),
  color: z
    .string()
    .trim()
    .transform((value) => value.toLowerCase())
    .pipe(z.string().regex(/^#[0-9a-f]{6}$/, 'The colour must be a hex colour like #3b82f6')),
});
export type PlatformEdit = z.output<typeof platformEditSchema>;

type CodeChangeImpact = { pairs: number; points: number };

/** The series fetched with the platform's current code: what a new code would make stale. */
async function codeChangeImpact(db: Database, platformId: number): Promise<CodeChangeImpact> {
  const [points] = await db.select({ value: count() }).from(series).where(eq(series.platformId, platformId));
  const [pairs] = await db.select({ value: count() }).from(ingestPairState).where(eq(ingestPairState.platformId, platformId));
  const [withData] = await db
    .select({ value: sql<number>`count(distinct ${series.trackId})`.mapWith(Number) })
    .from(series)
    .where(eq(series.platformId, platformId));
  return { pairs: Math.max(pairs?.value ?? 0, withData?.value ?? 0), points: points?.value ?? 0 };
}

export type PlatformEditResult = { slug: string; changed: string[]; codeChange: (CodeChangeImpact & { from: string; to: string }) | undefined };

const fields: ReadonlyArray<[keyof PlatformEdit, string]> = [
  ['name', 'name'],
  ['audienceMetricName', 'metric name'],
  ['platformIdentifier', 'SoundCharts code'],
  ['color', 'colour'],
];

/** Changes a platform and records it in the admin audit, in one transaction; says what a new SoundCharts code affects. */
export async function editPlatform(db: Database, input: { slug: string; edit: PlatformEdit; admin: string; now?: Date }): Promise<PlatformEditResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [platform] = await requirePlatforms(tx, [input.slug]);
    if (!platform) throw new AppError('not_found', `Platform '${input.slug}' not found`);
    const changed = fields.filter(([key]) => platform[key] !== input.edit[key]);
    if (changed.length === 0) return { slug: platform.slug, changed: [], codeChange: undefined };
    const codeChange =
      platform.platformIdentifier !== input.edit.platformIdentifier
        ? { from: platform.platformIdentifier, to: input.edit.platformIdentifier, ...(await codeChangeImpact(tx, platform.id)) }
        : undefined;
    await tx.update(platforms).set({ ...input.edit, updatedAt: now }).where(eq(platforms.id, platform.id));
    const before = Object.fromEntries(changed.map(([key]) => [key, platform[key]]));
    const after = Object.fromEntries(changed.map(([key]) => [key, input.edit[key]]));
    const affects = codeChange
      ? `; ${codeChange.points.toLocaleString('en-US')} stored days of ${codeChange.pairs} tracks were fetched with the old code`
      : '';
    await recordAudit(
      tx,
      {
        admin: input.admin,
        action: 'edit_platform',
        target: platform.slug,
        summary: `Changed ${changed.map(([, name]) => name).join(', ')} of ${platform.name}${affects}`,
        detail: { before, after, ...(codeChange ? { codeChange } : {}) },
      },
      now,
    );
    // A reply names the platform and draws it in its colour: every track with data there has new replies.
    const shown = await tx
      .select({ trackId: tracks.id })
      .from(tracks)
      .where(sql`exists (select 1 from ${series} s where s.track_id = ${tracks.id} and s.platform_id = ${platform.id})`);
    await recordAudienceChanges(tx, shown.map(({ trackId }) => ({ trackId, platformId: platform.id })));
    return { slug: platform.slug, changed: changed.map(([, name]) => name), codeChange };
  });
}

/** Stored days and tracks per platform id, in one pass grouped by the platform-first index. */
export async function platformUsage(db: Database): Promise<Map<number, { points: number; tracks: number }>> {
  const rows = await db
    .select({
      platformId: series.platformId,
      points: count(),
      tracks: sql<number>`count(distinct ${series.trackId})`.mapWith(Number),
    })
    .from(series)
    .groupBy(series.platformId);
  return new Map(rows.map((row) => [row.platformId, { points: row.points, tracks: row.tracks }]));
}
