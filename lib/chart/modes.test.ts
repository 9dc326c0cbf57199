import { describe, expect, it } from 'vitest';
import { firstShown, modeLabel, readWindow } from './modes';

describe('readWindow', () => {
  it('reads a week before the start and on top of the limit for the daily change and the 7-day mean', () => {
    expect(readWindow({ startDate: '2025-03-01', endDate: '2025-03-31', limit: 10 }, 'daily')).toEqual({
      startDate: '2025-02-22',
      endDate: '2025-03-31',
      limit: 17,
    });
    expect(readWindow({}, 'avg7')).toEqual({ startDate: undefined, endDate: undefined, limit: undefined });
  });

  it('reads 28 days before for the 28-day mean', () => {
    expect(readWindow({ startDate: '2025-03-01', limit: 1 }, 'avg28')).toEqual({ startDate: '2025-02-01', endDate: undefined, limit: 29 });
  });
});

describe('firstShown', () => {
  const dates = ['2025-01-01', '2025-01-03', '2025-01-04', '2025-01-08'];
  it('starts at the first date on or after the start', () => {
    expect(firstShown(dates, { startDate: '2025-01-02' })).toBe(1);
    expect(firstShown(dates, { startDate: '2025-02-01' })).toBe(4);
    expect(firstShown(dates, {})).toBe(0);
  });

  it('keeps the last `limit` dates of those', () => {
    expect(firstShown(dates, { limit: 2 })).toBe(2);
    expect(firstShown(dates, { startDate: '2025-01-04', limit: 3 })).toBe(2);
  });
});

describe('modeLabel', () => {
  it('says what a derived dataset holds and leaves cumulative labels as they are', () => {
    expect(modeLabel('bad guy on Spotify', 'daily')).toBe('bad guy on Spotify, daily change');
    expect(modeLabel('bad guy on Spotify', 'avg28')).toBe('bad guy on Spotify, 28-day average of the daily change');
    expect(modeLabel('bad guy on Spotify', 'cumulative')).toBe('bad guy on Spotify');
  });
});
