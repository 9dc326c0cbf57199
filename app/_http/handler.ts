import type { NextRequest } from 'next/server';
import { logger } from '@/lib/logger';
import { recordRequest } from '@/lib/operations/metrics';
import { corsHeaders } from './cors';
import { errorResponse } from './error-response';
import { requestIdOf } from './request-id';
import { routePattern, UNMATCHED } from './route-pattern';

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Params> = (request: NextRequest, params: Params, requestId: string) => Promise<Response>;

/**
 * Wraps a route handler: a request id, CORS for allowed origins, every error as one JSON envelope,
 * one log line, and the request counted in the metrics under its route pattern.
 */
export function handler<Params>(run: Handler<Params>, options: { cors?: boolean } = {}) {
  return async (request: NextRequest, context: RouteContext<Params>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    let response: Response;
    let route = UNMATCHED;
    try {
      const params = await context.params;
      // A route without dynamic segments is given no params at all.
      route = routePattern(request.nextUrl.pathname, (params ?? {}) as Record<string, unknown>);
      response = await run(request, params, requestId);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    response.headers.set('X-Request-Id', requestId);
    // An error may be passing (a database restart, a rate limit): no shared cache may keep it.
    if (response.status >= 400) response.headers.set('Cache-Control', 'no-store');
    if (options.cors) {
      for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
    }
    const seconds = (performance.now() - started) / 1000;
    recordRequest({ method: request.method, route, status: response.status }, seconds);
    // The path only: query strings and headers may carry tokens, and are not needed to follow a request.
    logger().info(
      {
        requestId,
        method: request.method,
        path: request.nextUrl.pathname,
        status: response.status,
        durationMs: Math.round(seconds * 10_000) / 10,
      },
      'request',
    );
    return response;
  };
}
