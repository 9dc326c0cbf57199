'use client';

import { useActionState } from 'react';
import { SubmitButton } from './SubmitButton';

export type SignInState = { error: string | undefined };

const initialState: SignInState = { error: undefined };

export function SignInForm({ next, signIn }: { next: string; signIn: (previous: SignInState, formData: FormData) => Promise<SignInState> }) {
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
