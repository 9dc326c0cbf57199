// First: the .env files must be in process.env before any module reads it.
import './load-env';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { prune, retentionSettingsFromEnv } from '@/lib/operations/prune';
import { commandMain } from './command-main';
import { readOptions } from './command-line';
import { formatTable } from './text-table';

const usage = `Usage: npm run db:prune -- [--dry-run] [--batch-size 10000]
Removes audience points older than AUDIENCE_RETENTION_DAYS (unset: none), ingest runs older than
INGEST_RUNS_RETENTION_DAYS (failed ones after twice as long) and expired rate-limit windows, at most
--batch-size rows per statement. --dry-run counts what it would remove and removes nothing.`;

const argsSchema = z.object({
  'dry-run': z.boolean().default(false),
  'batch-size': z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  help: z.boolean().default(false),
});

type Prune = { mode: 'prune'; dryRun: boolean; batchSize: number };

function parsePruneArgs(argv: readonly string[]): Prune | { mode: 'help' } {
  const { options: args } = readOptions(argv, { 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } }, argsSchema);
  return args.help ? { mode: 'help' } : { mode: 'prune', dryRun: args['dry-run'], batchSize: args['batch-size'] };
}

async function run(command: Prune): Promise<number> {
  const started = performance.now();
  const report = await prune(await getDb(), retentionSettingsFromEnv(), { dryRun: command.dryRun, batchSize: command.batchSize });
  const verb = report.dryRun ? 'would remove' : 'removed';
  process.stdout.write(`${formatTable(['step', `rows ${verb}`], report.steps.map((step) => [step.step, String(step.rows)]))}\n`);
  process.stdout.write(`${report.dryRun ? 'Dry run: nothing removed' : 'Done'} in ${Math.round(performance.now() - started)} ms.\n`);
  return 0;
}

process.exitCode = await commandMain<Prune>({ name: 'db:prune', usage, parse: parsePruneArgs, run }, process.argv.slice(2));
