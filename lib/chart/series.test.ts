import { describe, expect, it } from 'vitest';
import { alignSeries } from './series';

describe('alignSeries', () => {
  it('aligns platforms on the sorted union of their dates, null where one has no point, in the order of the ids given', () => {
    const points = [
      { platformId: 2, date: '2025-01-03', value: 30 },
      { platformId: 1, date: '2025-01-01', value: 1 },
      { platformId: 1, date: '2025-01-03', value: 3 },
      { platformId: 2, date: '2025-01-02', value: 20 },
      { platformId: 9, date: '2025-01-04', value: 99 },
    ];
    expect(alignSeries([2, 1], points)).toEqual({
      dates: ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'],
      values: [
        [null, 20, 30, null],
        [1, null, 3, null],
      ],
    });
  });

  it('gives no dates and empty rows without points', () => {
    expect(alignSeries([1, 2], [])).toEqual({ dates: [], values: [[], []] });
  });
});
