import { parseArgs } from 'node:util';
import { dailyRates } from '@/lib/analytics/daily-change';
import { forecastRates, naiveIncrease } from '@/lib/analytics/forecast';
import { median } from '@/lib/analytics/windows';
import { addDays, toDayNumber } from '@/lib/dates';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { formatTable } from '@/scripts/text-table';

/**
 * Backtest of the insights forecast: every series of the demo catalogue and of a second generated
 * catalogue is cut at many days, forecast from what was known then, and compared with what came.
 * Printed per horizon: the median absolute percentage error of the predicted increase, ours and the
 * naive forecast's (the mean daily change of the last 7 days carried forward), and how often the
 * truth fell inside our 80% interval.
 */

const { values: options } = parseArgs({
  options: {
    'end-date': { type: 'string', default: '2026-01-31' },
    'tracks': { type: 'string', default: '24' },
    'every': { type: 'string', default: '21' },
  },
});
const END_DATE = options['end-date'];
const TRACKS = Number(options.tracks);
const EVERY = Number(options.every);
const HORIZONS = [7, 30, 90];
const MIN_HISTORY = 60;
const catalogues = [
  { name: 'demo', seed: 'audience-demo' },
  { name: 'second', seed: 'bench-forecast-second' },
];

type Row = { horizon: number; ours: number[]; naive: number[]; inside: number; cases: number };

const rows: Row[] = HORIZONS.map((horizon) => ({ horizon, ours: [], naive: [], inside: 0, cases: 0 }));
let series = 0;
for (const catalogue of catalogues) {
  for (const track of demoCatalogue({ trackCount: TRACKS, seed: catalogue.seed })) {
    for (const platform of track.platforms) {
      const points = demoSeries(track, platform, END_DATE, catalogue.seed);
      if (points.length < MIN_HISTORY + 90) continue;
      series += 1;
      const dates = points.map((point) => point.date);
      const values = points.map((point) => point.value);
      const truth = dailyRates(dates, values);
      const lastDay = toDayNumber(dates.at(-1) as string);
      for (let cut = MIN_HISTORY; cut < points.length; cut += EVERY) {
        const cutDate = dates[cut] as string;
        const known = dailyRates(dates.slice(0, cut + 1), values.slice(0, cut + 1));
        const end = known.rates.length;
        const forecast = forecastRates(known.rates, end, Math.max(...HORIZONS));
        for (const row of rows) {
          if (toDayNumber(addDays(cutDate, row.horizon)) > lastDay) continue;
          const from = toDayNumber(cutDate) - truth.firstDay + 1;
          const actual = truth.rates.slice(from, from + row.horizon).reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
          const ours = forecast.increase[row.horizon - 1] as number;
          const naive = naiveIncrease(known.rates, end, row.horizon);
          if (actual <= 0 || naive === null) continue;
          row.ours.push(Math.abs(ours - actual) / actual);
          row.naive.push(Math.abs(naive - actual) / actual);
          row.cases += 1;
          if (actual >= (forecast.lower[row.horizon - 1] as number) && actual <= (forecast.upper[row.horizon - 1] as number)) row.inside += 1;
        }
      }
    }
  }
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
console.log(`${series} series from ${catalogues.map((catalogue) => catalogue.name).join(' and ')} catalogues, cut every ${EVERY} points, to ${END_DATE}`);
console.log(
  formatTable(
    ['horizon', 'cases', 'MdAPE ours', 'MdAPE naive', 'ours/naive', '80% interval coverage'],
    rows.map((row) => [
      `${row.horizon} days`,
      String(row.cases),
      percent(median(row.ours)),
      percent(median(row.naive)),
      (median(row.ours) / median(row.naive)).toFixed(2),
      percent(row.inside / row.cases),
    ]),
  ),
);
