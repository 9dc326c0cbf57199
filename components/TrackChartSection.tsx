import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { listPlatforms } from '@/lib/catalogue/lookups';
import { env } from '@/lib/env';
import { audienceCallsFor } from '@/lib/soundcharts/client';
import { loadTrackChartView } from '@/lib/chart/track-view';
import { togglePlatform, trackViewHref } from '@/lib/chart/view-params';
import type { TrackView } from '@/lib/chart/view-params';
import { AudienceChart } from './AudienceChart';
import { AudienceTable } from './AudienceTable';
import { formatDay } from './date-format';
import { RefreshControls } from './RefreshControls';
import type { RefreshActions } from './RefreshControls';
import { DataEventsNote } from './DataEventsNote';
import { chartTexts } from './track-chart-text';
import { TrackControls } from './TrackControls';

/**
 * The chart, its controls, the table of numbers and, for admins (refreshActions given only to a
 * signed-in admin), the refresh buttons.
 */
export async function TrackChartSection({
  uuid,
  view: asked,
  refreshActions,
}: {
  uuid: string;
  view: TrackView;
  refreshActions: RefreshActions | undefined;
}) {
  const db = await getDb();
  const chart = await loadTrackChartView(db, uuid, asked);
  if (!chart) notFound();
  const { track, view, scale, range, series, dates, events } = chart;
  const shown = series.filter((line) => line.shown);
  const available = series.map((line) => line.slug);
  const shownSlugs = shown.map((line) => line.slug);
  const texts = range ? chartTexts(shown, view.mode, scale.scale, range) : undefined;
  const hasPoints = shown.some((line) => line.values.some((value) => value !== null));
  const others = refreshActions ? (await listPlatforms(db)).filter((platform) => !available.includes(platform.slug)) : [];

  return (
    <>
      {range && texts ? (
        <section className="card chart-card" aria-labelledby="chart-title">
          <h2 id="chart-title" className="visually-hidden">
            Audience over time
          </h2>
          <TrackControls
            uuid={track.uuid}
            view={view}
            range={range}
            scale={scale}
            platforms={series.map(({ slug, name, color, shown: isShown }) => ({ slug, name, color, shown: isShown }))}
          />
          {hasPoints ? (
            <>
              <AudienceChart
                dates={dates}
                series={series.map((line) => ({
                  slug: line.slug,
                  label: `${line.name} · ${line.metricName}`,
                  color: line.color,
                  hidden: !line.shown,
                  values: line.values,
                  toggleHref: trackViewHref(track.uuid, { ...view, platforms: togglePlatform(shownSlugs, available, line.slug) }),
                }))}
                logarithmic={scale.scale === 'log'}
                yTitle={texts.yTitle}
                valueSuffix={texts.valueSuffix}
                description={texts.description}
                imageTitle={`${track.name} – ${track.creditName}, ${formatDay(range.start)} to ${formatDay(range.end)}`}
              />
              {texts.note ? <p className="note">{texts.note}</p> : null}
              <DataEventsNote events={events} />
              <AudienceTable
                dates={dates}
                series={shown.map(({ slug, name, metricName, color, values }) => ({ slug, name, metricName, color, values }))}
                caption={texts.caption}
                valueSuffix={texts.valueSuffix}
              />
            </>
          ) : (
            <div className="empty">
              <p>
                <strong>No numbers in this range.</strong> The data runs from {formatDay((chart.extent ?? range).start)} to{' '}
                {formatDay((chart.extent ?? range).end)}.
              </p>
              <p>
                <Link href={trackViewHref(track.uuid, { ...view, range: 'all' })}>Show all dates</Link>
                {view.mode !== 'cumulative' ? (
                  <>
                    {' '}
                    or <Link href={trackViewHref(track.uuid, { ...view, mode: 'cumulative' })}>show totals</Link>
                  </>
                ) : null}
                .
              </p>
            </div>
          )}
        </section>
      ) : (
        <section className="card empty">
          <h2>No audience data yet</h2>
          <p>
            {refreshActions
              ? 'Fetch it from SoundCharts with “Fetch audience” below.'
              : 'An admin can fetch it from SoundCharts. If you are one, sign in, then use “Fetch audience” on this page.'}
          </p>
          {refreshActions ? null : (
            <p>
              <Link className="button button-quiet" href={`/sign-in?next=${encodeURIComponent(`/tracks/${track.uuid}`)}`}>
                Admin sign-in
              </Link>
            </p>
          )}
        </section>
      )}

      {refreshActions ? (
        <RefreshControls
          trackUuid={track.uuid}
          platforms={series.map((line) => ({ slug: line.slug, name: line.name }))}
          others={others.map((platform) => ({ slug: platform.slug, name: platform.name }))}
          actions={refreshActions}
          fullHistoryCost={{ days: env().AUDIENCE_HISTORY_DAYS, callsPerPlatform: audienceCallsFor(env().AUDIENCE_HISTORY_DAYS) }}
        />
      ) : null}
    </>
  );
}
