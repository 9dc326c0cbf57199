import { describe, expect, it } from 'vitest';
import { perceivedDistance, perceivedLab } from './colour-vision';

describe('perceivedLab', () => {
  it('gives the known CIELAB coordinates of white, black and sRGB red', () => {
    expect(perceivedLab('#ffffff', 'normal').map((value) => Math.round(value) + 0)).toEqual([100, 0, 0]);
    expect(perceivedLab('#000000', 'normal').map((value) => Math.round(value) + 0)).toEqual([0, 0, 0]);
    // Red is L* 53.24, a* 80.09, b* 67.20.
    expect(perceivedLab('#ff0000', 'normal').map((value) => Math.round(value) + 0)).toEqual([53, 80, 67]);
  });

  it('leaves greys alone under either deficiency', () => {
    for (const vision of ['protanopia', 'deuteranopia'] as const) {
      const [lightness, a, b] = perceivedLab('#808080', vision);
      expect(lightness).toBeCloseTo(perceivedLab('#808080', 'normal')[0], 0);
      expect(Math.abs(a)).toBeLessThan(1.5);
      expect(Math.abs(b)).toBeLessThan(1.5);
    }
  });
});

describe('perceivedDistance', () => {
  it('brings red and green together for red-green deficiencies, not blue and yellow', () => {
    const normal = perceivedDistance('#d62728', '#2ca02c', 'normal');
    expect(perceivedDistance('#d62728', '#2ca02c', 'deuteranopia')).toBeLessThan(normal / 3);
    expect(perceivedDistance('#d62728', '#2ca02c', 'protanopia')).toBeLessThan(normal / 2);
    expect(perceivedDistance('#1f77b4', '#ffd700', 'deuteranopia')).toBeGreaterThan(60);
  });
});
