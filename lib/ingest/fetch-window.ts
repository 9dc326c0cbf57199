import { addDays } from '@/lib/dates';

export type IngestWindow = { startDate: string; endDate: string };

/** Days re-read before the last known day, because SoundCharts restates recent values. */
export const INCREMENTAL_OVERLAP_DAYS = 7;

/**
 * How far back the oldest provisional day may pull an incremental fetch: a window of at most 100
 * days is one billed page, so a version lagging longer is still re-read at no extra cost, and one
 * that stopped reporting for good cannot make every later fetch longer.
 */
const PROVISIONAL_LOOKBACK_DAYS = 93;

export type WindowInput = {
  today: string;
  historyDays: number;
  /** Re-fetch the whole history window: an admin's explicit choice, as it costs a call per 100 days. */
  fullHistory: boolean;
  /** The newest stored date of the pair, if any. */
  lastStoredDate: string | undefined;
  /** The last day a successful fetch of the pair asked for, if any. */
  coveredUntil: string | undefined;
  /** The oldest stored day whose total carries a version's last known value, if any. */
  earliestProvisionalDate: string | undefined;
};

/**
 * The period to ask SoundCharts for: the whole history window on a first fetch or when the whole
 * history is asked for, otherwise (forced refreshes included) from the last known day minus the
 * overlap, or from the oldest provisional day when that is earlier (within PROVISIONAL_LOOKBACK_DAYS
 * of the last known day), so that a version lagging more than the overlap is read again once it
 * reports; never earlier than the history window.
 */
export function fetchWindow(input: WindowInput): IngestWindow {
  const historyStart = addDays(input.today, -(input.historyDays - 1));
  const known = [input.lastStoredDate, input.coveredUntil].filter((day): day is string => day !== undefined);
  if (input.fullHistory || known.length === 0) return { startDate: historyStart, endDate: input.today };
  const reached = known.reduce((latest, day) => (day > latest ? day : latest));
  const overlapStart = addDays(reached, -INCREMENTAL_OVERLAP_DAYS);
  const lookbackLimit = addDays(reached, -PROVISIONAL_LOOKBACK_DAYS);
  const provisional = input.earliestProvisionalDate;
  const from =
    provisional !== undefined && provisional < overlapStart ? (provisional < lookbackLimit ? lookbackLimit : provisional) : overlapStart;
  const startDate = from < historyStart ? historyStart : from > input.today ? input.today : from;
  return { startDate, endDate: input.today };
}
