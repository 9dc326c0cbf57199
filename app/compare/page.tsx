import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { compareTracks } from '@/lib/chart/compare-tracks';
import type { TrackComparison } from '@/lib/chart/compare-tracks';
import { compareHref, MAX_COMPARED_TRACKS, parseCompareView } from '@/lib/chart/compare-view';
import { chooseScale } from '@/lib/chart/scale-choice';
import { isAppError } from '@/lib/errors';
import { CompareTracksSection } from '@/components/CompareTracksSection';
import { pageDatabase } from '@/app/_db/page-database';

export const metadata: Metadata = { title: 'Compare tracks · Audience' };

type ComparePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ComparePage({ searchParams }: ComparePageProps) {
  const query = await searchParams;
  const view = parseCompareView(query);
  // The list page's form sends one `track` field per box ticked; the page's own URL is the compare route's.
  if (query.track !== undefined) redirect(compareHref(view));

  let comparison: TrackComparison | undefined;
  let problem: string | undefined;
  if (view.tracks.length < 2 || view.tracks.length > MAX_COMPARED_TRACKS) {
    problem = `Choose 2 to ${MAX_COMPARED_TRACKS} tracks to compare (${view.tracks.length} chosen).`;
  } else {
    try {
      comparison = await compareTracks(await pageDatabase(), view.tracks, view.platform, { align: view.align, mode: view.mode, window: {} });
    } catch (error) {
      if (isAppError(error) && error.code === 'not_found') notFound();
      if (!isAppError(error) || error.code !== 'invalid_input') throw error;
      problem = error.message;
    }
  }

  return (
    <main className="page">
      <p className="breadcrumb">
        <Link href="/">← All tracks</Link>
      </p>
      <div className="page-title">
        <h1>Compare tracks{comparison ? ` on ${comparison.platform.name}` : ''}</h1>
        <p className="muted">One line per track, on the calendar or by days since each release.</p>
      </div>
      {comparison ? (
        <CompareTracksSection
          view={view}
          comparison={comparison}
          scale={chooseScale(
            view.scale,
            comparison.chart_data.datasets.map((dataset) => dataset.data),
          )}
        />
      ) : (
        <section className="card empty">
          <p>{problem}</p>
          <p>
            {view.align === 'release' && view.tracks.length >= 2 ? (
              <Link href={compareHref({ ...view, align: 'calendar' })}>Compare them on the calendar</Link>
            ) : (
              <Link href="/">Choose tracks on the list</Link>
            )}
          </p>
        </section>
      )}
    </main>
  );
}
