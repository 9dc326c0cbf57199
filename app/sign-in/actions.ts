'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import type { SignInState } from '@/components/SignInForm';
import { actionRequestId } from '@/app/_admin/action-outcome';
import { secretsMatch } from '@/app/_http/bearer-auth';
import { endAdminSession, startAdminSession } from '@/app/_auth/session';



const signInSchema = z.object({
  // Not trimmed: a token with extra whitespace is almost right, and almost right is wrong.
  token: z.string().min(1, 'Enter the admin token.').max(1_000, 'That token is too long.'),
  // Only a path on this site: an absolute or protocol-relative URL would be an open redirect. Printable
  // ASCII only, as the site's own links are percent-encoded: another character cannot go in a Location header.
  next: z
    .string()
    .regex(/^\/(?![/\\])[\x21-\x7e]*$/)
    .catch('/'),
});

export async function signIn(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const adminToken = env().ADMIN_TOKEN;
  if (adminToken === undefined) {
    return { error: 'Admin sign-in is switched off on this server: set ADMIN_TOKEN to enable it.' };
  }
  if (!(formData instanceof FormData)) return { error: 'Sign in with the form: the request did not send one.' };
  const parsed = signInSchema.safeParse({ token: formData.get('token') ?? '', next: formData.get('next') ?? '/' });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter the admin token.' };
  if (!secretsMatch(parsed.data.token, adminToken)) {
    logger().warn({ requestId: await actionRequestId() }, 'admin sign-in refused: wrong token');
    return { error: 'That token is not the admin token. Check it and try again.' };
  }
  await startAdminSession();
  redirect(parsed.data.next);
}

export async function signOut(): Promise<void> {
  await endAdminSession();
  redirect('/');
}
