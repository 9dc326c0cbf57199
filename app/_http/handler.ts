import type { NextRequest } from 'next/server';
import { logger } from '@/lib/logger';
import { corsHeaders } from './cors';
import { errorResponse } from './error-response';
import { requestIdOf } from './request-id';

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Params> = (request: NextRequest, params: Params, requestId: string) => Promise<Response>;

/** Wraps a route handler: a request id, CORS for allowed origins, every error as one JSON envelope, one log line. */
export function handler<Params>(run: Handler<Params>, options: { cors?: boolean } = {}) {
  return async (request: NextRequest, context: RouteContext<Params>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    let response: Response;
    try {
      response = await run(request, await context.params, requestId);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    response.headers.set('X-Request-Id', requestId);
    // An error may be passing (a database restart, a rate limit): no shared cache may keep it.
    if (response.status >= 400) response.headers.set('Cache-Control', 'no-store');
    if (options.cors) {
      for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
    }
    // The path only: query strings and headers may carry tokens, and are not needed to follow a request.
    logger().info(
      {
        requestId,
        method: request.method,
        path: request.nextUrl.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
    return response;
  };
}
