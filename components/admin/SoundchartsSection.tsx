import Link from 'next/link';
import { formatMoment } from '../date-format';

export type SoundchartsView = {
  stored: { remaining: number; observedAt: Date } | undefined;
  /** The usage endpoint's answer now; a sentence when it could not be asked. */
  live: { remaining: number; observedAt: Date } | string;
  floor: number;
  days: readonly { day: string; runs: number; calls: number }[];
  cron:
    | { startedAt: Date; finishedAt: Date | null; pairs: number; byStatus: Record<string, number>; recordsCreated: number; recordsUpdated: number }
    | undefined;
  overdue: readonly { trackUuid: string; platformSlug: string; lastSucceededAt: Date | null; lastAttemptAt: Date | null }[];
  overdueMore: boolean;
};

export function SoundchartsSection({ view }: { view: SoundchartsView }) {
  const most = Math.max(1, ...view.days.map((day) => day.calls));
  const total = view.days.reduce((sum, day) => sum + day.calls, 0);
  return (
    <section className="card admin-panel" aria-labelledby="soundcharts-title">
      <h2 id="soundcharts-title">SoundCharts</h2>
      <dl className="admin-facts">
        <dt>Quota left (stored reading)</dt>
        <dd>{view.stored ? `${view.stored.remaining.toLocaleString('en-US')} calls, read ${formatMoment(view.stored.observedAt)}` : 'No reading stored yet'}</dd>
        <dt>Quota left (asked now)</dt>
        <dd>{typeof view.live === 'string' ? view.live : `${view.live.remaining.toLocaleString('en-US')} calls`}</dd>
        <dt>Floor</dt>
        <dd>{view.floor.toLocaleString('en-US')} calls (no billed call below it)</dd>
        <dt>Last cron cycle</dt>
        <dd>
          {view.cron
            ? `${formatMoment(view.cron.startedAt)}${view.cron.finishedAt ? '' : ' (still running)'}: ${view.cron.pairs} pairs, ${view.cron.byStatus.succeeded ?? 0} succeeded, ${view.cron.byStatus.skipped ?? 0} skipped, ${view.cron.byStatus.failed ?? 0} failed; ${view.cron.recordsCreated.toLocaleString('en-US')} new days, ${view.cron.recordsUpdated.toLocaleString('en-US')} updated`
            : 'The scheduler has not run yet'}
        </dd>
      </dl>
      <h3>Calls per day, last {view.days.length} days</h3>
      <p className="muted">{total.toLocaleString('en-US')} billed audience calls, counted from the runs’ windows (a call per 100 days).</p>
      <div className="table-scroll">
        <table className="numbers calls-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Runs</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {view.days
              .filter((day) => day.runs > 0)
              .map((day) => (
                <tr key={day.day}>
                  <th scope="row">{day.day}</th>
                  <td>{day.runs.toLocaleString('en-US')}</td>
                  <td>
                    <span className="call-bar" style={{ width: `${Math.max(2, (day.calls / most) * 100)}%` }} aria-hidden="true" />
                    {day.calls.toLocaleString('en-US')}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {view.days.every((day) => day.runs === 0) ? <p className="muted">No ingest run in these days.</p> : null}
      <h3>Pairs overdue</h3>
      {view.overdue.length === 0 ? (
        <p className="muted">None: every pair the scheduler keeps was fetched in the last day.</p>
      ) : (
        <ul className="overdue-list">
          {view.overdue.map((pair) => (
            <li key={`${pair.trackUuid} ${pair.platformSlug}`}>
              <Link href={`/tracks/${pair.trackUuid}`}>{pair.trackUuid}</Link> on {pair.platformSlug}:{' '}
              {pair.lastSucceededAt
                ? `last fetched ${formatMoment(pair.lastSucceededAt)}`
                : pair.lastAttemptAt
                  ? `never fetched successfully, last tried ${formatMoment(pair.lastAttemptAt)}`
                  : 'not tried by the scheduler yet'}
            </li>
          ))}
          {view.overdueMore ? <li className="muted">and more</li> : null}
        </ul>
      )}
    </section>
  );
}
