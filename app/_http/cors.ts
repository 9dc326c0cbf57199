import { env } from '@/lib/env';

const allowedMethods = 'GET, HEAD, OPTIONS';

/** CORS headers for a browser on an allowed origin; none for anyone else, so the browser refuses. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (origin && env().CORS_ORIGINS.includes(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Expose-Headers'] = 'X-Request-Id, Retry-After';
  }
  return headers;
}

export function preflightResponse(request: Request): Response {
  const headers = new Headers(corsHeaders(request));
  if (headers.has('Access-Control-Allow-Origin')) {
    headers.set('Access-Control-Allow-Methods', allowedMethods);
    const requested = request.headers.get('access-control-request-headers');
    if (requested) headers.set('Access-Control-Allow-Headers', requested);
    headers.set('Access-Control-Max-Age', '600');
    headers.append('Vary', 'Access-Control-Request-Headers');
  }
  headers.set('Allow', allowedMethods);
  return new Response(null, { status: 204, headers });
}
