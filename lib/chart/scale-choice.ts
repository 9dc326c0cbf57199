import type { ScaleMode } from './value-modes';

/**
 * Above this ratio between the largest and the smallest platform shown, a linear axis squeezes the
 * smaller lines flat against zero: at 100 times, the smallest spans at most 1% of the axis's height.
 */
export const LOG_DEFAULT_RATIO = 100;

/** Each series' newest value: the one a reader compares first, and the one the axis must hold. */
function latest(values: readonly (number | null)[]): number | null {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    const value = values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/**
 * How many times the largest positive latest value is the smallest; undefined when fewer than two
 * series have one (zero and negative values have no place on a logarithmic axis, so they do not count).
 */
export function latestValueRatio(series: readonly (readonly (number | null)[])[]): number | undefined {
  const positives = series.map(latest).filter((value): value is number => value !== null && value > 0);
  if (positives.length < 2) return undefined;
  return Math.max(...positives) / Math.min(...positives);
}

export type ScaleChoice = {
  scale: ScaleMode;
  /** Set when the scale was picked for the reader, not asked for: the page says why. */
  chosenFor: { ratio: number } | undefined;
};

/**
 * The scale a view is drawn on: the one asked for in the URL when there is one, else logarithmic
 * when the series differ by more than LOG_DEFAULT_RATIO times, else linear.
 */
export function chooseScale(asked: ScaleMode | undefined, series: readonly (readonly (number | null)[])[]): ScaleChoice {
  if (asked !== undefined) return { scale: asked, chosenFor: undefined };
  const ratio = latestValueRatio(series);
  if (ratio !== undefined && ratio > LOG_DEFAULT_RATIO) return { scale: 'log', chosenFor: { ratio } };
  return { scale: 'linear', chosenFor: undefined };
}
