import type { ExportFormat } from './csv';
import type { ChartMode } from '@/lib/chart/modes';
import type { ValueMode } from '@/lib/chart/value-modes';
import type { DateRange } from '@/lib/chart/view-params';

// The page's value modes as the chart API names them.
const apiModes: Record<ValueMode, ChartMode> = { cumulative: 'cumulative', daily: 'daily', average7: 'avg7' };

/**
 * The chart API URL that downloads the numbers of a track page's view: its platforms in the order
 * shown, its dates and its value mode. The axis scale (logarithmic, indexed) is how the page draws
 * the numbers, not part of them, so the file holds the values before it.
 */
export function trackExportHref(
  uuid: string,
  view: { platforms: readonly string[]; range: DateRange; mode: ValueMode },
  format: Exclude<ExportFormat, 'json'>,
): string {
  const params = new URLSearchParams({ platforms: view.platforms.join(','), start_date: view.range.start, end_date: view.range.end });
  if (view.mode !== 'cumulative') params.set('mode', apiModes[view.mode]);
  params.set('format', format);
  return `/soundcharts/audience/chart/${uuid}/?${params.toString().replaceAll('%2C', ',')}`;
}
