import { handler } from './handler';
import { jsonError } from './error-response';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Handlers for the methods a route does not serve: a JSON 405 naming the ones it does, where
 * Next.js alone answers with an empty body.
 */
export function methodsNotAllowed(allowed: readonly (Method | 'OPTIONS')[]): Record<Method, ReturnType<typeof handler>> {
  const allow = allowed.join(', ');
  const refuse = handler(async (request) =>
    jsonError(405, `Method ${request.method} is not allowed here; use ${allow}.`, { Allow: allow }),
  );
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
