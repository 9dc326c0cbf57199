import Link from 'next/link';
import { findingInWords, findingKindNames } from '@/lib/operations/finding-text';
import { findingKinds } from '@/lib/operations/series-findings';
import { formatMoment } from '../date-format';
import type { FindingsReport } from '@/lib/operations/series-findings';

export function FindingsSection({ report, checkedAt, freshMinutes }: { report: FindingsReport; checkedAt: Date; freshMinutes: number }) {
  const total = findingKinds.reduce((sum, kind) => sum + report.counts[kind], 0);
  return (
    <section className="card admin-panel" aria-labelledby="findings-title">
      <h2 id="findings-title">Data validation</h2>
      <p className="muted">
        The checks of <code>npm run validate-data</code> (values unchanged for more than {report.flatDays} days, more than {report.gapDays} days missing), run{' '}
        {formatMoment(checkedAt)} and shown for {freshMinutes} minutes: they read every stored point. <code>npm run validate-data -- --refetch</code> fetches the
        affected days again.
      </p>
      <ul className="finding-counts">
        {findingKinds.map((kind) => (
          <li key={kind}>
            {findingKindNames[kind]}: <strong>{report.counts[kind].toLocaleString('en-US')}</strong>
          </li>
        ))}
      </ul>
      {total === 0 ? (
        <p>No problems found.</p>
      ) : (
        <div className="table-scroll">
          <table className="numbers findings-table">
            <caption>
              {report.findings.length < total ? `The first ${report.findings.length} of ${total.toLocaleString('en-US')} findings` : `${total} findings`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Track</th>
                <th scope="col">Platform</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {report.findings.map((finding) => (
                <tr key={`${finding.kind} ${finding.trackUuid ?? ''} ${finding.platformSlug} ${finding.from ?? ''}`}>
                  <th scope="row">{findingKindNames[finding.kind]}</th>
                  <td>{finding.trackUuid ? <Link href={`/tracks/${finding.trackUuid}`}>{finding.trackName}</Link> : '—'}</td>
                  <td>{finding.platformSlug}</td>
                  <td>{findingInWords(finding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
