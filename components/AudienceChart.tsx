'use client';

import {
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartData, ChartOptions, LegendItem } from 'chart.js';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useSyncExternalStore, useTransition } from 'react';
import { Line } from 'react-chartjs-2';
import { platformDash } from '@/lib/chart/platform-marks';
import { formatCompact, formatFull } from '@/lib/number-format';
import { colorSetting, cssColor, subscribeTheme } from './theme';

// Piece by piece rather than chart.js/auto: only what a line chart on these axes needs ships.
// Filler shades the forecast's interval.
ChartJS.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip, Legend, Filler);

type ChartSeries = {
  slug: string;
  /** Platform and metric, e.g. "Spotify · Streams". */
  label: string;
  color: string;
  hidden: boolean;
  values: (number | null)[];
  /** Where clicking this platform in the legend leads: the same view with it switched on or off. */
  toggleHref: string;
  /** Indices in `dates` of days marked on the line (spikes). */
  markers?: number[];
};

/** A forecast drawn after the last date: a dashed line and its interval, shaded. */
type ForecastLine = { label: string; color: string; value: number[]; lower: number[]; upper: number[] };
type ChartForecast = { labels: string[]; lines: ForecastLine[] };

export type AudienceChartProps = {
  dates: string[];
  series: ChartSeries[];
  logarithmic: boolean;
  yTitle: string;
  /** Appended to full numbers in tooltips, e.g. " per day". */
  valueSuffix: string;
  description: string;
  forecast?: ChartForecast;
  /** Heads the downloaded image, which has no page around it: the track and the dates shown. */
  imageTitle: string;
};

