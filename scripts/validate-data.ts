// First: the .env files must be in process.env before any module reads it.
import './load-env';
import { getDb } from '@/db/client';
import type { Database } from '@/db/client';
import { findTrackByUuid, listPlatforms } from '@/lib/catalogue/lookups';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import type { PairOutcome } from '@/lib/ingest/processor';
import { findingInWords, findingKindNames } from '@/lib/operations/finding-text';
import { planRefetch, refetchCalls, runRefetch } from '@/lib/operations/refetch';
import type { RefetchWindow } from '@/lib/operations/refetch';
import { findingKinds, findSeriesProblems } from '@/lib/operations/series-findings';
import type { FindingsReport } from '@/lib/operations/series-findings';
import { commandMain } from './command-main';
import { UsageError } from './usage-error';
import { formatTable } from './text-table';
import { parseValidateDataArgs, usage } from './validate-data-args';
import type { ValidateDataCommand } from './validate-data-args';

type Check = Extract<ValidateDataCommand, { mode: 'check' }>;

async function scope(db: Database, command: Check): Promise<{ trackId?: number; platformId?: number }> {
  const track = command.trackUuid === undefined ? undefined : await findTrackByUuid(db, command.trackUuid);
  if (command.trackUuid !== undefined && !track) throw new UsageError(`Unknown track ${command.trackUuid}: it is not in the database`);
  let platformId: number | undefined;
  if (command.platform !== undefined) {
    const known = await listPlatforms(db);
    platformId = known.find((platform) => platform.slug === command.platform)?.id;
    if (platformId === undefined) throw new UsageError(`Unknown platform '${command.platform}'; known platforms: ${known.map((platform) => platform.slug).join(', ')}`);
  }
  return { trackId: track?.id, platformId };
}

function reportTable(report: FindingsReport): string {
  const summary = findingKinds.map((kind) => `${findingKindNames[kind].toLowerCase()}: ${report.counts[kind]}`).join(', ');
  if (report.findings.length === 0) return `No problems found (today ${report.today}, --flat-days ${report.flatDays}, --gap-days ${report.gapDays}).`;
  const table = formatTable(
    ['kind', 'track', 'platform', 'from', 'to', 'size', 'detail'],
    report.findings.map((finding) => [
      finding.kind,
      finding.trackUuid ?? '',
      finding.platformSlug,
      finding.from ?? '',
      finding.to ?? '',
      finding.size === null ? '' : String(finding.size),
      findingInWords(finding),
    ]),
  );
  const listed = findingKinds.reduce((sum, kind) => sum + report.counts[kind], 0);
  const cut = listed > report.findings.length ? ` (${report.findings.length} listed; raise --limit for more)` : '';
  return `${table}\n\n${listed} findings${cut}: ${summary}.`;
}

function outcomeLine(outcome: PairOutcome): string {
  if (outcome.status === 'failed') return `${outcome.trackUuid} ${outcome.platformSlug}: failed, ${outcome.code}: ${outcome.error}`;
  if (outcome.status === 'skipped') return `${outcome.trackUuid} ${outcome.platformSlug}: skipped, another refresh is in progress`;
  return `${outcome.trackUuid} ${outcome.platformSlug}: ${outcome.window?.startDate} to ${outcome.window?.endDate}, ${outcome.recordsCreated} new, ${outcome.recordsUpdated} updated, ${outcome.recordsSkipped} unchanged`;
}

async function refetch(command: Check, report: FindingsReport): Promise<{ windows: RefetchWindow[]; calls: number; outcomes: PairOutcome[] | null }> {
  const windows = planRefetch(report.findings, { today: report.today, historyDays: env().AUDIENCE_HISTORY_DAYS });
  const calls = refetchCalls(windows);
  const say = (line: string): void => {
    if (!command.json) process.stdout.write(`${line}\n`);
  };
  say(`\nRefetching ${windows.length} windows would spend up to ${calls} billed SoundCharts calls.`);
  if (windows.length === 0) return { windows, calls, outcomes: [] };
  if (!command.yes) {
    say('Nothing fetched: run again with --refetch --yes to spend them.');
    return { windows, calls, outcomes: null };
  }
  const deps = await defaultIngestDeps();
  const outcomes = await runRefetch(deps, windows, (outcome, done) => say(`[${done}/${windows.length}] ${outcomeLine(outcome)}`));
  return { windows, calls, outcomes };
}

async function run(command: Check): Promise<number> {
  const db = await getDb();
  const report = await findSeriesProblems(db, {
    ...(await scope(db, command)),
    flatDays: command.flatDays,
    gapDays: command.gapDays,
    expectedPlatformSlugs: command.platform ? [] : env().INGEST_DEFAULT_PLATFORMS,
    limitPerKind: command.limit,
    now: new Date(),
  });
  if (!command.json) process.stdout.write(`${reportTable(report)}\n`);
  const refetched = command.refetch ? await refetch(command, report) : undefined;
  if (command.json) process.stdout.write(`${JSON.stringify(refetched ? { ...report, refetch: refetched } : report, null, 2)}\n`);
  const found = report.findings.length > 0;
  const failed = refetched?.outcomes?.some((outcome) => outcome.status === 'failed') ?? false;
  return found || failed ? 1 : 0;
}

process.exitCode = await commandMain<Check>({ name: 'validate-data', usage, parse: parseValidateDataArgs, run }, process.argv.slice(2));
