import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePagePolicy } from '@/app/_openapi/reference-page';
import { almostRightAuthorizations, hostileQuery, hostileSegment } from './hostile-arbitraries';
import { checkErrorBody, expectNoLeak } from './hostile-reply';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';
import { defaultBackend, startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const METRICS_TOKEN = 'operations-metrics-token-2a7f9c13';
const RUNS = Number(process.env.HOSTILE_RUNS ?? 100);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Never a 5xx; an error is the JSON envelope saying what was wrong; nothing leaks. */
function checkReply(reply: RawReply, context: string, method = 'GET'): void {
  const what = `${context} -> ${reply.status} ${reply.body.slice(0, 200)}`;
  expect(reply.status, what).toBeLessThan(500);
  expectNoLeak(reply.body, what);
  expect(reply.body, what).not.toContain(METRICS_TOKEN);
  // A HEAD reply has the status and headers of a GET, and no body.
  if (method !== 'HEAD' && reply.status >= 400 && String(reply.headers['content-type'] ?? '').includes('application/json')) checkErrorBody(reply.body, what);
}

describe('hostile input against the document, reference page, metrics and health routes', () => {
  let app: SeededApp;

  beforeAll(async () => {
    app = await startSeededApp({ backend: defaultBackend(), trackCount: 1, env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const send = (method: string, path: string, headers: Record<string, string> = {}) => rawRequest(app.server.url, { method, path, headers });

  it('answers any method, query and asset name with a 2xx or a clear 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom('/api/openapi.json', '/api/docs', '/api/health', '/api/metrics', '/api/docs/assets/'),
        hostileSegment(['swagger-ui.css', 'start.js', '..', '..%2F..%2Fpackage.json']),
        hostileQuery,
        async (method, route, segment, query) => {
          const path = `${route.endsWith('/') ? `${route}${segment}` : route}${query}`;
          checkReply(await send(method, path), `${method} ${path}`, method);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives the reference page its own policy, and every other API path the JSON routes’ one', async () => {
    expect((await send('GET', '/api/docs')).headers['content-security-policy']).toBe(referencePagePolicy);
    for (const path of ['/api', '/api/health', '/api/openapi.json', '/api/docsx', '/api/no/such/route']) {
      expect((await send('GET', path)).headers['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('serves only the reference page’s own assets, whatever the name asks for', async () => {
    for (const name of ['..%2F..%2Fpackage.json', '%2E%2E%2Fpackage.json', 'index.html', 'swagger-ui-bundle.js.map', 'constructor', '__proto__']) {
      const reply = await send('GET', `/api/docs/assets/${name}`);
      expect(reply.status, name).toBe(404);
      expect(JSON.parse(reply.body), name).toEqual({ success: false, error: expect.stringContaining('No asset') });
    }
    expect((await send('GET', '/api/docs/assets/swagger-ui.css')).status).toBe(200);
  });

  it('refuses the metrics to every almost-right token with a 401 that leaks nothing', async () => {
    for (const authorization of [...almostRightAuthorizations(METRICS_TOKEN), 'Bearer ', 'Basic b3BlcmF0aW9uczp4']) {
      const reply = await send('GET', '/api/metrics', { authorization });
      checkReply(reply, `GET /api/metrics with ${JSON.stringify(authorization)}`);
      expect(reply.status, authorization).toBe(401);
    }
    const accepted = await send('GET', '/api/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(accepted.status).toBe(200);
    // The refused calls above were counted under the route's pattern, never their raw path or token.
    expect(accepted.body).toMatch(/audience_http_request_duration_seconds_count\{method="GET",route="\/api\/metrics",status="401"\} \d+/);
    expect(accepted.body).toMatch(/audience_http_request_duration_seconds_count\{method="GET",route="\/api\/docs\/assets\/\{file\}",status="404"\} \d+/);
    expect(accepted.body).not.toMatch(/route="[^"]*(?:package\.json|__proto__)/);
    expect(accepted.body).toMatch(/^audience_database_up 1$/m);
  });
});
