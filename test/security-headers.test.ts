import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { startSeededApp } from './seeded-app';
import type { SeededApp } from './seeded-app';

const ADMIN_TOKEN = 'security-headers-admin-token-0123456789';
const CRON_SECRET = 'security-headers-cron-secret-0123456789';

const PAGES = ['/', `/tracks/${BAD_GUY_UUID}`, '/tracks/7d534228-5165-11e9-9375-000000000000', '/no-such-page'];
const JSON_ROUTES: Array<[string, RequestInit]> = [
  [`/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?limit=3`, {}],
  [`/soundcharts/audience/chart/${BAD_GUY_UUID}/?limit=3`, {}],
  ['/soundcharts/audience/chart/not-a-uuid/', {}],
  [`/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/`, { method: 'OPTIONS' }],
  [`/soundcharts/audience/refresh/${BAD_GUY_UUID}/spotify/`, { method: 'POST' }],
  ['/soundcharts/tracks/', { method: 'POST' }],
  ['/api/cron/ingest', {}],
];

const everyReply = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('security headers of the production build', () => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend: 'pglite', env: { ADMIN_TOKEN, CRON_SECRET } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const get = (route: string, init: RequestInit = {}) => fetch(`${app.server.url}${route}`, { redirect: 'manual', ...init });

  it.each(PAGES)('%s: a nonce policy that every script and style of the page carries', async (route) => {
    const response = await get(route);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toContain('text/html');
    for (const [name, value] of Object.entries(everyReply)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]+$/);

    const policy = response.headers.get('content-security-policy') ?? '';
    // One policy, not two merged into one header line (which the browser would both enforce).
    expect(policy).not.toContain(',');
    const parsed = directives(policy);
    const scripts = parsed.get('script-src') ?? [];
    const nonce = scripts.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(parsed.get('frame-ancestors')).toEqual(["'none'"]);
    expect(parsed.get('object-src')).toEqual(["'none'"]);
    expect(parsed.get('base-uri')).toEqual(["'none'"]);
    expect(parsed.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);

    const html = await response.text();
    const tags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
    expect(tags.filter((tag) => tag.startsWith('<script')).length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('gives every page render a nonce of its own', async () => {
    const policies = await Promise.all([1, 2, 3].map(async () => (await get('/')).headers.get('content-security-policy')));
    expect(new Set(policies).size).toBe(3);
  });

  it.each(JSON_ROUTES)('%s: a policy that lets nothing load or frame the reply', async (route, init) => {
    const response = await get(route, init);
    expect(response.status).toBeLessThan(500);
    for (const [name, value] of Object.entries(everyReply)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sends no-sniff with the static scripts the pages load', async () => {
    const html = await (await get('/')).text();
    const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const response = await get(script ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
