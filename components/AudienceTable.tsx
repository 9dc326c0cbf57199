import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';

type TableSeries = { slug: string; name: string; metricName: string; values: (number | null)[] };

/** The chart's numbers as a table, newest day first: the accessible alternative to the canvas. */
export function AudienceTable({
  dates,
  series,
  caption,
  valueSuffix,
}: {
  dates: string[];
  series: TableSeries[];
  caption: string;
  valueSuffix: string;
}) {
  const rows: number[] = [];
  for (let index = dates.length - 1; index >= 0; index -= 1) {
    if (series.some((line) => line.values[index] !== null && line.values[index] !== undefined)) rows.push(index);
  }
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Audience numbers">
      <table className="numbers">
        <caption>
          {/* Its own box so that it stays in view when the table scrolls sideways on a phone. */}
          <span className="caption-text">{caption}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {series.map((line) => (
              <th scope="col" key={line.slug}>
                {line.name}
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
  );
}
