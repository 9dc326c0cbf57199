import { describe, expect, it } from 'vitest';
import type { FindingsReport } from '@/lib/operations/series-findings';
import { FINDINGS_FRESH_MS, recentFindings } from './recent-findings';

function report(today: string): FindingsReport {
  return { today, flatDays: 14, gapDays: 3, counts: { falling: 0, flat: 0, gap: 0, future: 0, never_fetched: 0, no_code: 0 }, findings: [] };
}

describe('recentFindings', () => {
  it('runs the checks once for every view within the freshness window, concurrent ones included, then again', async () => {
    let runs = 0;
    const check = async (): Promise<FindingsReport> => report(`run ${(runs += 1)}`);
    const start = 1_000_000_000;
    const [first, second] = await Promise.all([recentFindings(check, start), recentFindings(check, start + 1)]);
    expect(first.report.today).toBe('run 1');
    expect(second).toBe(first);
    expect((await recentFindings(check, start + FINDINGS_FRESH_MS - 1)).report.today).toBe('run 1');
    expect((await recentFindings(check, start + FINDINGS_FRESH_MS)).report.today).toBe('run 2');
    expect(runs).toBe(2);
  });

  it('keeps no failed run: the next view checks again', async () => {
    const start = 2_000_000_000;
    await expect(recentFindings(async () => Promise.reject(new Error('database down')), start)).rejects.toThrow('database down');
    expect((await recentFindings(async () => report('after the failure'), start + 1)).report.today).toBe('after the failure');
  });
});
