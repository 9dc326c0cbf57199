import { readOptions } from './command-line';
import { z } from 'zod';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { UsageError } from './usage-error';

export const usage = `Usage: npm run validate-data -- [options]

Checks the stored series: cumulative totals that fall, values unchanged for more than --flat-days,
more than --gap-days missing inside a series, points dated in the future, pairs never fetched, and
platforms without a SoundCharts code.

Options:
  --track-uuid <uuid>   only this track
  --platform <slug>     only this platform
  --flat-days <n>       days a value may stay the same (default 14)
  --gap-days <n>        days a series may miss in a row (default 3)
  --limit <n>           findings listed per kind (default 1000; the counts are always complete)
  --refetch             fetch the affected days again through the normal ingestion; says how many
                        billed SoundCharts calls that takes, and spends them only with --yes
  --yes                 confirm the calls --refetch spends
  --json                print JSON on stdout instead of a table
  --help                show this help

Exit status: 0 when nothing is found, 1 when anything is (or a refetch failed), 2 on a usage error.
Uses DATABASE_URL when set, else the embedded database in PGLITE_DIR.`;

export type ValidateDataCommand =
  | { mode: 'help' }
  | {
      mode: 'check';
      trackUuid: string | undefined;
      platform: string | undefined;
      flatDays: number;
      gapDays: number;
      limit: number;
      refetch: boolean;
      yes: boolean;
      json: boolean;
    };

const days = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number of days`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${what} must be at least 1`).max(3650, `${what} must be at most 3650`));

const valuesSchema = z.object({
  'track-uuid': trackUuidSchema.optional(),
  platform: platformSlugSchema.optional(),
  'flat-days': days('--flat-days').default(14),
  'gap-days': days('--gap-days').default(3),
  limit: z
    .string()
    .regex(/^\d+$/, '--limit must be a positive whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, '--limit must be at least 1').max(1_000_000, '--limit must be at most 1000000'))
    .default(1000),
  refetch: z.boolean().default(false),
  yes: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

/** Reads the command line; anything wrong is a UsageError that says what. */
export function parseValidateDataArgs(argv: readonly string[]): ValidateDataCommand {
  const { options } = readOptions(argv, {
    'track-uuid': { type: 'string' },
    platform: { type: 'string' },
    'flat-days': { type: 'string' },
    'gap-days': { type: 'string' },
    limit: { type: 'string' },
    refetch: { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, valuesSchema);
  if (options.help) return { mode: 'help' };
  if (options.yes && !options.refetch) throw new UsageError('--yes only confirms --refetch');
  return {
    mode: 'check',
    trackUuid: options['track-uuid'],
    platform: options.platform,
    flatDays: options['flat-days'],
    gapDays: options['gap-days'],
    limit: options.limit,
    refetch: options.refetch,
    yes: options.yes,
    json: options.json,
  };
}
