// First: the .env files must be in process.env before any module reads it.
import './load-env';
import { formatTable } from '@/scripts/text-table';
import { getDb } from '@/db/client';
import type { Database } from '@/db/client';
import { findTrackByUuid, listPlatforms } from '@/lib/catalogue/lookups';
import { bulkProcessAudienceData } from '@/lib/ingest/processor';
import type { BulkResult, IngestDeps, PairOutcome, TrackPlatformPair } from '@/lib/ingest/processor';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { listFailedRuns } from '@/lib/ingest/runs';
import type { FailedRun } from '@/lib/ingest/runs';
import { allTracksPairs, staleTrackPairs } from '@/lib/ingest/stale-pairs';
import { importTrack } from '@/lib/ingest/track-import';
import { commandMain } from './command-main';
import { parseFetchAudienceArgs, usage } from './fetch-audience-args';
import { UsageError } from './usage-error';
import type { FetchAudienceCommand, PlatformChoice } from './fetch-audience-args';
import { progressBar } from './progress-bar';

/** Stale mode's threshold: a pair not fetched for a week is overdue for the command line's catch-up runs. */
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

async function platformSlugs(db: Database, choice: PlatformChoice): Promise<string[]> {
  const known = (await listPlatforms(db)).map((platform) => platform.slug);
  if (choice.kind === 'all') return known;
  const unknown = choice.slugs.filter((slug) => !known.includes(slug));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown platform ${unknown.map((slug) => `'${slug}'`).join(', ')}; known platforms: ${known.join(', ')}`);
  }
  return choice.slugs;
}

async function pairsFor(db: Database, command: Exclude<FetchAudienceCommand, { mode: 'help' | 'list-failed' }>): Promise<TrackPlatformPair[]> {
  if (command.mode === 'track') {
    return (await platformSlugs(db, command.platforms)).map((platformSlug) => ({ trackUuid: command.trackUuid, platformSlug }));
  }
  if (command.mode === 'all-tracks') return allTracksPairs(db, await platformSlugs(db, command.platforms), command.limit);
  const pairs = await staleTrackPairs(db, {
    staleBefore: new Date(Date.now() - STALE_AFTER_MS),
    trackLimit: command.limit,
    platformSlugs: command.platforms ? await platformSlugs(db, command.platforms) : undefined,
    defaultPlatformSlugs: env().INGEST_DEFAULT_PLATFORMS,
  });
  return pairs.map(({ trackUuid, platformSlug }) => ({ trackUuid, platformSlug }));
}

function detail(outcome: PairOutcome): string {
  if (outcome.status === 'failed') return `${outcome.code}: ${outcome.error}`;
  if (outcome.status === 'skipped') {
    return outcome.skipReason === 'in_progress'
      ? `another refresh is in progress (run ${outcome.runId})`
      : `fetched at ${outcome.lastFetchedAt?.toISOString() ?? '?'}; use --force-refresh to fetch it again`;
  }
  const window = outcome.window ? `from ${outcome.window.startDate} to ${outcome.window.endDate}` : '';
  return outcome.joined ? `${window}, done by a concurrent run ${outcome.runId}` : window;
}

function summaryTable({ results, totals }: BulkResult): string {
  const rows = results.map((outcome) => {
    const counts = outcome.status === 'failed' ? ['', '', ''] : [outcome.recordsCreated, outcome.recordsUpdated, outcome.recordsSkipped].map(String);
    return [outcome.trackUuid, outcome.platformSlug, outcome.status, ...counts, detail(outcome)];
  });
  const table = formatTable(['track', 'platform', 'status', 'created', 'updated', 'unchanged', 'detail'], rows);
  const notStarted = totals.notStarted > 0 ? `, ${totals.notStarted} not started` : '';
  return `${table}\n\n${totals.pairs} pairs: ${totals.succeeded} succeeded, ${totals.skipped} skipped, ${totals.failed} failed${notStarted}; rows ${totals.recordsCreated} created, ${totals.recordsUpdated} updated, ${totals.recordsSkipped} unchanged`;
}

function failedRunsTable(runs: readonly FailedRun[]): string {
  if (runs.length === 0) return 'No failed ingest runs.';
  return formatTable(
    ['run', 'started', 'track', 'platform', 'trigger', 'code', 'error'],
    runs.map((run) => [String(run.id), run.startedAt.toISOString(), run.trackUuid, run.platformSlug, run.trigger, run.errorCode ?? '', run.error ?? '']),
  );
}

/** A track named on the command line that the database lacks comes from SoundCharts first, as "Add track" does. */
async function importIfMissing(deps: IngestDeps, trackUuid: string, quiet: boolean): Promise<void> {
  if (await findTrackByUuid(deps.db, trackUuid)) return;
  const { track } = await importTrack(deps, trackUuid);
  if (!quiet) process.stderr.write(`Imported "${track.name}" by ${track.creditName} from SoundCharts.\n`);
}

async function run(command: Exclude<FetchAudienceCommand, { mode: 'help' }>): Promise<number> {
  if (command.mode === 'list-failed') {
    const runs = await listFailedRuns(await getDb(), { limit: command.limit });
    process.stdout.write(`${command.json ? JSON.stringify(runs, null, 2) : failedRunsTable(runs)}\n`);
    return 0;
  }
  const deps = await defaultIngestDeps();
  if (command.mode === 'track') await importIfMissing(deps, command.trackUuid, command.json);
  const pairs = await pairsFor(deps.db, command);
  const progress = command.json ? undefined : progressBar(process.stderr, pairs.length);
  const result = await bulkProcessAudienceData(deps, pairs, {
    forceRefresh: command.forceRefresh,
    fullHistory: command.fullHistory,
    concurrency: command.concurrency ?? env().INGEST_CONCURRENCY,
    trigger: 'cli',
    onOutcome: (outcome, done) => progress?.update(done, `${outcome.platformSlug} ${outcome.trackUuid} ${outcome.status}`),
  });
  progress?.finish();
  if (command.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${pairs.length === 0 ? 'Nothing to fetch: no pair matches.' : summaryTable(result)}\n`);
  return result.totals.failed > 0 ? 1 : 0;
}

process.exitCode = await commandMain<Exclude<FetchAudienceCommand, { mode: 'help' }>>({ name: 'fetch-audience', usage, parse: parseFetchAudienceArgs, run }, process.argv.slice(2));
