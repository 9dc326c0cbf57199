import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateAudienceItems } from './aggregate-plots';
import type { AudienceItem } from '@/lib/soundcharts/client';

function item(date: string, plots: [string, number][]): AudienceItem {
  const list = plots.map(([identifier, value]) => ({ identifier, value }));
  return { date, plots: list, raw: { date: `${date}T00:00:00+00:00`, plots: list } };
}

describe('audience aggregation', () => {
  it('sums the plots of a date, sorts identifiers, and orders rows by date', () => {
    const rows = aggregateAudienceItems([item('2025-08-02', [['b', 5], ['a', 7]]), item('2025-08-01', [['a', 3]])]);
    expect(rows).toEqual([
      { date: '2025-08-01', value: 3, identifier: 'a', apiData: { date: '2025-08-01T00:00:00+00:00', plots: [{ identifier: 'a', value: 3 }] } },
      {
        date: '2025-08-02',
        value: 12,
        identifier: 'a,b',
        apiData: { date: '2025-08-02T00:00:00+00:00', plots: [{ identifier: 'a', value: 7 }, { identifier: 'b', value: 5 }] },
      },
    ]);
  });

  it('gives the same rows whatever the order of plots and items', () => {
    const plot = fc.tuple(fc.constantFrom('x1', 'x2', 'x3', 'y'), fc.integer({ min: 0, max: 2 ** 40 }));
    const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    const items = fc.uniqueArray(fc.tuple(day, fc.array(plot, { minLength: 1, maxLength: 4 })), { selector: ([date]) => date, maxLength: 20 });
    fc.assert(
      fc.property(items, fc.integer(), (entries, seed) => {
        const shuffle = <T>(list: T[]): T[] => [...list].sort((a, b) => (JSON.stringify(a).length * seed) % 7 - (JSON.stringify(b).length * seed) % 7);
        const forward = aggregateAudienceItems(entries.map(([date, plots]) => item(date, plots)));
        const scrambled = aggregateAudienceItems(shuffle(entries).map(([date, plots]) => item(date, [...plots].reverse())));
        expect(scrambled).toEqual(forward);
      }),
    );
  });

  it('leaves out dates without plots', () => {
    expect(aggregateAudienceItems([item('2025-08-01', [])])).toEqual([]);
  });

  it('refuses values it could not store exactly, naming the date and identifier', () => {
    expect(() => aggregateAudienceItems([item('2025-08-01', [['a', Number.MAX_SAFE_INTEGER + 2]])])).toThrow(
      /9007199254740992 for 2025-08-01 \(identifier a\)/,
    );
    expect(() => aggregateAudienceItems([item('2025-08-01', [['a', Number.MAX_SAFE_INTEGER], ['b', 1]])])).toThrow(
      /add up beyond 9007199254740991/,
    );
    expect(() => aggregateAudienceItems([item('2025-08-01', [['a', -1]])])).toThrow(/-1 for 2025-08-01/);
    expect(() => aggregateAudienceItems([item('2025-08-01', [['a', 1.5]])])).toThrow(/1.5 for 2025-08-01/);
    expect(() => aggregateAudienceItems([item('2025-08-01', [['a', 1]]), item('2025-08-01', [['a', 2]])])).toThrow(/twice/);
  });

  it('accepts the largest exact value', () => {
    expect(aggregateAudienceItems([item('2025-08-01', [['a', Number.MAX_SAFE_INTEGER - 1], ['b', 1]])])[0]?.value).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });
});
