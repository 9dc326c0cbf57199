'use client';

import {
  CategoryScale,
  Chart as ChartJS,
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
import { useMemo, useTransition } from 'react';
import { Line } from 'react-chartjs-2';
import { formatCompact, formatFull } from '@/lib/number-format';

// Piece by piece rather than chart.js/auto: only what a line chart on these axes needs ships.
ChartJS.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip, Legend);

type ChartSeries = {
  slug: string;
  /** Platform and metric, e.g. "Spotify · Streams". */
  label: string;
  color: string;
  hidden: boolean;
  values: (number | null)[];
  /** Where clicking this platform in the legend leads: the same view with it switched on or off. */
  toggleHref: string;
};

export type AudienceChartProps = {
  dates: string[];
  series: ChartSeries[];
  logarithmic: boolean;
  yTitle: string;
  /** Appended to full numbers in tooltips, e.g. " per day". */
  valueSuffix: string;
  description: string;
};

const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const monthDayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthYearFormat = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const asDate = (isoDate: string): Date => new Date(`${isoDate}T00:00:00Z`);
// Labels are days of the calendar, or days since release ("Day 12") on the compare page, shown as they are.
const isIsoDate = (label: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(label);

export function AudienceChart({ dates, series, logarithmic, yTitle, valueSuffix, description }: AudienceChartProps) {
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();

  const data = useMemo<ChartData<'line', (number | null)[], string>>(
    () => ({
      labels: dates,
      datasets: series.map((line) => ({
        label: line.label,
        data: line.values,
        hidden: line.hidden,
        borderColor: line.color,
        backgroundColor: line.color,
        borderWidth: 2,
        pointRadius: dates.length > 60 ? 0 : 2,
        pointHoverRadius: 4,
        tension: 0.1,
        spanGaps: true,
      })),
    }),
    [dates, series],
  );

  const options = useMemo<ChartOptions<'line'>>(() => {
    const longRange = dates.length > 400;
    return {
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
            callback: (_value, index) => {
              const date = dates[index];
              if (!date || !isIsoDate(date)) return date ?? '';
              return (longRange ? monthYearFormat : monthDayFormat).format(asDate(date));
            },
          },
          grid: { display: false },
        },
        y: {
          type: logarithmic ? 'logarithmic' : 'linear',
          title: { display: true, text: yTitle },
          ticks: { callback: (value) => formatCompact(Number(value)), maxTicksLimit: 8 },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: { usePointStyle: true, pointStyle: 'line', boxWidth: 24 },
          onClick: (_event, item: LegendItem) => {
            const line = item.datasetIndex === undefined ? undefined : series[item.datasetIndex];
            if (line) startNavigation(() => router.replace(line.toggleHref, { scroll: false }));
          },
        },
        tooltip: {
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
  }, [dates, series, logarithmic, yTitle, valueSuffix, router]);

  return (
    <div className="chart-frame" aria-busy={navigating}>
      <Line data={data} options={options} role="img" aria-label={description} />
    </div>
  );
}
