import { randomBytes } from 'node:crypto';
import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { pageContentSecurityPolicy } from '@/app/_http/content-security-policy';
import { requestIdOf } from '@/app/_http/request-id';
import { refuseMalformedServerAction } from '@/app/_http/server-action-guard';

function coverOrigins(): string[] {
  const origin = new URL(env().SOUNDCHARTS_API_URL).origin;
  // https: already allows every secure origin; a plain-http SoundCharts (the shipped double) is named.
  return origin.startsWith('http:') ? [origin] : [];
}

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

// Matches no page, so that Next.js renders the not-found page with its 404 status.
const NOT_FOUND_PATH = '/_undecodable-path';

/**
 * Pages: a fresh nonce for the content security policy of each render, and a request id that server
 * components and actions log with. API paths only come here when they hold a percent sign. Next.js
 * answers a path it cannot decode into a dynamic segment (`/tracks/%ff`) with a bare text 500: the
 * API caller gets a JSON 400 instead, and a browser the HTML 404 page, as for any address with no page.
 * Server action calls are checked before Next.js decodes them (see server-action-guard.ts).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const requestId = requestIdOf(request);
  if (/^\/(?:soundcharts|api)(?:\/|$)/.test(pathname)) {
    if (decodable(pathname)) return NextResponse.next();
    logger().info({ requestId, method: request.method, status: 400 }, 'request with an undecodable path refused');
    return NextResponse.json(
      { success: false, error: 'The URL path is not valid percent-encoded UTF-8.' },
      { status: 400, headers: { 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'", 'X-Request-Id': requestId } },
    );
  }
  const malformedAction = await refuseMalformedServerAction(request);
  if (malformedAction) {
    logger().warn({ requestId, path: request.nextUrl.pathname, status: malformedAction.status }, 'malformed server action request refused');
    malformedAction.headers.set('X-Request-Id', requestId);
    return malformedAction;
  }
  const nonce = randomBytes(16).toString('base64');
  const policy = pageContentSecurityPolicy(nonce, {
    development: env().NODE_ENV === 'development',
    imageOrigins: coverOrigins(),
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('content-security-policy', policy);
  forwarded.set('x-request-id', requestId);
  const undecodable = !decodable(pathname);
  const response = undecodable
    ? NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url), { request: { headers: forwarded } })
    : NextResponse.next({ request: { headers: forwarded } });
  response.headers.set('Content-Security-Policy', policy);
  response.headers.set('X-Request-Id', requestId);
  logger().info(
    {
      requestId,
      method: request.method,
      path: request.nextUrl.pathname,
      ...(request.headers.has('next-action') ? { serverAction: true } : {}),
      ...(undecodable ? { status: 404 } : {}),
    },
    undecodable ? 'page request with an undecodable path answered with the not-found page' : 'page request',
  );
  return response;
}

export const config = {
  matcher: [
    '/(soundcharts|api)/(.*%.*)',
    // Prefetches skip the proxy below, but not when the path may not decode (see above).
    '/((?!soundcharts/|api/|_next/static/|_next/image).*%.*)',
    {
      source: '/((?!soundcharts/|api/|_next/static/|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
