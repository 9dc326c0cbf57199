/**
 * Combining several platforms' series, aligned on the same days, into one. Each row is one
 * platform's values, null where it has none that day.
 */

type Rows = readonly (readonly (number | null)[])[];

/**
 * The sum of the platforms on each day; null on a day any of them lacks, since a sum of some of
 * them would show as a fall that did not happen.
 */
export function sumSeries(rows: Rows): (number | null)[] {
  const length = rows[0]?.length ?? 0;
  return Array.from({ length }, (_, day) => {
    let total = 0;
    for (const row of rows) {
      const value = row[day];
      if (value === null || value === undefined) return null;
      total += value;
    }
    return total;
  });
}

/**
 * A unitless growth index: each platform as a percentage of its first positive value in the range
 * (100 on its first day), then the mean over the platforms that have a value that day. A platform
 * with no positive value has no base and is left out; a day on which none has a value is null.
 * A platform that starts later enters at 100, its own start.
 */
export function growthIndex(rows: Rows): (number | null)[] {
  const length = rows[0]?.length ?? 0;
  const based = rows.flatMap((row) => {
    const base = row.find((value): value is number => value !== null && value > 0);
    return base === undefined ? [] : [{ row, base }];
  });
  return Array.from({ length }, (_, day) => {
    let sum = 0;
    let count = 0;
    for (const { row, base } of based) {
      const value = row[day];
      if (value === null || value === undefined) continue;
      sum += (value * 100) / base;
      count += 1;
    }
    return count === 0 ? null : sum / count;
  });
}
