import { randomUUID } from 'node:crypto';

const acceptable = /^[\w-]{1,64}$/;

/** The caller's X-Request-Id when it is a short plain token (so it can be logged safely), else a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given !== null && acceptable.test(given) ? given : randomUUID();
}
