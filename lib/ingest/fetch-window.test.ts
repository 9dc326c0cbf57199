import { describe, expect, it } from 'vitest';
import { fetchWindow, INCREMENTAL_OVERLAP_DAYS } from './fetch-window';

const base = { today: '2025-08-31', historyDays: 365, fullHistory: false, lastStoredDate: undefined, coveredUntil: undefined, earliestProvisionalDate: undefined };

describe('fetch window', () => {
  it('backfills the whole history on a first fetch, both ends included', () => {
    expect(fetchWindow(base)).toEqual({ startDate: '2024-09-01', endDate: '2025-08-31' });
    expect(fetchWindow({ ...base, historyDays: 1 })).toEqual({ startDate: '2025-08-31', endDate: '2025-08-31' });
  });

  it('continues from the last known day minus the overlap', () => {
    expect(INCREMENTAL_OVERLAP_DAYS).toBeGreaterThanOrEqual(3);
    expect(fetchWindow({ ...base, lastStoredDate: '2025-08-20' })).toEqual({ startDate: '2025-08-13', endDate: '2025-08-31' });
    // An empty tail upstream is not asked for again: the last asked-for day counts too.
    expect(fetchWindow({ ...base, lastStoredDate: '2025-08-01', coveredUntil: '2025-08-29' })).toEqual({
      startDate: '2025-08-22',
      endDate: '2025-08-31',
    });
  });

  it('never reaches before the history window nor after today', () => {
    expect(fetchWindow({ ...base, lastStoredDate: '2020-01-01' }).startDate).toBe('2024-09-01');
    expect(fetchWindow({ ...base, coveredUntil: '2025-12-31' })).toEqual({ startDate: '2025-08-31', endDate: '2025-08-31' });
  });

  it('reaches back to the oldest provisional day, at most 93 days before the last known day, so the window stays one page', () => {
    // A version 12 days behind: its days are read again, not only the last week.
    expect(fetchWindow({ ...base, lastStoredDate: '2025-08-30', earliestProvisionalDate: '2025-08-18' })).toEqual({
      startDate: '2025-08-18',
      endDate: '2025-08-31',
    });
    // Within the overlap already: nothing changes.
    expect(fetchWindow({ ...base, lastStoredDate: '2025-08-30', earliestProvisionalDate: '2025-08-28' }).startDate).toBe('2025-08-23');
    // A version that stopped reporting long ago pulls the start back 93 days at most: 100 days asked, one page of 100.
    const capped = fetchWindow({ ...base, lastStoredDate: '2025-08-30', earliestProvisionalDate: '2025-01-01' });
    expect(capped).toEqual({ startDate: '2025-05-29', endDate: '2025-08-31' });
    // And never before the history window.
    expect(fetchWindow({ ...base, historyDays: 30, lastStoredDate: '2025-08-30', earliestProvisionalDate: '2025-07-01' }).startDate).toBe('2025-08-02');
  });

  it('refetches the whole history only when the whole history is asked for', () => {
    expect(fetchWindow({ ...base, fullHistory: true, lastStoredDate: '2025-08-30' })).toEqual({
      startDate: '2024-09-01',
      endDate: '2025-08-31',
    });
  });
});
