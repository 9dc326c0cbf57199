import { hkdfSync, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/**
 * The admin session: a short JWT signed with HS256 (jose), kept in an HttpOnly cookie. The signing
 * key is derived with HKDF-SHA256 from SESSION_SECRET when it is set, else from ADMIN_TOKEN itself,
 * so a newcomer configures one secret only; changing that secret signs every admin out.
 */

export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const ISSUER = 'audience';
const AUDIENCE = 'audience-admin';

export type AdminSession = { subject: string; sessionId: string; expiresAt: Date };

export type SessionSecrets = { adminToken: string | undefined; sessionSecret: string | undefined };

/** The signing key, or undefined when admin sign-in is not configured (no ADMIN_TOKEN). */
export function sessionKey(secrets: SessionSecrets): Uint8Array | undefined {
  if (secrets.adminToken === undefined) return undefined;
  const material = secrets.sessionSecret ?? secrets.adminToken;
  return new Uint8Array(hkdfSync('sha256', material, 'audience/admin-session/v1', 'jwt-hs256-signing-key', 32));
}

export async function createSessionToken(key: Uint8Array, now: Date = new Date()): Promise<{ token: string; session: AdminSession }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const session: AdminSession = {
    subject: 'admin',
    sessionId: randomUUID(),
    expiresAt: new Date((issuedAt + SESSION_TTL_SECONDS) * 1000),
  };
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(session.subject)
    .setJti(session.sessionId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(key);
  return { token, session };
}

/** The session a token carries; undefined when it is missing, forged, expired or for another purpose. */
export async function verifySessionToken(
  token: string | undefined,
  key: Uint8Array | undefined,
  now: Date = new Date(),
): Promise<AdminSession | undefined> {
  if (!token || !key) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'jti', 'exp', 'iat'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return undefined;
    return { subject: payload.sub, sessionId: payload.jti, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return undefined;
  }
}
