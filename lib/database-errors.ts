import { AppError } from './errors';

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if (current instanceof AggregateError) codes.push(...current.errors.flatMap(codesOf));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** A lost or refused database connection, as the 503 it should be; undefined for any other error. */
export function databaseUnavailable(error: unknown): AppError | undefined {
  if (error instanceof Error && error.name === 'DatabaseLockedError') {
    return new AppError('database_unavailable', error.message, { retryAfterSeconds: 5, cause: error });
  }
  if (!codesOf(error).some((code) => connectionCodes.has(code))) return undefined;
  return new AppError('database_unavailable', 'The database is unavailable; try again shortly', {
    retryAfterSeconds: 5,
    cause: error,
  });
}
