import { dailyChange, drops, trailingMean } from '@/lib/analytics/daily-change';
import type { SeriesValues } from '@/lib/analytics/daily-change';
import { addDays } from '@/lib/dates';
import type { ChartWindow } from './queries';

/**
 * The value modes of the chart API. `cumulative` is the stored total; the others derive from its
 * daily change (lib/analytics/daily-change.ts), so a drop of the total is a null that day and a
 * data event, never a negative change.
 */
export const chartModes = ['cumulative', 'daily', 'avg7', 'avg28'] as const;
export type ChartMode = (typeof chartModes)[number];
export type DerivedMode = Exclude<ChartMode, 'cumulative'>;

/** Something in the data a reader must know to read the figures right; only drops for now. */
export type DataEvent = { type: 'drop'; date: string; platform: string; change: number };

const meanWindow: Record<Exclude<DerivedMode, 'daily'>, number> = { avg7: 7, avg28: 28 };

const modeWords: Record<DerivedMode, string> = {
  daily: 'daily change',
  avg7: '7-day average of the daily change',
  avg28: '28-day average of the daily change',
};

/** What a dataset of this mode holds, for its label: "bad guy on Spotify, daily change". */
export function modeLabel(baseLabel: string, mode: ChartMode): string {
  return mode === 'cumulative' ? baseLabel : `${baseLabel}, ${modeWords[mode]}`;
}

/** The figure of each day in this mode, from the cumulative values aligned with `dates`. */
export function deriveValues(dates: readonly string[], values: SeriesValues, mode: DerivedMode): (number | null)[] {
  return mode === 'daily' ? dailyChange(dates, values) : trailingMean(dates, values, meanWindow[mode]);
}

/**
 * How far before the first day shown to read, in days and in points, so that the first days shown
 * have their figure: a week for the daily change (the track page reads the same week), the whole
 * window for the averages. A longer gap across the start leaves the first days null.
 */
function leadIn(mode: DerivedMode): number {
  return mode === 'avg28' ? 28 : 7;
}

/** The window to read for a derived mode: the lead-in before the start and on top of the limit. */
export function readWindow(window: ChartWindow, mode: DerivedMode): ChartWindow {
  const lead = leadIn(mode);
  return {
    startDate: window.startDate === undefined ? undefined : addDays(window.startDate, -lead),
    endDate: window.endDate,
    limit: window.limit === undefined ? undefined : window.limit + lead,
  };
}

/** Index of the first of `dates` (ascending) the window shows: on or after its start, and the last `limit` of those. */
export function firstShown(dates: readonly string[], window: ChartWindow): number {
  const start = window.startDate;
  const fromStart = start === undefined ? 0 : dates.findIndex((date) => date >= start);
  const from = fromStart === -1 ? dates.length : fromStart;
  return window.limit === undefined ? from : Math.max(from, dates.length - window.limit);
}

/** The drops of one platform's series on the days shown (from index `from` of `dates`). */
export function dropEvents(dates: readonly string[], values: SeriesValues, platform: string, from: number): DataEvent[] {
  const first = dates[from];
  if (first === undefined) return [];
  return drops(dates, values)
    .filter((drop) => drop.date >= first)
    .map((drop) => ({ type: 'drop', date: drop.date, platform, change: drop.change }));
}
