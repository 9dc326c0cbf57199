import { describe, expect, it } from 'vitest';
import { dataEventsField, withoutVersionsAdded } from './data-events';
import type { SeriesEvent } from './series';

const spotify = { id: 1, slug: 'spotify' };
const tiktok = { id: 5, slug: 'tiktok' };

describe('data events', () => {
  const events: SeriesEvent[] = [
    { type: 'provisional', platformId: 1, date: '2025-03-05' },
    { type: 'version_added', platformId: 5, date: '2025-03-03', identifier: 's4', value: 1 },
    { type: 'version_added', platformId: 1, date: '2025-03-03', identifier: 'c', value: 50_000 },
    { type: 'provisional', platformId: 1, date: '2025-03-03' },
    { type: 'provisional', platformId: 9, date: '2025-03-01' },
  ];

  it('orders the events of the shown platforms by date, then platform as shown, versions before provisional days', () => {
    expect(dataEventsField(events, [tiktok, spotify])).toEqual({
      data_events: [
        { type: 'version_added', date: '2025-03-03', platform: 'tiktok', identifier: 's4', value: 1 },
        { type: 'version_added', date: '2025-03-03', platform: 'spotify', identifier: 'c', value: 50_000 },
        { type: 'provisional', date: '2025-03-03', platform: 'spotify' },
        { type: 'provisional', date: '2025-03-05', platform: 'spotify' },
      ],
    });
  });

  it('leaves the key out when the shown platforms have no event, so the reply keeps its documented shape', () => {
    expect(dataEventsField([], [spotify])).toEqual({});
    expect(dataEventsField(events, [{ id: 2, slug: 'youtube' }])).toEqual({});
    expect(Object.keys(dataEventsField(events, [spotify]))).toEqual(['data_events']);
  });

  it("takes the versions added out of a platform's totals from their day on, so daily change is the identifiers' own growth", () => {
    const dates = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05'];
    expect(withoutVersionsAdded(dates, [100, 110, 50_120, null, 50_160], 1, events)).toEqual([100, 110, 120, null, 160]);
    expect(withoutVersionsAdded(dates, [3, 3, 4, 4, 4], 5, events)).toEqual([3, 3, 3, 3, 3]);
    expect(withoutVersionsAdded(dates, [1, 2, 3, 4, 5], 2, events)).toEqual([1, 2, 3, 4, 5]);
  });
});
