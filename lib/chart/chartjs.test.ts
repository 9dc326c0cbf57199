import { describe, expect, it } from 'vitest';
import { comparisonChart, hexToRgba, singlePlatformChart } from './chartjs';

const track = { name: 'bad guy' };
const spotify = { id: 1, name: 'Spotify', color: '#3b82f6' };
const apple = { id: 2, name: 'Apple Music', color: '#ef4444' };

describe('hexToRgba', () => {
  it('turns the stored colour into the documented background with alpha 0.1', () => {
    expect(hexToRgba('#3b82f6', 0.1)).toBe('rgba(59, 130, 246, 0.1)');
    expect(hexToRgba('#ef4444', 0.1)).toBe('rgba(239, 68, 68, 0.1)');
    expect(hexToRgba('#000000', 1)).toBe('rgba(0, 0, 0, 1)');
  });
});

describe('singlePlatformChart', () => {
  it('keeps the order and the exact values of the points', () => {
    const chart = singlePlatformChart(track, spotify, [
      { date: '2025-07-21', value: 2_763_701_395 },
      { date: '2025-07-22', value: 9_007_199_254_740_991 },
    ]);
    expect(chart).toEqual({
      labels: ['2025-07-21', '2025-07-22'],
      datasets: [
        {
          label: 'bad guy on Spotify',
          data: [2_763_701_395, 9_007_199_254_740_991],
          borderColor: '#3b82f6',
          backgroundColor: 'rgba(59, 130, 246, 0.1)',
          tension: 0.1,
        },
      ],
    });
    expect(Object.keys(chart.datasets[0] ?? {})).toEqual(['label', 'data', 'borderColor', 'backgroundColor', 'tension']);
  });

  it('gives empty labels and no dataset for no points', () => {
    expect(singlePlatformChart(track, spotify, [])).toEqual({ labels: [], datasets: [] });
  });
});

describe('comparisonChart', () => {
  it('labels the sorted union of dates and aligns each platform with null where it has no point', () => {
    const chart = comparisonChart(track, [spotify, apple], [
      { platformId: 2, date: '2025-07-23', value: 30 },
      { platformId: 1, date: '2025-07-21', value: 1 },
      { platformId: 2, date: '2025-07-21', value: 10 },
      { platformId: 1, date: '2025-07-22', value: 2 },
    ]);
    expect(chart.labels).toEqual(['2025-07-21', '2025-07-22', '2025-07-23']);
    expect(chart.datasets.map((dataset) => dataset.data)).toEqual([
      [1, 2, null],
      [10, null, 30],
    ]);
    expect(chart.datasets.map((dataset) => dataset.label)).toEqual(['bad guy on Spotify', 'bad guy on Apple Music']);
  });

  it('gives each dataset the keys of the documented comparison, in its order and without tension', () => {
    const chart = comparisonChart(track, [spotify], [{ platformId: 1, date: '2025-07-21', value: 1 }]);
    expect(chart.datasets).toEqual([
      { label: 'bad guy on Spotify', data: [1], borderColor: '#3b82f6', backgroundColor: 'rgba(59, 130, 246, 0.1)' },
    ]);
    expect(Object.keys(chart.datasets[0] ?? {})).toEqual(['label', 'data', 'borderColor', 'backgroundColor']);
  });

  it('gives empty labels and no datasets for no points, even for platforms asked by name', () => {
    expect(comparisonChart(track, [spotify, apple], [])).toEqual({ labels: [], datasets: [] });
  });

  it('keeps a platform with no point in the window as a dataset of nulls, in the order given', () => {
    const chart = comparisonChart(track, [apple, spotify], [{ platformId: 1, date: '2025-07-21', value: 5 }]);
    expect(chart.datasets.map((dataset) => [dataset.label, dataset.data])).toEqual([
      ['bad guy on Apple Music', [null]],
      ['bad guy on Spotify', [5]],
    ]);
  });
});
