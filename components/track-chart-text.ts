import type { ScaleMode, ValueMode } from '@/lib/chart/value-modes';
import type { DateRange } from '@/lib/chart/view-params';
import type { DataEvent } from '@/lib/chart/modes';
import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';

type Shown = { name: string; metricName: string };

export type ChartTexts = {
  yTitle: string;
  /** After a full number in a tooltip or a table heading. */
  valueSuffix: string;
  description: string;
  caption: string;
  /** What the current mode and scale mean, for the note under the chart. */
  note: string | undefined;
};

const modeWords: Record<ValueMode, { single: string; several: string; suffix: string }> = {
  cumulative: { single: '', several: 'Total audience', suffix: '' },
  daily: { single: ' per day', several: 'Change per day', suffix: ' per day' },
  average7: { single: ' per day, 7-day average', several: 'Change per day, 7-day average', suffix: ' per day (7-day avg.)' },
};

/** The axis title, suffixes and descriptions of a chart: the metric's own name when one platform is shown. */
export function chartTexts(shown: readonly Shown[], mode: ValueMode, scale: ScaleMode, range: DateRange): ChartTexts {
  const words = modeWords[mode];
  const single = shown.length === 1 ? shown[0] : undefined;
  const measure = single ? `${single.metricName}${words.single}` : words.several;
  const indexed = scale === 'indexed';
  const yTitle = indexed ? `${measure}, index (100 = first day)` : measure;
  const period = `${formatDay(range.start)} to ${formatDay(range.end)}`;
  const names = shown.map((line) => line.name).join(', ');
  const notes: string[] = [];
  if (mode !== 'cumulative') {
    notes.push('Where SoundCharts skipped days, the change between the known days is spread evenly over the days in between.');
    notes.push("A song with several versions changes by what each version gained; a version added does not count as a change.");
  }
  if (indexed) notes.push('Each platform is 100 on its first day in the range, so lines a thousand times apart can be compared.');
  if (scale === 'log') notes.push('On a logarithmic scale, zero and negative values are left out.');
  return {
    yTitle,
    valueSuffix: indexed ? ' (index)' : words.suffix,
    description: `Line chart of ${measure.toLowerCase()}${indexed ? ' as an index' : ''} on ${names}, ${period}. The table below holds the same numbers.`,
    caption: `${indexed ? `${measure}, indexed` : measure} on ${names}, ${period}, newest first`,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}

/**
 * What the page says about the days a total fell: the same rule as the chart API's data events, so
 * that a blank day in the daily figures is never left unexplained.
 */
export function dropNote(drops: readonly DataEvent[], platformNames: ReadonlyMap<string, string>): string | undefined {
  if (drops.length === 0) return undefined;
  const falls = drops.map((drop) => `${platformNames.get(drop.platform) ?? drop.platform} fell by ${formatFull(-drop.change)} on ${formatDay(drop.date)}`);
  return `The total on ${falls.join('; ')}. A cumulative total falls when SoundCharts restates its source, not when listeners are lost, so such a day shows no change and averages leave it out.`;
}

/** What a point of a down-sampled chart stands for, so that a tooltip's day is not read as that day alone. */
export function sampledNote(daysPerPoint: number, mode: ValueMode): string {
  const what = mode === 'cumulative' ? 'the total on the last of them' : 'the mean of their daily figures';
  return `The range is long, so each point of the chart stands for up to ${daysPerPoint} days and shows ${what}, on its last day. The table below gives every day.`;
}
