import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { cache } from 'react';
import { findTrackByUuid } from '@/lib/catalogue/lookups';
import { parseTrackView } from '@/lib/chart/view-params';
import { trackUuidSchema } from '@/lib/identifiers';
import { trackEventsHref } from '@/lib/live/links';
import { formatDay, formatMoment } from '@/components/date-format';
import { TrackChartSection } from '@/components/TrackChartSection';
import { LiveUpdates } from '@/components/LiveUpdates';
import { TrackCover } from '@/components/TrackCover';
import { readAdminSession } from '@/app/_auth/session';
import { pageDatabase } from '@/app/_db/page-database';
import { refreshAllPlatforms, refreshFullHistory, refreshPlatform } from './actions';

type TrackPageProps = {
  params: Promise<{ uuid: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// One lookup per request, shared by the metadata and the page.
const trackByUuid = cache(async (uuid: string) => {
  const parsed = trackUuidSchema.safeParse(uuid);
  return parsed.success ? findTrackByUuid(await pageDatabase(), parsed.data) : undefined;
});

export async function generateMetadata({ params }: TrackPageProps): Promise<Metadata> {
  const track = await trackByUuid((await params).uuid);
  return { title: track ? `${track.name} – ${track.creditName} · Audience` : 'Track not found · Audience' };
}

export default async function TrackPage({ params, searchParams }: TrackPageProps) {
  const [{ uuid }, query] = await Promise.all([params, searchParams]);
  // Checked before anything streams, so that an unknown track is a real 404, not a 200 with a message.
  const [track, session] = await Promise.all([trackByUuid(uuid), readAdminSession()]);
  if (!track) notFound();

  return (
    <main id="main" tabIndex={-1} className="page">
      <LiveUpdates eventsHref={trackEventsHref(track.uuid, track.dataVersion)} />
      <p className="breadcrumb">
        <Link href="/">← All tracks</Link>
      </p>
      <header className="track-header">
        <TrackCover name={track.name} imageUrl={track.imageUrl} size="large" />
        <div>
          <h1>{track.name}</h1>
          <p className="artist">{track.creditName || 'Unknown artist'}</p>
          <dl className="facts">
            <div>
              <dt>Released</dt>
              <dd>{track.releaseDate ? formatDay(track.releaseDate) : 'Unknown'}</dd>
            </div>
            {track.isrc ? (
              <div>
                <dt>ISRC</dt>
                <dd>{track.isrc}</dd>
              </div>
            ) : null}
            <div>
              <dt>Data fetched</dt>
              <dd>{track.audienceFetchedAt ? formatMoment(track.audienceFetchedAt) : 'Never'}</dd>
            </div>
          </dl>
        </div>
      </header>
      <Suspense
        fallback={
          <section className="card chart-card is-loading" aria-busy="true">
            <p className="muted">Loading the audience chart…</p>
          </section>
        }
      >
        <TrackChartSection
          uuid={track.uuid}
          view={parseTrackView(query)}
          refreshActions={session ? { refreshPlatform, refreshAllPlatforms, refreshFullHistory } : undefined}
        />
      </Suspense>
    </main>
  );
}
