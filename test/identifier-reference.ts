/**
 * An independent reckoning of a song's totals from its identifiers' plots, for tests to check the
 * store and the charts against: one sweep through the days in order with a table of each
 * identifier's latest value, nothing shared with the SQL of lib/ingest/totals.ts or the
 * difference of totals the charts use for daily change.
 */

export type ReferencePlot = { date: string; identifier: string; value: number };

export type ReferenceDay = {
  date: string;
  total: number;
  provisional: boolean;
  /** Null on the first day. */
  dailyChange: number | null;
  /** Identifiers first seen this day after the first day, with their value. */
  added: { identifier: string; value: number }[];
};

export function referenceTotals(plots: readonly ReferencePlot[]): ReferenceDay[] {
  const byDate = new Map<string, Map<string, number>>();
  for (const plot of plots) {
    const day = byDate.get(plot.date) ?? new Map<string, number>();
    day.set(plot.identifier, (day.get(plot.identifier) ?? 0) + plot.value);
    byDate.set(plot.date, day);
  }
  const latest = new Map<string, number>();
  const days: ReferenceDay[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const reported = byDate.get(date) ?? new Map<string, number>();
    let change = 0;
    const added: ReferenceDay['added'] = [];
    for (const [identifier, value] of reported) {
      const before = latest.get(identifier);
      if (before === undefined) {
        if (days.length > 0) added.push({ identifier, value });
      } else {
        change += value - before;
      }
      latest.set(identifier, value);
    }
    let total = 0;
    for (const value of latest.values()) total += value;
    days.push({
      date,
      total,
      provisional: [...latest.keys()].some((identifier) => !reported.has(identifier)),
      dailyChange: days.length === 0 ? null : change,
      added: added.sort((a, b) => (a.identifier < b.identifier ? -1 : 1)),
    });
  }
  return days;
}
