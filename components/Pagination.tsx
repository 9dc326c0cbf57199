import Link from 'next/link';
import { trackListQueryString } from '@/lib/catalogue/track-list';
import type { TrackListQuery } from '@/lib/catalogue/track-list';

export function Pagination({ query, pageCount }: { query: TrackListQuery; pageCount: number }) {
  if (pageCount <= 1) return null;
  const href = (page: number): string => `/${trackListQueryString({ ...query, page })}`;
  const page = Math.min(query.page, pageCount);
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? <Link href={href(1)}>« First</Link> : <span aria-hidden="true">« First</span>}
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev">
          ‹ Previous
        </Link>
      ) : (
        <span aria-hidden="true">‹ Previous</span>
      )}
      <span className="pagination-status" aria-current="page">
        Page {page.toLocaleString('en-US')} of {pageCount.toLocaleString('en-US')}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} rel="next">
          Next ›
        </Link>
      ) : (
        <span aria-hidden="true">Next ›</span>
      )}
      {page < pageCount ? <Link href={href(pageCount)}>Last »</Link> : <span aria-hidden="true">Last »</span>}
    </nav>
  );
}
