'use client';

import { useMemo, useState } from 'react';
import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';
import { LineSample } from './LineSample';

type TableSeries = { slug: string; name: string; metricName: string; color: string; values: readonly (number | null)[] };

/**
 * Rows shown before "Show all": three months of days. A three-year view holds over a thousand rows
 * per platform; sending and rendering them all made the page several times slower to serve, and
 * the chart already shows the whole range at a glance.
 */
const FIRST_ROWS = 92;

/**
 * The chart's numbers as a table, newest day first: the accessible alternative to the canvas. A
 * client component fed the same arrays as the chart, so the page carries its numbers only once.
 */
export function AudienceTable({
  dates,
  series,
  caption,
  valueSuffix,
}: {
  dates: readonly string[];
  series: readonly TableSeries[];
  caption: string;
  valueSuffix: string;
}) {
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => {
    const withData: number[] = [];
    for (let index = dates.length - 1; index >= 0; index -= 1) {
      if (series.some((line) => line.values[index] !== null && line.values[index] !== undefined)) withData.push(index);
    }
    return withData;
  }, [dates, series]);
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  const hidden = rows.length - shown.length;

  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Audience numbers">
        <table className="numbers">
          <caption>
            {/* Its own box so that it stays in view when the table scrolls sideways on a phone. */}
            <span className="caption-text">
              {caption}
              {hidden > 0 ? ` (the latest ${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} days)` : ''}
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
          <button type="button" className="button button-small button-quiet" onClick={() => setShowAll(true)}>
            Show all {rows.length.toLocaleString('en-US')} days
          </button>
        </p>
      ) : null}
    </>
  );
}
