import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';

type Violation = { directive: string; blocked: string; sample: string };

/** Records every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<{ violations: () => Promise<Violation[]>; consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  return {
    consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations),
  };
}

const pages = [
  { name: 'track list', path: '/' },
  { name: 'track page', path: `/tracks/${BAD_GUY_UUID}` },
  { name: 'track page with controls', path: `/tracks/${BAD_GUY_UUID}?range=90d&mode=daily&scale=log` },
  { name: 'not-found page', path: '/tracks/7d534228-5165-11e9-9375-000000000000' },
  { name: 'track page with a forecast', path: `/tracks/${BAD_GUY_UUID}?range=90d&forecast=30` },
  { name: 'compare page', path: `/compare?tracks=${BAD_GUY_UUID},${demoCatalogue({ trackCount: 1 })[1]?.uuid}&platform=spotify&align=release` },
];

for (const { name, path } of pages) {
  test(`the ${name} runs under its content security policy without a violation`, async ({ page }) => {
    const watch = await watchViolations(page);
    const response = await page.goto(path);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await page.waitForLoadState('networkidle');
    // Next's client runtime booted: its scripts were allowed to run, so the page is interactive.
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version)).toBe('string');
    expect(await watch.violations()).toEqual([]);
    expect(watch.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
  });
}

test('the track page draws its chart under the policy', async ({ page }) => {
  const watch = await watchViolations(page);
  await page.goto(`/tracks/${BAD_GUY_UUID}`);
  const canvas = page.locator('canvas').first();
  await expect(canvas).toBeVisible();
  // A drawn canvas has coloured pixels; a blocked chart script leaves it blank.
  await expect
    .poll(() =>
      canvas.evaluate((element) => {
        const context = (element as HTMLCanvasElement).getContext('2d');
        if (!context) return 0;
        const { data } = context.getImageData(0, 0, (element as HTMLCanvasElement).width, (element as HTMLCanvasElement).height);
        let painted = 0;
        for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) painted += 1;
        return painted;
      }),
    )
    .toBeGreaterThan(100);
  expect(await watch.violations()).toEqual([]);
});

test('no page can be framed by another site', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['x-frame-options']).toBe('DENY');
  await page.setContent(`<iframe id="victim" src="${page.url()}"></iframe>`);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  // The browser refuses to render the page inside the frame: it stays on an error document.
  await expect.poll(async () => (await frame?.evaluate(() => document.body?.innerText ?? '').catch(() => ''))?.includes('Audience')).toBe(false);
});
