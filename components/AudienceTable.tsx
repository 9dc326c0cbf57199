'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';
import { LineSample } from './LineSample';

type TableSeries = { slug: string; name: string; metricName: string; color: string; values: readonly (number | null)[] };

/**
 * The chart's numbers as a table, newest day first: the accessible alternative to the canvas. A
 * client component fed arrays rather than rows, the chart's own when it draws every day, so the
 * page carries its numbers only once. It is given the latest three months of a longer range
 * (lib/chart/long-range.ts), and every day behind `showAllHref`: sending and rendering every row
 * made a long range several times slower to serve, and the chart shows it whole at a glance.
 */
export function AudienceTable({
  dates,
  series,
  dayCount,
  showAllHref,
  caption,
  valueSuffix,
}: {
  dates: readonly string[];
  series: readonly TableSeries[];
  /** Days with a value in the whole range, of which `dates` may hold only the latest. */
  dayCount: number;
  /** The same view with every day in the table. */
  showAllHref: string;
  caption: string;
  valueSuffix: string;
}) {
  const rows = useMemo(() => {
    const withData: number[] = [];
    for (let index = dates.length - 1; index >= 0; index -= 1) {
      if (series.some((line) => line.values[index] !== null && line.values[index] !== undefined)) withData.push(index);
    }
    return withData;
  }, [dates, series]);
  const hidden = dayCount - rows.length;

  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Audience numbers">
        <table className="numbers">
          <caption>
            {/* Its own box so that it stays in view when the table scrolls sideways on a phone. */}
            <span className="caption-text">
              {caption}
              {hidden > 0 ? ` (the latest ${rows.length.toLocaleString('en-US')} of ${dayCount.toLocaleString('en-US')} days)` : ''}
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {series.map((line) => (
                <th scope="col" key={line.slug}>
                  {line.name}
                  <LineSample slug={line.slug} color={line.color} />
                  <span className="metric">
                    {line.metricName}
                    {valueSuffix}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((index) => {
              const date = dates[index] as string;
              return (
                <tr key={date}>
                  <th scope="row">
                    <time dateTime={date}>{formatDay(date)}</time>
                  </th>
                  {series.map((line) => {
                    const value = line.values[index];
                    return <td key={line.slug}>{value === null || value === undefined ? '–' : formatFull(value)}</td>;
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {hidden > 0 ? (
        <p className="table-more">
          <Link className="button button-small button-quiet" href={showAllHref} scroll={false}>
            Show all {dayCount.toLocaleString('en-US')} days
          </Link>
        </p>
      ) : null}
    </>
  );
}
