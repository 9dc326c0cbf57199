import { describe, expect, it } from 'vitest';
import { fetchWindow, INCREMENTAL_OVERLAP_DAYS } from './fetch-window';

const base = { today: '2025-08-31', historyDays: 365, fullHistory: false, lastStoredDate: undefined, coveredUntil: undefined };

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

  it('refetches the whole history only when the whole history is asked for', () => {
    expect(fetchWindow({ ...base, fullHistory: true, lastStoredDate: '2025-08-30' })).toEqual({
      startDate: '2024-09-01',
      endDate: '2025-08-31',
    });
  });
});
