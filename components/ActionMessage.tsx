import Link from 'next/link';
import type { ActionOutcome } from '@/app/_admin/action-outcome';

/** The outcome of an admin action, announced to screen readers as it appears. */
export function ActionMessage({ outcome }: { outcome: ActionOutcome | undefined }) {
  return (
    <p className={`action-message ${outcome ? (outcome.ok ? 'is-ok' : 'is-error') : ''}`} role="status" aria-live="polite">
      {outcome ? (
        <>
          {outcome.message}
          {outcome.link ? (
            <>
              {' '}
              <Link href={outcome.link.href}>{outcome.link.label}</Link>
            </>
          ) : null}
        </>
      ) : null}
    </p>
  );
}
