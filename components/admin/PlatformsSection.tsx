import type { FormAction } from '../ActionMessage';
import { AdminActionForm } from './AdminActionForm';

export type PlatformView = {
  slug: string;
  name: string;
  audienceMetricName: string;
  platformIdentifier: string;
  color: string;
  /** Stored days and tracks on this platform: what a new SoundCharts code would leave fetched with the old one. */
  points: number;
  tracks: number;
};

export function PlatformsSection({ platforms, update }: { platforms: readonly PlatformView[]; update: FormAction }) {
  return (
    <section className="card admin-panel" aria-labelledby="platforms-title">
      <h2 id="platforms-title">Platforms</h2>
      <p className="muted">A new SoundCharts code is used from the next fetch on; the days stored so far stay as fetched with the old one.</p>
      <div className="platform-list">
        {platforms.map((platform) => (
          <details key={platform.slug} className="platform-edit">
            <summary>
              <span className="platform-swatch" style={{ background: platform.color }} aria-hidden="true" /> {platform.name}{' '}
              <span className="muted">
                {platform.audienceMetricName}, code {platform.platformIdentifier ? <code>{platform.platformIdentifier}</code> : 'not set'},{' '}
                {platform.points.toLocaleString('en-US')} days of {platform.tracks.toLocaleString('en-US')} tracks
              </span>
            </summary>
            <AdminActionForm action={update} hidden={{ slug: platform.slug }} label={`Save ${platform.name}`} pendingLabel="Saving…" className="platform-form">
              <label className="field">
                <span>Name</span>
                <input name="name" defaultValue={platform.name} required maxLength={60} />
              </label>
              <label className="field">
                <span>Metric name</span>
                <input name="audienceMetricName" defaultValue={platform.audienceMetricName} required maxLength={40} />
              </label>
              <label className="field">
                <span>SoundCharts code</span>
                <input
                  name="platformIdentifier"
                  defaultValue={platform.platformIdentifier}
                  maxLength={64}
                  pattern="[a-z0-9]+(-[a-z0-9]+)*"
                  title="Lowercase words joined by hyphens, like apple-music"
                  spellCheck={false}
                  aria-describedby={`code-note-${platform.slug}`}
                />
              </label>
              <label className="field">
                <span>Colour</span>
                <input name="color" type="color" defaultValue={platform.color} />
              </label>
              <p id={`code-note-${platform.slug}`} className="muted code-note">
                Changing the code affects {platform.points.toLocaleString('en-US')} stored days of {platform.tracks.toLocaleString('en-US')} tracks, fetched with
                the current one.
              </p>
            </AdminActionForm>
          </details>
        ))}
      </div>
    </section>
  );
}
