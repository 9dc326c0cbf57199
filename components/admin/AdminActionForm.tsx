'use client';

import { useActionState } from 'react';
import type { ReactNode } from 'react';
import { ActionMessage } from '../ActionMessage';
import type { FormAction } from '../ActionMessage';
import { SubmitButton } from '../SubmitButton';

/** A form posting to an admin server action, its hidden fields and the outcome it reports. */
export function AdminActionForm({
  action,
  hidden,
  label,
  pendingLabel,
  children,
  className = 'inline-form',
  buttonClassName = 'button',
}: {
  action: FormAction;
  hidden: Record<string, string>;
  label: string;
  pendingLabel: string;
  children?: ReactNode;
  className?: string;
  buttonClassName?: string;
}) {
  const [outcome, formAction] = useActionState(action, undefined);
  return (
    <div className="admin-action">
      <form action={formAction} className={className}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        <SubmitButton pendingLabel={pendingLabel} className={buttonClassName}>
          {label}
        </SubmitButton>
      </form>
      <ActionMessage outcome={outcome} />
    </div>
  );
}
