import Link from 'next/link';

/** What an admin action tells the page: whether it worked, and in words what happened. */
export type ActionOutcome = { ok: boolean; message: string; link?: { href: string; label: string }; at: number };

/** A server action behind a form whose outcome an ActionMessage shows. */
export type FormAction = (previous: ActionOutcome | undefined, formData: FormData) => Promise<ActionOutcome>;

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
