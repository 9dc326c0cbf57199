import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextResponse } from 'next/server';
import { jsonError } from './error-response';
import type { ErrorBody } from './error-response';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares in constant time: both sides are hashed first, so neither content nor length leaks through timing. */
export function secretsMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1];
}

/**
 * Checks `Authorization: Bearer <secret>`. Returns the reply to send when the request may not go on
 * (503 when the secret is not configured, 401 when the token is missing or wrong), else undefined.
 */
export function rejectUnlessBearer(
  request: Request,
  secret: string | undefined,
  secretName: string,
): NextResponse<ErrorBody> | undefined {
  if (secret === undefined) {
    return jsonError(503, `This endpoint is disabled: ${secretName} is not configured on the server`);
  }
  const token = bearerToken(request);
  const challenge = { 'WWW-Authenticate': 'Bearer' };
  if (token === undefined) {
    return jsonError(401, 'Authentication required: send Authorization: Bearer <token>', challenge);
  }
  if (!secretsMatch(token, secret)) {
    return jsonError(401, 'Invalid bearer token', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  return undefined;
}
