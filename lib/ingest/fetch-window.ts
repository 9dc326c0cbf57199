import { addDays } from '@/lib/dates';

export type IngestWindow = { startDate: string; endDate: string };

/** Days re-read before the last known day, because SoundCharts restates recent values. */
export const INCREMENTAL_OVERLAP_DAYS = 7;

export type WindowInput = {
  today: string;
  historyDays: number;
  /** Re-fetch the whole history window: an admin's explicit choice, as it costs a call per 100 days. */
  fullHistory: boolean;
  /** The newest stored date of the pair, if any. */
  lastStoredDate: string | undefined;
  /** The last day a successful fetch of the pair asked for, if any. */
  coveredUntil: string | undefined;
};

/**
 * The period to ask SoundCharts for: the whole history window on a first fetch or when the whole
 * history is asked for, otherwise (forced refreshes included) from the last known day minus the
 * overlap, never earlier than the history window.
 */
export function fetchWindow(input: WindowInput): IngestWindow {
  const historyStart = addDays(input.today, -(input.historyDays - 1));
  const known = [input.lastStoredDate, input.coveredUntil].filter((day): day is string => day !== undefined);
  if (input.fullHistory || known.length === 0) return { startDate: historyStart, endDate: input.today };
  const reached = known.reduce((latest, day) => (day > latest ? day : latest));
  const from = addDays(reached, -INCREMENTAL_OVERLAP_DAYS);
  const startDate = from < historyStart ? historyStart : from > input.today ? input.today : from;
  return { startDate, endDate: input.today };
}
