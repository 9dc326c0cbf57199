import Link from 'next/link';
import type { ChartMode } from '@/lib/chart/modes';
import type { Alignment, TrackComparison } from '@/lib/chart/compare-tracks';
import { compareHref } from '@/lib/chart/compare-view';
import type { CompareView } from '@/lib/chart/compare-view';
import { LOG_DEFAULT_RATIO } from '@/lib/chart/scale-choice';
import type { ScaleChoice } from '@/lib/chart/scale-choice';
import { applyScale } from '@/lib/chart/value-modes';
import type { ScaleMode } from '@/lib/chart/value-modes';
import { formatFull } from '@/lib/number-format';
import { AudienceChart } from './AudienceChart';
import { formatDay } from './date-format';
import { Segmented } from './Segmented';

const alignLabels: [Alignment, string][] = [
  ['calendar', 'Calendar'],
  ['release', 'Since release'],
];
const modeLabels: [ChartMode, string][] = [
  ['cumulative', 'Total'],
  ['daily', 'Daily change'],
  ['avg7', '7-day average'],
  ['avg28', '28-day average'],
];
const scaleLabels: [ScaleMode, string][] = [
  ['linear', 'Linear'],
  ['log', 'Logarithmic'],
  ['indexed', 'Indexed'],
];
const modeWords: Record<ChartMode, string> = {
  cumulative: '',
  daily: ' per day',
  avg7: ' per day, 7-day average',
  avg28: ' per day, 28-day average',
};

/** Several tracks on one platform: the view's controls, the chart, the downloads and the falls of the totals. */
export function CompareTracksSection({ view, comparison, scale }: { view: CompareView; comparison: TrackComparison; scale: ScaleChoice }) {
  const { chart_data: chart, platform, tracks } = comparison;
  const measure = `${platform.metric_name}${modeWords[view.mode]}`;
  const indexed = scale.scale === 'indexed';
  const names = new Map(tracks.map((track) => [track.uuid, track.name]));
  const events = comparison.data_events ?? [];
  return (
    <section className="card chart-card" aria-labelledby="compare-title">
      <h2 id="compare-title" className="visually-hidden">
        Tracks compared
      </h2>
      <div className="controls">
        <Segmented label="Align" options={alignLabels} current={view.align} href={(align) => compareHref({ ...view, align })} />
        <Segmented label="Values" options={modeLabels} current={view.mode} href={(mode) => compareHref({ ...view, mode })} />
        <Segmented
          label="Scale"
          options={scaleLabels}
          current={scale.scale}
          href={(value) => compareHref({ ...view, scale: value })}
          note={scale.chosenFor ? `Logarithmic scale chosen: the tracks differ more than ${LOG_DEFAULT_RATIO} times.` : undefined}
        />
      </div>
      {chart.labels.length === 0 ? (
        <div className="empty">
          <p>
            <strong>No numbers to compare.</strong> None of these tracks has data on {platform.name}
            {view.align === 'release' ? ' from its release on' : ''}.
          </p>
        </div>
      ) : (
        <>
          <AudienceChart
            dates={chart.labels}
            series={chart.datasets.map((dataset, index) => ({
              slug: tracks[index]?.uuid ?? String(index),
              label: dataset.label,
              color: dataset.borderColor,
              hidden: false,
              values: applyScale(dataset.data, scale.scale),
              toggleHref: compareHref(view),
            }))}
            logarithmic={scale.scale === 'log'}
            imageTitle={`${tracks.map((track) => track.name).join(' vs ')} on ${platform.name}`}
            yTitle={indexed ? `${measure}, index (100 = first day)` : measure}
            valueSuffix={indexed ? ' (index)' : modeWords[view.mode]}
            description={`Line chart of ${measure.toLowerCase()}${indexed ? ' as an index' : ''} on ${platform.name} for ${tracks.map((track) => track.name).join(', ')}, ${
              view.align === 'release' ? 'by days since each release' : `${formatDay(chart.labels[0] as string)} to ${formatDay(chart.labels.at(-1) as string)}`
            }.`}
          />
          {events.length > 0 ? (
            <p className="note drop-note">
              {`The total of ${events.map((event) => `${names.get(event.track) ?? event.track} fell by ${formatFull(-event.change)} on ${formatDay(event.date)}`).join('; ')}. `}
              A cumulative total falls when SoundCharts restates its source, not when listeners are lost, so such a day shows no change.
            </p>
          ) : null}
          <p className="downloads">
            <a className="button button-quiet" href={compareHref(view, 'csv')} download>
              Download CSV
            </a>{' '}
            <a className="button button-quiet" href={compareHref(view, 'xlsx')} download>
              Download Excel
            </a>
          </p>
        </>
      )}
      <ul className="compared-tracks">
        {tracks.map((track) => (
          <li key={track.uuid}>
            <Link href={`/tracks/${track.uuid}`}>{track.name}</Link> <span className="muted">{track.credit_name}</span>{' '}
            <span className="muted">· released {track.release_date ? formatDay(track.release_date) : 'on an unknown date'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
