import { addDays, daysBetween } from '@/lib/dates';
import { processAndStoreAudienceData } from '@/lib/ingest/processor';
import type { IngestDeps, PairOutcome } from '@/lib/ingest/processor';
import { isAppError } from '@/lib/errors';
import { audienceCallsFor } from '@/lib/soundcharts/client';
import type { Finding } from './series-findings';

export type RefetchWindow = { trackUuid: string; platformSlug: string; startDate: string; endDate: string; calls: number };

const callsOf = (startDate: string, endDate: string): number => audienceCallsFor(daysBetween(startDate, endDate) + 1);

/** The days a finding asks to read again; none for points in the future or a platform's missing code, which a fetch cannot mend. */
function windowOf(finding: Finding, today: string, historyDays: number): { startDate: string; endDate: string } | undefined {
  if (finding.kind === 'never_fetched') return { startDate: addDays(today, -(historyDays - 1)), endDate: today };
  if (finding.kind === 'future' || finding.kind === 'no_code' || !finding.from || !finding.to) return undefined;
  return { startDate: finding.from, endDate: finding.to < today ? finding.to : today };
}

/**
 * The windows to fetch again, per pair: a pair's windows are merged where one fetch of both costs
 * fewer calls than two (a call reads 100 days), so that nearby findings share a call and far ones do
 * not rewrite the months between them.
 */
export function planRefetch(findings: readonly Finding[], options: { today: string; historyDays: number }): RefetchWindow[] {
  const byPair = new Map<string, RefetchWindow[]>();
  for (const finding of findings) {
    const window = finding.trackUuid ? windowOf(finding, options.today, options.historyDays) : undefined;
    if (!window || !finding.trackUuid || window.startDate > window.endDate) continue;
    const key = `${finding.trackUuid} ${finding.platformSlug}`;
    const entry = { trackUuid: finding.trackUuid, platformSlug: finding.platformSlug, ...window, calls: callsOf(window.startDate, window.endDate) };
    byPair.set(key, [...(byPair.get(key) ?? []), entry]);
  }
  return [...byPair.values()].flatMap((windows) => {
    const merged: RefetchWindow[] = [];
    for (const window of windows.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))) {
      const last = merged.at(-1);
      if (last) {
        const endDate = window.endDate > last.endDate ? window.endDate : last.endDate;
        const calls = callsOf(last.startDate, endDate);
        if (calls < last.calls + window.calls) {
          merged[merged.length - 1] = { ...last, endDate, calls };
          continue;
        }
      }
      merged.push(window);
    }
    return merged;
  });
}

export const refetchCalls = (windows: readonly RefetchWindow[]): number => windows.reduce((sum, window) => sum + window.calls, 0);

/** Fetches each window again through the ingestion, one after the other; a failure is reported and the rest go on. */
export async function runRefetch(
  deps: IngestDeps,
  windows: readonly RefetchWindow[],
  onOutcome?: (outcome: PairOutcome, done: number) => void,
): Promise<PairOutcome[]> {
  const outcomes: PairOutcome[] = [];
  for (const window of windows) {
    let outcome: PairOutcome;
    try {
      outcome = await processAndStoreAudienceData(deps, window.trackUuid, window.platformSlug, {
        trigger: 'cli',
        window: { startDate: window.startDate, endDate: window.endDate },
      });
    } catch (error) {
      outcome = {
        trackUuid: window.trackUuid,
        platformSlug: window.platformSlug,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        code: isAppError(error) ? error.code : 'internal',
        retryAfterSeconds: isAppError(error) ? (error.retryAfterSeconds ?? null) : null,
      };
    }
    outcomes.push(outcome);
    onOutcome?.(outcome, outcomes.length);
  }
  return outcomes;
}
