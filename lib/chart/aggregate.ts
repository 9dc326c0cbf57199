import { growthIndex, sumSeries } from '@/lib/analytics/aggregate';
import { AppError } from '@/lib/errors';
import { hexToRgba } from './chartjs';
import type { ChartData, ComparisonDataset, PlatformSummary, TrackSummary } from './chartjs';
import { modeLabel } from './modes';
import type { ChartMode } from './modes';

/** The comparison's combined line: `sum` adds a total, `index` a growth index of all platforms shown. */
export const aggregates = ['sum', 'index'] as const;
export type Aggregate = (typeof aggregates)[number];

// Not a platform's colour: the combined line must not be mistaken for one of them.
const COMBINED_COLOR = '#374151';

type Comparison = { track: TrackSummary; platforms: PlatformSummary[]; chart_data: ChartData<ComparisonDataset> };

/**
 * Refuses an aggregate that would mislead: a sum of platforms that count different things
 * (streams plus views), or an index of daily changes, whose first day is no base for growth.
 */
export function checkAggregate(platforms: readonly PlatformSummary[], aggregate: Aggregate, mode: ChartMode): void {
  if (aggregate === 'index' && mode !== 'cumulative') {
    throw new AppError('invalid_input', `aggregate=index indexes cumulative totals; it cannot be combined with mode=${mode}`);
  }
  if (aggregate === 'sum') {
    const byMetric = new Map<string, string[]>();
    for (const platform of platforms) byMetric.set(platform.metric_name, [...(byMetric.get(platform.metric_name) ?? []), platform.slug]);
    if (byMetric.size > 1) {
      const metrics = [...byMetric].map(([metric, slugs]) => `${metric} (${slugs.join(', ')})`).join(', ');
      throw new AppError('invalid_input', `aggregate=sum adds only platforms that count the same metric; these count ${metrics}`);
    }
  }
}

/** The comparison with its combined dataset last; a chart without data stays empty. */
export function withAggregate<C extends Comparison>(chart: C, aggregate: Aggregate, mode: ChartMode): C {
  checkAggregate(chart.platforms, aggregate, mode);
  const { labels, datasets } = chart.chart_data;
  if (labels.length === 0) return chart;
  const rows = datasets.map((dataset) => dataset.data);
  const names = chart.platforms.map((platform) => platform.name).join(' + ');
  const combined: ComparisonDataset = {
    label: aggregate === 'sum' ? modeLabel(`${chart.track.name} on ${names}, total`, mode) : `${chart.track.name} on ${names}, growth index (100 = first day)`,
    data: aggregate === 'sum' ? sumSeries(rows) : growthIndex(rows),
    borderColor: COMBINED_COLOR,
    backgroundColor: hexToRgba(COMBINED_COLOR, 0.1),
  };
  return { ...chart, chart_data: { labels, datasets: [...datasets, combined] } };
}
