import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb, getReadDb } from '@/db/client';
import { listPlatforms } from '@/lib/catalogue/lookups';
import { env } from '@/lib/env';
import { audienceCallsFor } from '@/lib/soundcharts/client';
import { chartLines, markerIndexes, tableLines } from '@/lib/chart/long-range';
import { loadTrackChartView } from '@/lib/chart/track-view';
import { trackExportHref } from '@/lib/export/links';
import { loadTrackInsights } from '@/lib/chart/track-insights';
import { togglePlatform, trackViewHref } from '@/lib/chart/view-params';
import type { TrackView } from '@/lib/chart/view-params';
import { AudienceChart } from './AudienceChart';
import { AudienceTable } from './AudienceTable';
import { TrendFigures } from './TrendFigures';
import { formatDay } from './date-format';
import { RefreshControls } from './RefreshControls';
import type { RefreshActions } from './RefreshControls';
import { DataEventsNote } from './DataEventsNote';
import { chartTexts, dropNote, sampledNote } from './track-chart-text';
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
  // Refresh buttons mean a signed-in admin, whose page after a refresh must show what it wrote: the primary.
  const db = refreshActions ? await getDb() : await getReadDb();
  const chart = await loadTrackChartView(db, uuid, asked);
  if (!chart) notFound();
  const { track, view, scale, range, series, dates, events } = chart;
  const shown = series.filter((line) => line.shown);
  const available = series.map((line) => line.slug);
  const shownSlugs = shown.map((line) => line.slug);
  const texts = range ? chartTexts(shown, view.mode, scale.scale, range) : undefined;
  const dropText = dropNote(chart.drops, new Map(series.map((line) => [line.slug, line.name])));
  const hasPoints = shown.some((line) => line.values.some((value) => value !== null));
  const others = refreshActions ? (await listPlatforms(db)).filter((platform) => !available.includes(platform.slug)) : [];
  const insights = range && hasPoints ? await loadTrackInsights(db, track.uuid, shownSlugs, range.end, view.forecast ?? 1, chart.history) : [];
  const spikeDays = new Map(insights.map((platform) => [platform.slug, new Set(platform.spikes.map((spike) => spike.date))]));
  // A long range: the chart gets at most TRACK_CHART_POINTS points a line, the table its latest days exact.
  const lines = chartLines({ dates, series: series.map((line) => line.values) }, view.mode, env().TRACK_CHART_POINTS);
  const table = tableLines({ dates, series: shown.map((line) => line.values) }, view.table === 'all', lines.daysPerPoint === undefined);
  // A forecast of totals: drawn on a linear axis of totals only, where its line continues the chart's.
  const drawForecast = view.forecast !== undefined && view.mode === 'cumulative' && scale.scale === 'linear';
  const forecastLines = drawForecast
    ? insights.flatMap(({ slug, name, forecast }) => {
        const line = shown.find((candidate) => candidate.slug === slug);
        return forecast && line ? [{ label: name, color: line.color, labels: forecast.labels, value: forecast.value, lower: forecast.lower, upper: forecast.upper }] : [];
      })
    : [];

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
              <TrendFigures platforms={insights} />
              <AudienceChart
                dates={lines.dates}
                series={series.map((line, index) => ({
                  slug: line.slug,
                  label: `${line.name} · ${line.metricName}`,
                  color: line.color,
                  hidden: !line.shown,
                  values: lines.series[index] ?? [],
                  toggleHref: trackViewHref(track.uuid, { ...view, platforms: togglePlatform(shownSlugs, available, line.slug) }),
                  markers: markerIndexes(lines.dates, spikeDays.get(line.slug)),
                }))}
                forecast={
                  forecastLines.length > 0
                    ? { labels: forecastLines[0]?.labels ?? [], lines: forecastLines.map(({ label, color, value, lower, upper }) => ({ label, color, value, lower, upper })) }
                    : undefined
                }
                logarithmic={scale.scale === 'log'}
                yTitle={texts.yTitle}
                valueSuffix={texts.valueSuffix}
                description={texts.description}
                imageTitle={`${track.name} – ${track.creditName}, ${formatDay(range.start)} to ${formatDay(range.end)}`}
              />
              {texts.note ? <p className="note">{texts.note}</p> : null}
              {lines.daysPerPoint ? <p className="note">{sampledNote(lines.daysPerPoint, view.mode)}</p> : null}
              <DataEventsNote events={events} />
              {dropText ? <p className="note drop-note">{dropText}</p> : null}
              <p className="note">
                Triangles mark spikes: days whose change is far above the median of the 28 days before.{' '}
                {view.forecast === undefined ? (
                  <Link href={trackViewHref(track.uuid, { ...view, forecast: 30 })} scroll={false}>
                    Show a 30-day forecast
                  </Link>
                ) : drawForecast ? (
                  <>
                    The dashed line is a {view.forecast}-day forecast (the mean daily change of the last 28 days carried on), shaded
                    where the total should fall 8 times in 10.{' '}
                    <Link href={trackViewHref(track.uuid, { ...view, forecast: undefined })} scroll={false}>
                      Hide the forecast
                    </Link>
                  </>
                ) : (
                  'The forecast is drawn on totals on a linear scale.'
                )}
              </p>
              <AudienceTable
                dates={table.dates}
                series={shown.map(({ slug, name, metricName, color }, index) => ({ slug, name, metricName, color, values: table.series[index] ?? [] }))}
                dayCount={table.dayCount}
                showAll={view.table === 'all'}
                showAllHref={trackViewHref(track.uuid, { ...view, table: 'all' })}
                caption={texts.caption}
                valueSuffix={texts.valueSuffix}
              />
              <p className="downloads">
                {/* Plain links to the chart API: the browser downloads the file, no script is sent for it. */}
                <a className="button button-quiet" href={trackExportHref(track.uuid, { platforms: shownSlugs, range, mode: view.mode }, 'csv')} download>
                  Download CSV
                </a>{' '}
                <a className="button button-quiet" href={trackExportHref(track.uuid, { platforms: shownSlugs, range, mode: view.mode }, 'xlsx')} download>
                  Download Excel
                </a>
              </p>
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
