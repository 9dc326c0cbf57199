import Link from 'next/link';
import type { CSSProperties } from 'react';
import type { ScaleMode, ValueMode } from '@/lib/chart/value-modes';
import { togglePlatform, trackViewHref } from '@/lib/chart/view-params';
import type { DateRange, RangePreset, TrackView } from '@/lib/chart/view-params';
import { LinkPending } from './LinkPending';

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

function Segmented<Value extends string>({
  label,
  options,
  current,
  href,
}: {
  label: string;
  options: [Value, string][];
  current: Value;
  href: (value: Value) => string;
}) {
  return (
    <div className="control">
      <span className="control-label" id={`control-${label}`}>
        {label}
      </span>
      <nav className="segmented" aria-labelledby={`control-${label}`}>
        {options.map(([value, text]) => (
          <Link key={value} href={href(value)} scroll={false} aria-current={value === current ? 'true' : undefined}>
            {text}
            <LinkPending />
          </Link>
        ))}
      </nav>
    </div>
  );
}

/** The chart's controls, as plain links and a GET form: every view is a URL, and all work without JavaScript. */
export function TrackControls({
  uuid,
  view,
  range,
  platforms,
}: {
  uuid: string;
  view: TrackView;
  range: DateRange;
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
        <nav className="chips" aria-labelledby="control-platforms">
          {platforms.map((platform) => {
            const lastShown = platform.shown && shown.length === 1;
            return (
              <Link
                key={platform.slug}
                href={href({ platforms: togglePlatform(shown, available, platform.slug) })}
                scroll={false}
                className={`chip ${platform.shown ? 'is-on' : ''}`}
                style={{ '--chip-color': platform.color } as CSSProperties}
                aria-disabled={lastShown || undefined}
                title={lastShown ? 'At least one platform stays shown' : `${platform.shown ? 'Hide' : 'Show'} ${platform.name}`}
              >
                <span className="chip-dot" aria-hidden="true" />
                {platform.name}
                <span className="visually-hidden">{platform.shown ? ' (shown)' : ' (hidden)'}</span>
                <LinkPending />
              </Link>
            );
          })}
        </nav>
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
        {view.scale !== 'linear' ? <input type="hidden" name="scale" value={view.scale} /> : null}
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
      <Segmented label="Scale" options={scaleLabels} current={view.scale} href={(value) => href({ scale: value })} />
    </div>
  );
}
