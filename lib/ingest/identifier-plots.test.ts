import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readIdentifierPlots } from './identifier-plots';
import type { AudienceItem } from '@/lib/soundcharts/client';

function item(date: string, plots: [string, number][]): AudienceItem {
  const list = plots.map(([identifier, value]) => ({ identifier, value }));
  return { date, plots: list, raw: { date: `${date}T00:00:00+00:00`, plots: list } };
}

describe('reading identifier plots', () => {
  it('keeps each identifier value of a date, the sorted identifiers and raw item per day, by date', () => {
    const fetched = readIdentifierPlots([item('2025-08-02', [['b', 5], ['a', 7]]), item('2025-08-01', [['a', 3]])]);
    expect(fetched.days).toEqual([
      { date: '2025-08-01', identifiers: 'a', apiData: { date: '2025-08-01T00:00:00+00:00', plots: [{ identifier: 'a', value: 3 }] } },
      {
        date: '2025-08-02',
        identifiers: 'a,b',
        apiData: { date: '2025-08-02T00:00:00+00:00', plots: [{ identifier: 'a', value: 7 }, { identifier: 'b', value: 5 }] },
      },
    ]);
    expect(fetched.values).toEqual([
      { date: '2025-08-01', identifier: 'a', value: 3 },
      { date: '2025-08-02', identifier: 'a', value: 7 },
      { date: '2025-08-02', identifier: 'b', value: 5 },
    ]);
  });

  it('adds up two plots of one identifier on one date, as the total always did', () => {
    expect(readIdentifierPlots([item('2025-08-01', [['a', 3], ['a', 4]])]).values).toEqual([{ date: '2025-08-01', identifier: 'a', value: 7 }]);
  });

  it('gives the same days and values whatever the order of plots and items', () => {
    const plot = fc.tuple(fc.constantFrom('x1', 'x2', 'x3', 'y'), fc.integer({ min: 0, max: 2 ** 40 }));
    const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    const items = fc.uniqueArray(fc.tuple(day, fc.array(plot, { minLength: 1, maxLength: 4 })), { selector: ([date]) => date, maxLength: 20 });
    fc.assert(
      fc.property(items, fc.integer(), (entries, seed) => {
        const shuffle = <T>(list: T[]): T[] => [...list].sort((a, b) => (JSON.stringify(a).length * seed) % 7 - (JSON.stringify(b).length * seed) % 7);
        const forward = readIdentifierPlots(entries.map(([date, plots]) => item(date, plots)));
        const scrambled = readIdentifierPlots(shuffle(entries).map(([date, plots]) => item(date, [...plots].reverse())));
        expect(scrambled).toEqual(forward);
      }),
    );
  });

  it('leaves out dates without plots', () => {
    expect(readIdentifierPlots([item('2025-08-01', [])])).toEqual({ days: [], values: [] });
  });

  it('refuses values it could not store exactly, naming the date and identifier', () => {
    expect(() => readIdentifierPlots([item('2025-08-01', [['a', Number.MAX_SAFE_INTEGER + 2]])])).toThrow(
      /9007199254740992 for 2025-08-01 \(identifier a\)/,
    );
    expect(() => readIdentifierPlots([item('2025-08-01', [['a', Number.MAX_SAFE_INTEGER], ['b', 1]])])).toThrow(
      /add up beyond 9007199254740991/,
    );
    expect(() => readIdentifierPlots([item('2025-08-01', [['a', -1]])])).toThrow(/-1 for 2025-08-01/);
    expect(() => readIdentifierPlots([item('2025-08-01', [['a', 1.5]])])).toThrow(/1.5 for 2025-08-01/);
    expect(() => readIdentifierPlots([item('2025-08-01', [['a', 1]]), item('2025-08-01', [['a', 2]])])).toThrow(/twice/);
  });

  it('accepts the largest exact value', () => {
    expect(readIdentifierPlots([item('2025-08-01', [['a', Number.MAX_SAFE_INTEGER - 1], ['b', 1]])]).values.map((row) => row.value)).toEqual([
      Number.MAX_SAFE_INTEGER - 1,
      1,
    ]);
  });
});
