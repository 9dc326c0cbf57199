import { readOptions } from './command-line';
import { z } from 'zod';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { UsageError } from './usage-error';

export const usage = `Usage: npm run fetch-audience -- <mode> [options]

Modes (pick one):
  --track-uuid <uuid> --platform <platforms>    one track (imported from SoundCharts first if new)
  --all-tracks --platform <platforms> [--limit 50]
                                                the first <limit> tracks, in the order they were added
  [--limit 100] [--platform <platforms>]        stale tracks: the <limit> most overdue, each with its
                                                stale pairs (never fetched first, then those last
                                                fetched more than 7 days ago); without --platform: the
                                                INGEST_DEFAULT_PLATFORMS of every track and any pair
                                                fetched before
  --list-failed [--limit 20]                    failed ingest runs, newest first

Options:
  --platform <platforms>   a slug, a comma list (spotify,apple_music) or "all"
  --force-refresh          fetch even pairs fetched in the last 24 hours (from their last stored day)
  --full-history           refetch the whole AUDIENCE_HISTORY_DAYS window (implies --force-refresh):
                           a billed SoundCharts call per 100 days, per pair
  --concurrency <n>        pairs fetched at once (default INGEST_CONCURRENCY)
  --json                   print JSON on stdout instead of a table
  --help                   show this help

Exit status: 0 when every pair succeeded or was skipped, 1 when any failed, 2 on a usage error.
Uses DATABASE_URL when set, else the embedded database in PGLITE_DIR.`;

export type PlatformChoice = { kind: 'all' } | { kind: 'slugs'; slugs: string[] };
type Output = { json: boolean };
type Fetching = Output & { forceRefresh: boolean; fullHistory: boolean; concurrency: number | undefined };

export type FetchAudienceCommand =
  | { mode: 'help' }
  | (Output & { mode: 'list-failed'; limit: number })
  | (Fetching & { mode: 'track'; trackUuid: string; platforms: PlatformChoice })
  | (Fetching & { mode: 'all-tracks'; limit: number; platforms: PlatformChoice })
  | (Fetching & { mode: 'stale'; limit: number; platforms: PlatformChoice | undefined });

const count = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a positive whole number`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`));

const platformsSchema = z
  .string()
  .transform((value) => value.split(',').map((slug) => slug.trim()).filter((slug) => slug.length > 0))
  .pipe(z.array(z.string()).min(1, 'give at least one platform slug, or "all"'))
  .transform((slugs, context): PlatformChoice => {
    if (slugs.includes('all')) {
      if (slugs.length > 1) context.addIssue({ code: 'custom', message: '"all" cannot be combined with other platforms' });
      return { kind: 'all' };
    }
    for (const slug of slugs) {
      const parsed = platformSlugSchema.safeParse(slug);
      if (!parsed.success) context.addIssue({ code: 'custom', message: `"${slug}" ${parsed.error.issues[0]?.message ?? 'is not a slug'}` });
    }
    return { kind: 'slugs', slugs: [...new Set(slugs)] };
  });

const valuesSchema = z.object({
  'track-uuid': trackUuidSchema.optional(),
  platform: platformsSchema.optional(),
  'all-tracks': z.boolean().default(false),
  'force-refresh': z.boolean().default(false),
  'full-history': z.boolean().default(false),
  'list-failed': z.boolean().default(false),
  limit: count('--limit', 100_000).optional(),
  concurrency: count('--concurrency', 32).optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

/** Reads the command line; anything wrong is a UsageError that says what. */
export function parseFetchAudienceArgs(argv: readonly string[]): FetchAudienceCommand {
  const { options, given } = readOptions(argv, {
    'track-uuid': { type: 'string' },
    platform: { type: 'string' },
    'all-tracks': { type: 'boolean' },
    'force-refresh': { type: 'boolean' },
    'full-history': { type: 'boolean' },
    'list-failed': { type: 'boolean' },
    limit: { type: 'string' },
    concurrency: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, valuesSchema);
  if (options.help) return { mode: 'help' };

  const modes = [options['track-uuid'] !== undefined && '--track-uuid', options['all-tracks'] && '--all-tracks', options['list-failed'] && '--list-failed'].filter(
    (mode): mode is string => typeof mode === 'string',
  );
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be used together`);
  const fetching = {
    json: options.json,
    forceRefresh: options['force-refresh'] || options['full-history'],
    fullHistory: options['full-history'],
    concurrency: options.concurrency,
  };

  if (options['list-failed']) {
    const extra = (['platform', 'force-refresh', 'full-history', 'concurrency'] as const).find((name) => given.has(name));
    if (extra) throw new UsageError(`--${extra} does not apply to --list-failed`);
    return { mode: 'list-failed', json: options.json, limit: options.limit ?? 20 };
  }
  if (options['track-uuid'] !== undefined) {
    if (!options.platform) throw new UsageError('--track-uuid needs --platform');
    if (options.limit !== undefined) throw new UsageError('--limit does not apply to --track-uuid');
    return { mode: 'track', ...fetching, trackUuid: options['track-uuid'], platforms: options.platform };
  }
  if (options['all-tracks']) {
    if (!options.platform) throw new UsageError('--all-tracks needs --platform');
    return { mode: 'all-tracks', ...fetching, limit: options.limit ?? 50, platforms: options.platform };
  }
  return { mode: 'stale', ...fetching, limit: options.limit ?? 100, platforms: options.platform };
}
