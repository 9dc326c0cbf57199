import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoDateSchema, isRealDate } from './dates';

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2025-02-30')).toBe(false);
    expect(isRealDate('2025-13-01')).toBe(false);
    expect(isoDateSchema.safeParse('2025-7-1').success).toBe(false);
    expect(isoDateSchema.safeParse('2025-07-01T00:00:00Z').success).toBe(false);
  });

  it('does day arithmetic in UTC across month, year and DST boundaries', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-01-01', '2025-12-31')).toBe(364);
  });
});
