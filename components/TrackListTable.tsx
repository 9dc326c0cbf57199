import Link from 'next/link';
import type { CSSProperties } from 'react';
import { formatChange, formatCompact, formatFull } from '@/lib/number-format';
import { defaultDirection, metricSortKeys, trackListQueryString } from '@/lib/catalogue/track-list';
import type { TrackListQuery, TrackListRow, TrackSortKey } from '@/lib/catalogue/track-list';
import { formatDay } from './date-format';
import { TrackCover } from './TrackCover';

function SortHeader({ label, sort, query }: { label: string; sort: TrackSortKey; query: TrackListQuery }) {
  const active = query.sort === sort;
  const dir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(sort);
  const href = `/${trackListQueryString({ ...query, sort, dir, page: 1 })}`;
  return (
    <Link href={href} className="sort-link" aria-label={`Sort by ${label.toLowerCase()}, ${dir === 'asc' ? 'ascending' : 'descending'}`}>
      {label}
      <span aria-hidden="true" className="sort-arrow">
        {active ? (query.dir === 'asc' ? '▲' : '▼') : '↕'}
      </span>
    </Link>
  );
}

function Change({ label, value, days }: { label: string; value: number | null; days: number }) {
  return (
    <span className="figure-change" title={value === null ? `Not enough history for a ${days}-day change` : `${formatFull(value)} over ${days} days`}>
      <abbr title={`change over ${days} days`}>{label}</abbr>{' '}
      <span className={value !== null && value < 0 ? 'is-negative' : undefined}>{value === null ? '–' : formatChange(value)}</span>
    </span>
  );
}

export const COMPARE_FORM_ID = 'compare-form';

/** The tracks of one page; each row carries every platform's latest value and its 7- and 28-day change. */
export function TrackListTable({ rows, query }: { rows: TrackListRow[]; query: TrackListQuery }) {
  const sortedBy = metricSortKeys.includes(query.sort) ? query.platform : undefined;
  const ariaSort = (sort: TrackSortKey) => (query.sort === sort ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  return (
    <table className="track-table">
      <thead>
        <tr>
          <th scope="col" aria-sort={ariaSort('title') ?? ariaSort('artist')}>
            <SortHeader label="Title" sort="title" query={query} /> <span className="muted">/</span>{' '}
            <SortHeader label="Artist" sort="artist" query={query} />
          </th>
          <th scope="col" className="released-cell" aria-sort={ariaSort('released')}>
            <SortHeader label="Released" sort="released" query={query} />
          </th>
          <th scope="col">Latest audience · change over 7 and 28 days</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.uuid}>
            <td>
              <div className="track-cell">
                {/* Sent by the form of the list page (COMPARE_FORM_ID) that opens the compare page. */}
                <input type="checkbox" className="compare-pick" name="track" value={row.uuid} form={COMPARE_FORM_ID} aria-label={`Compare ${row.name}`} />
                <TrackCover name={row.name} imageUrl={row.imageUrl} size="small" />
                <span>
                  <Link href={`/tracks/${row.uuid}`} className="track-title">
                    {row.name}
                  </Link>
                  <span className="track-artist">{row.creditName || 'Unknown artist'}</span>
                </span>
              </div>
            </td>
            <td className="released-cell">{row.releaseDate ? formatDay(row.releaseDate) : '–'}</td>
            <td>
              {row.platforms.length === 0 ? (
                <span className="muted">No data yet</span>
              ) : (
                <ul className="figures">
                  {row.platforms.map((figures) => (
                    <li
                      key={figures.slug}
                      className={figures.slug === sortedBy ? 'figure is-sorted' : 'figure'}
                      style={{ '--platform-color': figures.color } as CSSProperties}
                    >
                      <span className="figure-platform">{figures.name}</span>
                      <span
                        className="figure-latest"
                        title={`${formatFull(figures.latest)} ${figures.metricName.toLowerCase()} on ${formatDay(figures.latestDate)}`}
                      >
                        {formatCompact(figures.latest)}
                      </span>
                      <Change label="7d" value={figures.change7} days={7} />
                      <Change label="28d" value={figures.change28} days={28} />
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
