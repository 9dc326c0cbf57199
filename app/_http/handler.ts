import { randomUUID } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { corsHeaders } from './cors';
import { errorResponse } from './error-response';

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Params> = (request: NextRequest, params: Params, requestId: string) => Promise<Response>;

/** Wraps a route handler: a request id, CORS for allowed origins, and every error as one JSON envelope. */
export function handler<Params>(run: Handler<Params>, options: { cors?: boolean } = {}) {
  return async (request: NextRequest, context: RouteContext<Params>): Promise<Response> => {
    const requestId = request.headers.get('x-request-id')?.match(/^[\w-]{1,64}$/)?.[0] ?? randomUUID();
    let response: Response;
    try {
      response = await run(request, await context.params, requestId);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    response.headers.set('X-Request-Id', requestId);
    if (options.cors) {
      for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
    }
    return response;
  };
}
