import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { checkAggregate, withAggregate } from './aggregate';

const track = { name: 'bad guy', credit_name: 'Billie Eilish', uuid: 'u' };
const appleMusic = { name: 'Apple Music', slug: 'apple_music', metric_name: 'Listeners' };
const deezer = { name: 'Deezer', slug: 'deezer', metric_name: 'Listeners' };
const spotify = { name: 'Spotify', slug: 'spotify', metric_name: 'Streams' };
const line = (label: string, data: (number | null)[]) => ({ label, data, borderColor: '#000000', backgroundColor: 'rgba(0, 0, 0, 0.1)' });

const chart = {
  track,
  platforms: [appleMusic, deezer],
  chart_data: {
    labels: ['2025-07-21', '2025-07-22', '2025-07-23'],
    datasets: [line('bad guy on Apple Music', [1000, 1100, 1200]), line('bad guy on Deezer', [null, 40, 60])],
  },
};

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (isAppError(error) && error.code === 'invalid_input') return error.message;
    throw error;
  }
  throw new Error('not refused');
}

describe('withAggregate', () => {
  it('adds a total of platforms that count the same metric, last, null where one has no value', () => {
    const result = withAggregate(chart, 'sum', 'cumulative');
    expect(result.chart_data.datasets.slice(0, 2)).toEqual(chart.chart_data.datasets);
    expect(result.chart_data.datasets[2]).toEqual({
      label: 'bad guy on Apple Music + Deezer, total',
      data: [null, 1140, 1260],
      borderColor: '#374151',
      backgroundColor: 'rgba(55, 65, 81, 0.1)',
    });
  });

  it('names the mode in the total of derived values', () => {
    expect(withAggregate(chart, 'sum', 'daily').chart_data.datasets[2]?.label).toBe('bad guy on Apple Music + Deezer, total, daily change');
  });

  it('adds the growth index: each platform 100 on its first day, averaged', () => {
    const result = withAggregate({ ...chart, platforms: [spotify, deezer] }, 'index', 'cumulative');
    // Day 1: Apple Music alone at 100; day 2: (110 + 100) / 2; day 3: (120 + 150) / 2.
    expect(result.chart_data.datasets[2]?.data).toEqual([100, 105, 135]);
    expect(result.chart_data.datasets[2]?.label).toBe('bad guy on Spotify + Deezer, growth index (100 = first day)');
  });

  it('leaves a chart without data empty', () => {
    const empty = { ...chart, chart_data: { labels: [], datasets: [] } };
    expect(withAggregate(empty, 'sum', 'cumulative')).toEqual(empty);
  });
});

describe('checkAggregate', () => {
  it('refuses to sum different metrics, naming them and their platforms', () => {
    expect(refusal(() => checkAggregate([spotify, appleMusic, deezer], 'sum', 'cumulative'))).toBe(
      'aggregate=sum adds only platforms that count the same metric; these count Streams (spotify), Listeners (apple_music, deezer)',
    );
  });

  it('refuses an index of derived values', () => {
    expect(refusal(() => checkAggregate([spotify], 'index', 'avg7'))).toBe('aggregate=index indexes cumulative totals; it cannot be combined with mode=avg7');
  });

  it('indexes platforms of any metrics', () => {
    expect(() => checkAggregate([spotify, appleMusic], 'index', 'cumulative')).not.toThrow();
  });
});
