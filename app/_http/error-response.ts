import { NextResponse } from 'next/server';
import { isAppError } from '@/lib/errors';
import type { ErrorCode } from '@/lib/errors';
import { databaseUnavailable } from '@/lib/database-errors';
import { logger } from '@/lib/logger';

const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  quota_exhausted: 429,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  upstream_invalid: 502,
  // SoundCharts understood the call and will not serve it (a platform code without a song audience series).
  upstream_rejected: 422,
  database_unavailable: 503,
  internal: 500,
};

export type ErrorBody = { success: false; error: string };

export function jsonError(status: number, error: string, headers: HeadersInit = {}): NextResponse<ErrorBody> {
  return NextResponse.json({ success: false, error }, { status, headers });
}

/** The one place an error becomes a reply: known errors say what happened, unknown ones say nothing inside. */
export function errorResponse(error: unknown, requestId: string): NextResponse<ErrorBody> {
  const known = isAppError(error) ? error : databaseUnavailable(error);
  if (known) {
    const headers: Record<string, string> = {};
    if (known.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(known.retryAfterSeconds)));
    if (statusByCode[known.code] >= 500) logger().warn({ requestId, code: known.code, err: known }, known.message);
    return jsonError(statusByCode[known.code], known.message, headers);
  }
  logger().error({ requestId, err: error }, 'unhandled error');
  return jsonError(500, `Internal error (request ${requestId})`);
}
