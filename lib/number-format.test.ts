import { describe, expect, it } from 'vitest';
import { formatChange, formatCompact, formatFull } from './number-format';

describe('number formats', () => {
  it('writes full numbers with separators', () => {
    expect(formatFull(2_763_701_395)).toBe('2,763,701,395');
    expect(formatFull(523_952.43)).toBe('523,952.4');
  });

  it('writes compact numbers for axes', () => {
    expect(formatCompact(1_500)).toBe('1.5K');
    expect(formatCompact(1_500_000)).toBe('1.5M');
    expect(formatCompact(1_500_000_000)).toBe('1.5B');
    expect(formatCompact(999)).toBe('999');
  });

  it('signs changes, but not zero', () => {
    expect(formatChange(3_700_000)).toBe('+3.7M');
    expect(formatChange(-250)).toBe('-250');
    expect(formatChange(0)).toBe('0');
  });
});
