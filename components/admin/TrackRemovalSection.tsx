import Link from 'next/link';
import type { FormAction } from '../ActionMessage';
import { AdminActionForm } from './AdminActionForm';

export type RemovalView =
  | { state: 'ask' }
  | { state: 'confirm'; trackUuid: string; trackName: string; creditName: string; points: number; platforms: number }
  | { state: 'error'; message: string; trackUuid: string };

/** Removal in two steps: the uuid is looked up (a GET, in the URL), then the removal is confirmed with what goes. */
export function TrackRemovalSection({ view, remove }: { view: RemovalView; remove: FormAction }) {
  return (
    <section className="card admin-panel" aria-labelledby="remove-title" id="remove-track">
      <h2 id="remove-title">Remove a track</h2>
      <form method="get" action="/admin#remove-track" className="inline-form">
        <label className="field grow">
          <span>SoundCharts uuid of the track</span>
          <input name="remove" defaultValue={view.state === 'ask' ? '' : view.trackUuid} required autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="button button-quiet">
          Look it up
        </button>
      </form>
      {view.state === 'error' ? <p className="notice notice-error">{view.message}</p> : null}
      {view.state === 'confirm' ? (
        <div className="notice removal-confirm">
          <p>
            Remove <strong>“{view.trackName}”</strong>
            {view.creditName ? ` by ${view.creditName}` : ''} and its <strong>{view.points.toLocaleString('en-US')} stored days</strong> on{' '}
            {view.platforms} platform{view.platforms === 1 ? '' : 's'}, with its ingest runs? This cannot be undone; adding it again fetches its history
            again.
          </p>
          <AdminActionForm
            action={remove}
            hidden={{ trackUuid: view.trackUuid, expectedPoints: String(view.points) }}
            label={`Remove “${view.trackName}” and ${view.points.toLocaleString('en-US')} days`}
            pendingLabel="Removing…"
            buttonClassName="button button-danger"
          >
            <Link href="/admin#remove-track">Cancel</Link>
          </AdminActionForm>
        </div>
      ) : null}
    </section>
  );
}