const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const monthDayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthYearFormat = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const asDate = (isoDate: string): Date => new Date(`${isoDate}T00:00:00Z`);
// Labels are days of the calendar, or days since release ("Day 12") on the compare page, shown as they are.
const isIsoDate = (label: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(label);

const FORECAST_PREFIX = 'Forecast: ';
const DAY_MS = 86_400_000;

/**
 * The chart's colours, read from the stylesheet so that the canvas follows the page's theme. The
 * server render has no stylesheet to read, and draws nothing either: any colour does there.
 */
function canvasColors() {
  if (typeof document === 'undefined') return { ink: '', muted: '', line: '', surface: '' };
  return { ink: cssColor('--ink'), muted: cssColor('--muted'), line: cssColor('--line'), surface: cssColor('--surface') };
}

const IMAGE_TITLE_HEIGHT = 40;

/**
 * The chart as a PNG, legend and axes included, under a title line, on the page's background (a
 * canvas is transparent, which a slide or a dark viewer would show through).
 */
function downloadImage(canvas: HTMLCanvasElement, title: string): void {
  const scale = canvas.width / canvas.clientWidth || 1;
  const band = Math.round(IMAGE_TITLE_HEIGHT * scale);
  const image = document.createElement('canvas');
  image.width = canvas.width;
  image.height = canvas.height + band;
  const context = image.getContext('2d');
  if (!context) return;
  const colors = canvasColors();
  context.fillStyle = colors.surface || '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.fillStyle = colors.ink || '#000000';
  context.font = `600 ${Math.round(16 * scale)}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  context.fillText(title, Math.round(8 * scale), band / 2, image.width - 16 * scale);
  context.drawImage(canvas, 0, band);
  const link = document.createElement('a');
  link.href = image.toDataURL('image/png');
  link.download = `${title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'chart'}.png`;
  link.click();
}

export function AudienceChart({ dates: shownDates, series, logarithmic, yTitle, valueSuffix, description, forecast, imageTitle }: AudienceChartProps) {
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const frame = useRef<HTMLDivElement>(null);
  // Only a key for the colours below: they are read from the stylesheet whenever it changes. The
  // server's placeholder is replaced right after hydration, before the canvas has drawn anything.
  const colorsFor = useSyncExternalStore(subscribeTheme, colorSetting, () => 'light');

  // The forecast's days follow the range's; the lines of the range hold nothing on them.
  const dates = useMemo(() => (forecast ? [...shownDates, ...forecast.labels] : shownDates), [shownDates, forecast]);
  const data = useMemo<ChartData<'line', (number | null)[], string>>(() => {
    const before = new Array<null>(shownDates.length).fill(null);
    const after = new Array<null>(forecast?.labels.length ?? 0).fill(null);
    const radius = shownDates.length > 60 ? 0 : 2;
    return {
      labels: dates,
      datasets: [
        ...series.map((line) => {
          const marked = new Set(line.markers ?? []);
          return {
            label: line.label,
            data: after.length > 0 ? [...line.values, ...after] : line.values,
            hidden: line.hidden,
            borderColor: line.color,
            backgroundColor: line.color,
            borderDash: [...platformDash(line.slug)],
            borderWidth: 2,
            pointRadius: marked.size === 0 ? radius : (context: { dataIndex: number }) => (marked.has(context.dataIndex) ? 6 : radius),
            pointStyle: marked.size === 0 ? 'circle' : (context: { dataIndex: number }) => (marked.has(context.dataIndex) ? 'triangle' : 'circle'),
            pointHoverRadius: 4,
            tension: 0.1,
            spanGaps: true,
          };
        }),
        ...(forecast?.lines ?? []).flatMap((line) => [
          { label: `${FORECAST_PREFIX}${line.label}`, data: [...before, ...line.value], borderColor: line.color, backgroundColor: line.color, borderDash: [6, 4], borderWidth: 2, pointRadius: 0 },
          { label: `${FORECAST_PREFIX}${line.label}, 10th percentile`, data: [...before, ...line.lower], borderColor: 'transparent', backgroundColor: 'transparent', pointRadius: 0 },
          // Filled down to the dataset before it: the band between the interval's bounds.
          { label: `${FORECAST_PREFIX}${line.label}, 90th percentile`, data: [...before, ...line.upper], borderColor: 'transparent', backgroundColor: `${line.color}33`, pointRadius: 0, fill: '-1' },
        ]),
      ],
    };
  }, [dates, shownDates, series, forecast]);

  const options = useMemo<ChartOptions<'line'>>(() => {
    // By the days covered, not the points: a down-sampled decade has few points and needs the years.
    const first = dates[0] ?? '';
    const last = dates.at(-1) ?? '';
    const longRange = isIsoDate(first) && isIsoDate(last) ? asDate(last).getTime() - asDate(first).getTime() > 400 * DAY_MS : dates.length > 400;
    // `colorsFor` is among the dependencies so that the colours are read again when it changes.
    const colors = canvasColors();
    return {
      color: colors.ink,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      normalized: true,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          type: 'category',
          ticks: {
            autoSkip: true,
            maxTicksLimit: 8,
            maxRotation: 0,
            color: colors.muted,
            callback: (_value, index) => {
              const date = dates[index];
              if (!date || !isIsoDate(date)) return date ?? '';
              return (longRange ? monthYearFormat : monthDayFormat).format(asDate(date));
            },
          },
          grid: { display: false },
          border: { color: colors.line },
        },
        y: {
          type: logarithmic ? 'logarithmic' : 'linear',
          title: { display: true, text: yTitle, color: colors.muted },
          ticks: { color: colors.muted, callback: (value) => formatCompact(Number(value)), maxTicksLimit: 8 },
          grid: { color: colors.line },
          border: { color: colors.line },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          // Wide enough to show a whole period of each line's dash pattern.
          labels: {
            color: colors.ink,
            usePointStyle: true,
            pointStyle: 'line',
            boxWidth: 32,
            pointStyleWidth: 32,
            filter: (item) => !item.text.includes('percentile'),
            // With point styles, Chart.js takes a sample's look from the points, which have no dash:
            // each sample gets its line's pattern and width back here.
            generateLabels: (chart) =>
              ChartJS.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                const line = item.datasetIndex === undefined ? undefined : series[item.datasetIndex];
                return line ? { ...item, lineDash: [...platformDash(line.slug)], lineWidth: 2 } : item;
              }),
          },
          onClick: (_event, item: LegendItem) => {
            const line = item.datasetIndex === undefined ? undefined : series[item.datasetIndex];
            if (line) startNavigation(() => router.replace(line.toggleHref, { scroll: false }));
          },
        },
        tooltip: {
          backgroundColor: colors.ink,
          titleColor: colors.surface,
          bodyColor: colors.surface,
          callbacks: {
            title: (items) => {
              const date = items[0]?.label;
              if (!date || !isIsoDate(date)) return date ?? '';
              return dayFormat.format(asDate(date));
            },
            label: (item) => (item.parsed.y === null ? '' : `${item.dataset.label}: ${formatFull(item.parsed.y)}${valueSuffix}`),
          },
        },
      },
    };
  }, [dates, series, logarithmic, yTitle, valueSuffix, router, colorsFor]);

  return (
    <>
      <div className="chart-frame" aria-busy={navigating} ref={frame}>
        <Line data={data} options={options} role="img" aria-label={description} />
      </div>
      <p className="chart-actions">
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => {
            const canvas = frame.current?.querySelector('canvas');
            if (canvas) downloadImage(canvas, imageTitle);
          }}
        >
          Download PNG
        </button>
      </p>
    </>
  );
}
