import { formatMoment } from '../date-format';

export type AuditView = { id: number; at: Date; admin: string; action: string; summary: string };

export function AuditSection({ entries }: { entries: readonly AuditView[] }) {
  return (
    <section className="card admin-panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Changes made here</h2>
      {entries.length === 0 ? (
        <p className="muted">No change has been made on this page yet.</p>
      ) : (
        <ol className="audit-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              <span className="muted">
                {formatMoment(entry.at)}, {entry.admin}, {entry.action.replaceAll('_', ' ')}:
              </span>{' '}
              {entry.summary}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
