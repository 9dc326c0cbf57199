import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { describeIssues } from '@/lib/validation';
import { UsageError } from './usage-error';

/**
 * The options of a command line, read strictly (no positionals, no unknown option) and checked by
 * `schema`: anything wrong is a UsageError naming the option as typed (`--limit: ...`). `given` names
 * the options the command line set, before the schema's defaults.
 */
export function readOptions<Schema extends z.ZodType>(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>, schema: Schema): { options: z.output<Schema>; given: ReadonlySet<string> } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error).replace(/^([\w-]+):/, '--$1:'));
  return { options: parsed.data, given: new Set(Object.keys(values)) };
}
