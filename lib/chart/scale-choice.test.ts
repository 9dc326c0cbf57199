import { describe, expect, it } from 'vitest';
import { chooseScale, LOG_DEFAULT_RATIO, latestValueRatio } from './scale-choice';

describe('latestValueRatio', () => {
  it('divides the largest newest value by the smallest, skipping trailing gaps', () => {
    expect(latestValueRatio([[1, 2, 3_000], [5, 3, null], [null, null, null]])).toBe(1_000);
  });

  it('leaves out zero and negative newest values, and needs two series to compare', () => {
    expect(latestValueRatio([[10], [0], [-5]])).toBeUndefined();
    expect(latestValueRatio([[10], [0], [2]])).toBe(5);
    expect(latestValueRatio([[10, 20]])).toBeUndefined();
    expect(latestValueRatio([])).toBeUndefined();
  });
});

describe('chooseScale', () => {
  const farApart = [[3_000_000_000], [1_500_000]];

  it('picks logarithmic when the platforms differ by more than the threshold, and says so', () => {
    expect(chooseScale(undefined, farApart)).toEqual({ scale: 'log', chosenFor: { ratio: 2_000 } });
  });

  it('stays linear at the threshold and below it', () => {
    expect(chooseScale(undefined, [[LOG_DEFAULT_RATIO], [1]])).toEqual({ scale: 'linear', chosenFor: undefined });
    expect(chooseScale(undefined, [[LOG_DEFAULT_RATIO + 1], [1]]).scale).toBe('log');
    expect(chooseScale(undefined, [[5], [4]])).toEqual({ scale: 'linear', chosenFor: undefined });
  });

  it('keeps the scale the reader asked for, whatever the spread', () => {
    expect(chooseScale('linear', farApart)).toEqual({ scale: 'linear', chosenFor: undefined });
    expect(chooseScale('indexed', farApart)).toEqual({ scale: 'indexed', chosenFor: undefined });
    expect(chooseScale('log', [[5], [4]])).toEqual({ scale: 'log', chosenFor: undefined });
  });
});
