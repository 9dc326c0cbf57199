import { Suspense } from 'react';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import type { Database } from '@/db/client';
import { ingestRunStatuses, ingestTriggers } from '@/db/schema';
import { platformUsage } from '@/lib/catalogue/edit-platform';
import { listPlatforms } from '@/lib/catalogue/lookups';
import { trackRemovalImpact } from '@/lib/catalogue/remove-track';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { trackUuidSchema } from '@/lib/identifiers';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { FRESH_FOR_MS } from '@/lib/ingest/processor';
import { stalePairs } from '@/lib/ingest/stale-pairs';
import { listAudit } from '@/lib/operations/audit-log';
import { listIngestRuns, runFilterSchema } from '@/lib/operations/ingest-run-list';
import type { RunFilter } from '@/lib/operations/ingest-run-list';
import { findSeriesProblems } from '@/lib/operations/series-findings';
import { callsPerDay, lastCronCycle } from '@/lib/operations/soundcharts-activity';
import { readQuota } from '@/lib/soundcharts/quota';
import { describeIssues } from '@/lib/validation';
import { AuditSection } from '@/components/admin/AuditSection';
import { FindingsSection } from '@/components/admin/FindingsSection';
import { IngestRunsSection } from '@/components/admin/IngestRunsSection';
import { PlatformsSection } from '@/components/admin/PlatformsSection';
import { SoundchartsSection } from '@/components/admin/SoundchartsSection';
import type { SoundchartsView } from '@/components/admin/SoundchartsSection';
import { TrackRemovalSection } from '@/components/admin/TrackRemovalSection';
import type { RemovalView } from '@/components/admin/TrackRemovalSection';
import { readAdminSession } from '@/app/_auth/session';
import { removeTrack, rerunIngest, updatePlatform } from './actions';
import { FINDINGS_FRESH_MS, recentFindings } from './recent-findings';
import type { CheckedFindings } from './recent-findings';

export const metadata: Metadata = { title: 'Operations', robots: { index: false } };

const RUNS_PER_PAGE = 25;
const OVERDUE_SHOWN = 10;
const FINDINGS_SHOWN = 20;

type AdminPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function runQueryString(filter: RunFilter, before: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'trigger', 'track', 'platform'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  params.set('before', String(before));
  return `/admin?${params.toString()}`;
}

async function removalView(db: Database, asked: string | undefined): Promise<RemovalView> {
  if (asked === undefined || asked.trim() === '') return { state: 'ask' };
  const uuid = trackUuidSchema.safeParse(asked.trim());
  if (!uuid.success) return { state: 'error', trackUuid: asked.slice(0, 100), message: `That is not a SoundCharts uuid: ${describeIssues(uuid.error)}.` };
  try {
    return { state: 'confirm', ...(await trackRemovalImpact(db, uuid.data)) };
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') return { state: 'error', trackUuid: uuid.data, message: `No track ${uuid.data} in the catalogue.` };
    throw error;
  }
}

async function liveQuota(): Promise<SoundchartsView['live']> {
  if (!env().SOUNDCHARTS_APP_ID || !env().SOUNDCHARTS_API_KEY) return 'Not configured (SOUNDCHARTS_APP_ID and SOUNDCHARTS_API_KEY are not set)';
  try {
    const reading = await (await defaultIngestDeps()).client.readUsage();
    return reading ?? 'SoundCharts did not say (its usage endpoint failed or sent no x-quota-remaining)';
  } catch {
    return 'SoundCharts could not be asked';
  }
}

export default async function AdminPage({ searchParams }: AdminPageProps) {
  if (!(await readAdminSession())) notFound();
  const params = await searchParams;
  const parsed = runFilterSchema.safeParse(Object.fromEntries(['status', 'trigger', 'track', 'platform', 'before'].map((key) => [key, single(params[key])])));
  const filter: RunFilter = parsed.success ? parsed.data : {};
  const db = await getDb();
  const now = new Date();
  const settings = env();

  const runs = await listIngestRuns(db, filter, RUNS_PER_PAGE + 1);
  const platforms = await listPlatforms(db);
  const usage = await platformUsage(db);
  const overdue = await stalePairs(db, {
    staleBefore: new Date(now.getTime() - FRESH_FOR_MS),
    defaultPlatformSlugs: settings.INGEST_DEFAULT_PLATFORMS,
    limit: OVERDUE_SHOWN + 1,
  });
  const soundcharts: SoundchartsView = {
    stored: settings.SOUNDCHARTS_APP_ID ? await readQuota(db, settings.SOUNDCHARTS_APP_ID) : undefined,
    live: await liveQuota(),
    floor: settings.SOUNDCHARTS_QUOTA_FLOOR,
    days: await callsPerDay(db, { days: 30, now }),
    cron: await lastCronCycle(db, settings.CRON_BUDGET_MS + 60_000),
    overdue: overdue.slice(0, OVERDUE_SHOWN),
    overdueMore: overdue.length > OVERDUE_SHOWN,
  };
  const findings = recentFindings(() =>
    findSeriesProblems(db, { flatDays: 14, gapDays: 3, expectedPlatformSlugs: settings.INGEST_DEFAULT_PLATFORMS, limitPerKind: FINDINGS_SHOWN, now }),
  );
  const removal = await removalView(db, single(params.remove));
  const audit = await listAudit(db, 30);
  const shown = runs.slice(0, RUNS_PER_PAGE);
  const last = shown.at(-1);

  return (
    <main id="main" tabIndex={-1} className="page admin-page">
      <div className="page-title">
        <h1>Operations</h1>
        <p className="muted">Ingest runs, SoundCharts usage, platforms, tracks and the checks of the stored data. Every change made here is recorded below.</p>
      </div>
      <IngestRunsSection
        runs={shown}
        filter={filter}
        filterError={parsed.success ? undefined : describeIssues(parsed.error)}
        statuses={ingestRunStatuses}
        triggers={ingestTriggers}
        platforms={platforms}
        olderHref={runs.length > RUNS_PER_PAGE && last ? runQueryString(filter, last.id) : undefined}
        rerun={rerunIngest}
      />
      <SoundchartsSection view={soundcharts} />
      <Suspense
        fallback={
          <section className="card admin-panel" aria-busy="true" aria-labelledby="findings-title">
            <h2 id="findings-title">Data validation</h2>
            <p className="muted">Checking the stored data…</p>
          </section>
        }
      >
        <CheckedFindingsSection findings={findings} />
      </Suspense>
      <PlatformsSection
        platforms={platforms.map((platform) => ({ ...platform, points: usage.get(platform.id)?.points ?? 0, tracks: usage.get(platform.id)?.tracks ?? 0 }))}
        update={updatePlatform}
      />
      <TrackRemovalSection view={removal} remove={removeTrack} />
      <AuditSection entries={audit} />
    </main>
  );
}

/** Streams in when the checks are done, so that the rest of the page does not wait for them. */
async function CheckedFindingsSection({ findings }: { findings: Promise<CheckedFindings> }) {
  const { report, checkedAt } = await findings;
  return <FindingsSection report={report} checkedAt={checkedAt} freshMinutes={FINDINGS_FRESH_MS / 60_000} />;
}
