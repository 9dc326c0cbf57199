import 'server-only';
import type { FindingsReport } from '@/lib/operations/series-findings';

/** How long one run of the checks serves every admin view of this process. */
export const FINDINGS_FRESH_MS = 15 * 60 * 1000;

export type CheckedFindings = { report: FindingsReport; checkedAt: Date };
type Held = { startedAt: number; findings: Promise<CheckedFindings> };

const holder = globalThis as typeof globalThis & { __audienceFindings?: Held };

/**
 * The checks of the stored data, run at most once per FINDINGS_FRESH_MS and shared by the admin
 * views in between, concurrent ones included: they read every stored point (23 s on 9.4 million
 * rows beside a test run, minutes on 100 million), which each view of the page used to wait for.
 * A failed run is not kept.
 */
export function recentFindings(check: () => Promise<FindingsReport>, now: number = Date.now()): Promise<CheckedFindings> {
  const held = holder.__audienceFindings;
  if (held && now - held.startedAt < FINDINGS_FRESH_MS) return held.findings;
  const findings = check().then((report) => ({ report, checkedAt: new Date() }));
  holder.__audienceFindings = { startedAt: now, findings };
  findings.catch(() => {
    if (holder.__audienceFindings?.findings === findings) holder.__audienceFindings = undefined;
  });
  return findings;
}
