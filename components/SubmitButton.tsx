'use client';

import { useFormStatus } from 'react-dom';
import type { ReactNode } from 'react';

/** A submit button that says what is happening while its form's action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  className = 'button',
  name,
  value,
}: {
  children: ReactNode;
  pendingLabel: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending} name={name} value={value}>
      {pending ? pendingLabel : children}
    </button>
  );
}
