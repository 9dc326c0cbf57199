import { describe, expect, it } from 'vitest';
import { growthIndex, sumSeries } from './aggregate';

describe('sumSeries', () => {
  it('adds the platforms day by day', () => {
    expect(sumSeries([[100, 110, 120], [5, 5, 9]])).toEqual([105, 115, 129]);
  });

  it('has no sum on a day a platform lacks (a launch, a gap), rather than a false fall', () => {
    expect(sumSeries([[100, 110, 120, 130], [null, 5, null, 9]])).toEqual([null, 115, null, 139]);
  });

  it('is empty for no rows or no days', () => {
    expect(sumSeries([])).toEqual([]);
    expect(sumSeries([[], []])).toEqual([]);
  });
});

describe('growthIndex', () => {
  it('averages each platform indexed to 100 on the first day', () => {
    // Spotify +10% then +20%, YouTube flat then +50%: (110 + 100) / 2, (120 + 150) / 2.
    expect(growthIndex([[1000, 1100, 1200], [40, 40, 60]])).toEqual([100, 105, 135]);
  });

  it('starts a platform that launches later at 100 and averages only those with a value that day', () => {
    expect(growthIndex([[200, 220, null, 260], [null, 50, 55, 60]])).toEqual([100, 105, 110, 125]);
  });

  it('leaves out a platform with no positive value, which has no base', () => {
    expect(growthIndex([[0, 0, 0], [10, 20, 30]])).toEqual([100, 200, 300]);
    expect(growthIndex([[null, 0], [null, null]])).toEqual([null, null]);
  });
});
