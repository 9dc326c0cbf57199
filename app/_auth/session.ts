import 'server-only';
import { cookies } from 'next/headers';
import { createSessionToken, SESSION_TTL_SECONDS, sessionKey, verifySessionToken } from '@/lib/access/admin-session';
import type { AdminSession } from '@/lib/access/admin-session';
import { env } from '@/lib/env';

const COOKIE_NAME = 'audience_admin';

function configuredKey(): Uint8Array | undefined {
  const { ADMIN_TOKEN, SESSION_SECRET } = env();
  return sessionKey({ adminToken: ADMIN_TOKEN, sessionSecret: SESSION_SECRET });
}

export function adminSignInConfigured(): boolean {
  return env().ADMIN_TOKEN !== undefined;
}

/** The admin session of this request, if its cookie holds a valid one. */
export async function readAdminSession(): Promise<AdminSession | undefined> {
  const token = (await cookies()).get(COOKIE_NAME)?.value;
  return verifySessionToken(token, configuredKey());
}

/** Only for a caller that has just proven it knows ADMIN_TOKEN. */
export async function startAdminSession(): Promise<void> {
  const key = configuredKey();
  if (!key) throw new Error('Admin sign-in is not configured: ADMIN_TOKEN is not set');
  const { token } = await createSessionToken(key);
  (await cookies()).set(COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env().NODE_ENV === 'production',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
}

export async function endAdminSession(): Promise<void> {
  (await cookies()).delete({ name: COOKIE_NAME, path: '/' });
}
