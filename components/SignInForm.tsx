'use client';

import { useActionState } from 'react';
import { signIn } from '@/app/sign-in/actions';
import type { SignInState } from '@/app/sign-in/actions';
import { SubmitButton } from './SubmitButton';

const initialState: SignInState = { error: undefined };

export function SignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signIn, initialState);
  return (
    <form action={action} className="stack">
      <input type="hidden" name="next" value={next} />
      <label className="field">
        <span>Admin token</span>
        <input
          type="password"
          name="token"
          required
          autoComplete="current-password"
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? 'sign-in-error' : undefined}
        />
      </label>
      {state.error ? (
        <p id="sign-in-error" role="alert" className="notice notice-error">
          {state.error}
        </p>
      ) : null}
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
