import Link from 'next/link';
import { listTracks, parseTrackListQuery, platformsInUse, trackListQueryString, TRACKS_PER_PAGE } from '@/lib/catalogue/track-list';
import { AddTrackForm } from '@/components/AddTrackForm';
import { addTrack } from './actions';
import { Pagination } from '@/components/Pagination';
import { COMPARE_FORM_ID, TrackListTable } from '@/components/TrackListTable';
import { TrackSearchForm } from '@/components/TrackSearchForm';
import { readAdminSession } from '@/app/_auth/session';
import { pageDatabase } from '@/app/_db/page-database';

type ListPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TrackListPage({ searchParams }: ListPageProps) {
  const query = parseTrackListQuery(await searchParams);
  const db = await pageDatabase();
  const [page, platforms, session] = await Promise.all([listTracks(db, query), platformsInUse(db), readAdminSession()]);
  const first = (page.page - 1) * TRACKS_PER_PAGE + 1;
  const last = first + page.rows.length - 1;
  const reversed = `/${trackListQueryString({ ...query, dir: query.dir === 'asc' ? 'desc' : 'asc', page: 1 })}`;
  const platformChoices = platforms.length > 0 ? platforms : [{ slug: 'spotify', name: 'Spotify' }];

  return (
    <main id="main" tabIndex={-1} className="page">
      <div className="page-title">
        <h1>Tracks</h1>
        <p className="muted">Daily audience across streaming and social platforms, from SoundCharts.</p>
      </div>
      {session ? <AddTrackForm addTrack={addTrack} /> : null}
      <TrackSearchForm query={query} platforms={platformChoices} />

      {page.total === 0 ? (
        <div className="card empty">
          {query.q ? (
            <>
              <h2>No track matches “{query.q}”</h2>
              <p>
                Check the spelling, search for part of the title or the artist, or <Link href="/">clear the search</Link>.
              </p>
            </>
          ) : (
            <>
              <h2>No tracks yet</h2>
              <p>
                {session
                  ? 'Add one above by its SoundCharts uuid.'
                  : 'An admin adds tracks by their SoundCharts uuid. To try the app with demo data, run npm run demo.'}
              </p>
            </>
          )}
        </div>
      ) : page.rows.length === 0 ? (
        <div className="card empty">
          <h2>This page is past the end of the list</h2>
          <p>
            There are {page.total.toLocaleString('en-US')} tracks on {page.pageCount.toLocaleString('en-US')} pages.{' '}
            <Link href={`/${trackListQueryString({ ...query, page: page.pageCount })}`}>Go to the last page</Link>.
          </p>
        </div>
      ) : (
        <>
          <p className="results-line">
            <span>
              {first.toLocaleString('en-US')}–{last.toLocaleString('en-US')} of {page.total.toLocaleString('en-US')} track
              {page.total === 1 ? '' : 's'}
              {query.q ? ` matching “${query.q}”` : ''}
            </span>
            <Link href={reversed}>Reverse order</Link>
          </p>
          <form id={COMPARE_FORM_ID} className="compare-form" method="get" action="/compare">
            <input type="hidden" name="platform" value={query.platform} />
            <span className="muted">Tick 2 to 10 tracks, then</span>
            <button type="submit" className="button button-quiet">
              Compare selected
            </button>
          </form>
          <div className="card flush">
            <TrackListTable rows={page.rows} query={query} />
          </div>
          <Pagination query={query} pageCount={page.pageCount} />
        </>
      )}
    </main>
  );
}
