'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { TABLE_FIRST_ROWS } from '@/lib/chart/long-range';
import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';
import { LineSample } from './LineSample';

type TableSeries = { slug: string; name: string; metricName: string; color: string; values: readonly (number | null)[] };

/**
 * The chart's numbers as a table, newest day first: the accessible alternative to the canvas. A
 * client component fed arrays rather than rows, the chart's own when it draws every day, so the
 * page carries its numbers only once. It shows the latest three months, and every day with
 * `showAll` (behind `showAllHref`); on a down-sampled range it is given only those
 * (lib/chart/long-range.ts): sending and rendering every row made a long range several times
 * slower to serve, and the chart shows it whole at a glance.
 */
export function AudienceTable({
  dates,
  series,
  dayCount,
  showAll,
  showAllHref,
  caption,
  valueSuffix,
}: {
  dates: readonly string[];
  series: readonly TableSeries[];
  /** Days with a value in the whole range, of which `dates` may hold only the latest. */
  dayCount: number;
  showAll: boolean;
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
  const shown = showAll ? rows : rows.slice(0, TABLE_FIRST_ROWS);
  const hidden = dayCount - shown.length;

  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Audience numbers">
        <table className="numbers">
          <caption>
            {/* Its own box so that it stays in view when the table scrolls sideways on a phone. */}
            <span className="caption-text">
              {caption}
              {hidden > 0 ? ` (the latest ${shown.length.toLocaleString('en-US')} of ${dayCount.toLocaleString('en-US')} days)` : ''}
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
            {shown.map((index) => {
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
