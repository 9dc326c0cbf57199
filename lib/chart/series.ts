/** The neutral series model every chart is built from: dates and values per platform, no presentation. */

export type DatedValue = { date: string; value: number };
export type PlatformDatedValue = DatedValue & { platformId: number };

/** Several platforms on one date axis: `dates` ascending, and per platform a value or null on each date. */
export type AlignedSeries = { dates: string[]; values: (number | null)[][] };

/**
 * Aligns points on the sorted union of their dates, one row of values per platform id in the order
 * given, so that every series can be drawn against the right day. Points of other platforms are ignored.
 */
export function alignSeries(platformIds: readonly number[], points: readonly PlatformDatedValue[]): AlignedSeries {
  const dates = [...new Set(points.map((point) => point.date))].sort();
  const indexOfDate = new Map(dates.map((date, index) => [date, index]));
  const rows = new Map(platformIds.map((id) => [id, new Array<number | null>(dates.length).fill(null)]));
  for (const point of points) {
    const row = rows.get(point.platformId);
    const index = indexOfDate.get(point.date);
    if (row && index !== undefined) row[index] = point.value;
  }
  return { dates, values: platformIds.map((id) => rows.get(id) ?? []) };
}

/**
 * What a series' values alone do not tell: a version of the song (a new platform identifier) whose
 * lifetime total entered the total on a day, and a day whose total counts the last known value of
 * an identifier that has not reported that day yet.
 */
export type SeriesEvent =
  | { type: 'version_added'; platformId: number; date: string; identifier: string; value: number }
  | { type: 'provisional'; platformId: number; date: string };
