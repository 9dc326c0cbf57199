import Link from 'next/link';
import type { CSSProperties } from 'react';
import { LOG_DEFAULT_RATIO } from '@/lib/chart/scale-choice';
import type { ScaleChoice } from '@/lib/chart/scale-choice';
import type { ScaleMode, ValueMode } from '@/lib/chart/value-modes';
import { togglePlatform, trackViewHref } from '@/lib/chart/view-params';
import type { DateRange, RangePreset, TrackView } from '@/lib/chart/view-params';
import { LinkPending } from './LinkPending';
import { Segmented } from './Segmented';

type PlatformChip = { slug: string; name: string; color: string; shown: boolean };

const rangeLabels: [Exclude<RangePreset, 'custom'>, string][] = [
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['1y', '1 year'],
  ['all', 'All'],
];
const modeLabels: [ValueMode, string][] = [
  ['cumulative', 'Total'],
  ['daily', 'Daily change'],
  ['average7', '7-day average'],
];
const scaleLabels: [ScaleMode, string][] = [
  ['linear', 'Linear'],
  ['log', 'Logarithmic'],
  ['indexed', 'Indexed'],
];

/** The chart's controls, as plain links and a GET form: every view is a URL, and all work without JavaScript. */
export function TrackControls({
  uuid,
  view,
  range,
  scale,
  platforms,
}: {
  uuid: string;
  view: TrackView;
  range: DateRange;
  scale: ScaleChoice;
  platforms: PlatformChip[];
}) {
  const shown = platforms.filter((platform) => platform.shown).map((platform) => platform.slug);
  const available = platforms.map((platform) => platform.slug);
  const href = (change: Partial<TrackView>): string => trackViewHref(uuid, { ...view, ...change });
  return (
    <div className="controls">
      <div className="control control-wide">
        <span className="control-label" id="control-platforms">
          Platforms
        </span>
        <div role="group" className="chips" aria-labelledby="control-platforms">
          {platforms.map((platform) => {
            const style = { '--chip-color': platform.color } as CSSProperties;
            const marks = (
              <>
                <span className="chip-dot" aria-hidden="true" />
                {platform.name}
              </>
            );
            // The last platform shown cannot be hidden: a link that goes nowhere would still be
            // announced and followed, so it is plain text that says why.
            if (platform.shown && shown.length === 1) {
              return (
                <span key={platform.slug} className="chip is-on is-fixed" style={style} title="At least one platform stays shown">
                  {marks}
                  <span className="visually-hidden"> (shown; at least one platform stays shown)</span>
                </span>
              );
            }
            return (
              <Link
                key={platform.slug}
                href={href({ platforms: togglePlatform(shown, available, platform.slug) })}
                scroll={false}
                className={`chip ${platform.shown ? 'is-on' : ''}`}
                style={style}
                title={`${platform.shown ? 'Hide' : 'Show'} ${platform.name}`}
              >
                {marks}
                <span className="visually-hidden">{platform.shown ? ' (shown)' : ' (hidden)'}</span>
                <LinkPending />
              </Link>
            );
          })}
        </div>
      </div>
      <Segmented
        label="Range"
        options={view.range === 'custom' ? [...rangeLabels, ['custom', 'Custom'] as ['custom', string]] : rangeLabels}
        current={view.range}
        href={(value) => href({ range: value })}
      />
      <form className="control custom-range" method="get" action={`/tracks/${uuid}`}>
        {view.platforms ? <input type="hidden" name="platforms" value={view.platforms.join(',')} /> : null}
        {view.mode !== 'cumulative' ? <input type="hidden" name="mode" value={view.mode} /> : null}
        {view.scale !== undefined ? <input type="hidden" name="scale" value={view.scale} /> : null}
        <input type="hidden" name="range" value="custom" />
        <label className="field field-inline">
          <span>From</span>
          <input type="date" name="from" defaultValue={range.start} required />
        </label>
        <label className="field field-inline">
          <span>To</span>
          <input type="date" name="to" defaultValue={range.end} required />
        </label>
        <button type="submit" className="button button-small button-quiet">
          Apply dates
        </button>
      </form>
      <Segmented label="Values" options={modeLabels} current={view.mode} href={(value) => href({ mode: value })} />
      <Segmented
        label="Scale"
        options={scaleLabels}
        current={scale.scale}
        href={(value) => href({ scale: value })}
        note={scale.chosenFor ? `Logarithmic scale chosen: the platforms shown differ more than ${LOG_DEFAULT_RATIO} times.` : undefined}
      />
    </div>
  );
}
