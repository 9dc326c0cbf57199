import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fromDayNumber, isoDateSchema, isRealDate, toDayNumber } from './dates';

const DAY_MS = 86_400_000;

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

  it('converts day numbers as Date does, both ways, for every day of 1900 to 2100 and across the years 0 to 9999', () => {
    const days = [...Array.from({ length: 73_414 }, (_, index) => -25_567 + index)];
    for (let day = -719_528; day <= 2_932_896; day += 997) days.push(day);
    for (const day of days) {
      const written = new Date(day * DAY_MS).toISOString().slice(0, 10);
      expect(fromDayNumber(day), `day ${day}`).toBe(written);
      expect(toDayNumber(written), written).toBe(day);
    }
  });

  it('reads what Date.parse reads from any date-shaped text, impossible days and months too', () => {
    const texts = ['2025-1a-01', 'abcd-01-01', '2025-01-0x'];
    for (const year of ['2024', '2025', '1900', '2000'])
      for (let month = 0; month <= 13; month += 1)
        for (let day = 0; day <= 32; day += 1) texts.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    for (const text of texts) {
      const ms = Date.parse(`${text}T00:00:00Z`);
      expect(toDayNumber(text), text).toBe(Math.round(ms / DAY_MS));
      expect(isRealDate(text), text).toBe(Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text);
    }
  });
});
