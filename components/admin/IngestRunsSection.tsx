import Link from 'next/link';
import type { FormAction } from '../ActionMessage';
import { formatMoment } from '../date-format';
import { AdminActionForm } from './AdminActionForm';

type RunView = {
  id: number;
  trackUuid: string;
  trackName: string;
  platformSlug: string;
  trigger: string;
  status: string;
  startedAt: Date;
  windowStart: string | null;
  windowEnd: string | null;
  recordsCreated: number;
  recordsUpdated: number;
  errorCode: string | null;
  error: string | null;
};

type RunFilterView = { status?: string; trigger?: string; track?: string; platform?: string };

type Props = {
  runs: readonly RunView[];
  filter: RunFilterView;
  /** Why the filter in the URL was not applied, if it was not. */
  filterError: string | undefined;
  statuses: readonly string[];
  triggers: readonly string[];
  platforms: readonly { slug: string; name: string }[];
  /** The next page's URL, when there are more runs. */
  olderHref: string | undefined;
  rerun: FormAction;
};

function Choice({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: readonly { value: string; label: string }[] }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ''}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function IngestRunsSection({ runs, filter, filterError, statuses, triggers, platforms, olderHref, rerun }: Props) {
  const plain = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
  return (
    <section className="card admin-panel" aria-labelledby="runs-title">
      <h2 id="runs-title">Ingest runs</h2>
      <form method="get" action="/admin" className="inline-form admin-filters" aria-label="Filter ingest runs">
        <Choice name="status" label="Status" value={filter.status} options={plain(statuses)} />
        <Choice name="trigger" label="Trigger" value={filter.trigger} options={plain(triggers)} />
        <Choice name="platform" label="Platform" value={filter.platform} options={platforms.map((platform) => ({ value: platform.slug, label: platform.name }))} />
        <label className="field grow">
          <span>Track uuid</span>
          <input name="track" defaultValue={filter.track ?? ''} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="button button-quiet">
          Filter
        </button>
        <Link href="/admin">Clear</Link>
      </form>
      {filterError ? <p className="notice notice-error">The filter was not applied: {filterError}.</p> : null}
      {runs.length === 0 ? (
        <p className="muted">No ingest run matches.</p>
      ) : (
        <ul className="run-list">
          {runs.map((run) => (
            <li key={run.id} className={`run-row status-${run.status}`}>
              <div className="run-head">
                <strong>Run {run.id}</strong> <span className={`run-status status-${run.status}`}>{run.status}</span>{' '}
                <span className="muted">
                  {run.trigger}, {formatMoment(run.startedAt)}
                </span>
              </div>
              <div>
                <Link href={`/tracks/${run.trackUuid}`}>{run.trackName}</Link> on {run.platformSlug}
                {run.windowStart && run.windowEnd ? `, ${run.windowStart} to ${run.windowEnd}` : ''}
                {run.status === 'succeeded' ? `: ${run.recordsCreated} new, ${run.recordsUpdated} updated` : ''}
              </div>
              {run.status === 'failed' ? (
                <>
                  <p className="run-error">
                    {run.errorCode ? <code>{run.errorCode}</code> : null} {run.error ?? 'No reason recorded.'}
                  </p>
                  <AdminActionForm action={rerun} hidden={{ runId: String(run.id) }} label={`Re-run run ${run.id}`} pendingLabel="Re-running…" buttonClassName="button button-small" />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {olderHref ? (
        <p>
          <Link href={olderHref}>Older runs</Link>
        </p>
      ) : null}
    </section>
  );
}
