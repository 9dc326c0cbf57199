import type { PlatformInsights } from '@/lib/chart/track-insights';
import { formatChange, formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';

const percent = (value: number | null): string => (value === null ? '' : ` (${value >= 0 ? '+' : ''}${value.toFixed(1)}% on the period before)`);
const change = (value: number | null): string => (value === null ? '–' : formatChange(value));

/**
 * Where each platform shown stands on the last day of the range: total, recent change and its
 * growth, spikes. A list rather than a table: the table under the chart is the page's one table of numbers.
 */
export function TrendFigures({ platforms }: { platforms: readonly PlatformInsights[] }) {
  const withData = platforms.filter((platform) => platform.trend.latest_value !== null);
  if (withData.length === 0) return null;
  return (
    <ul className="trend-figures" aria-label="Trend on the last day of the range">
      {withData.map(({ slug, name, trend, spikes }) => (
        <li key={slug}>
          <strong>{name}</strong> {formatFull(trend.latest_value as number)} on {formatDay(trend.latest_date as string)} · 7 days{' '}
          {change(trend.change_7d)}
          {percent(trend.growth_7d)} · 28 days {change(trend.change_28d)}
          {percent(trend.growth_28d)}
          {spikes.length > 0 ? ` · ${spikes.length} spike${spikes.length === 1 ? '' : 's'}, the last on ${formatDay(spikes.at(-1)?.date as string)}` : ''}
        </li>
      ))}
    </ul>
  );
}
