import { expect, test } from '@playwright/test';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';

/**
 * The reference page renders the OpenAPI document in a real browser, from this origin only, under its
 * own content security policy; the analyst pages load none of its script.
 */
test('the API reference page renders every route from /api/openapi.json without a policy violation', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (reply) => {
    if (reply.status() >= 400) problems.push(`${reply.status()} ${reply.url()}`);
  });
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(new URL(page.url() || 'http://x').origin) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  const response = await page.goto('/api/docs');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('heading', { name: /Audience API/ })).toBeVisible();
  for (const path of ['/soundcharts/audience/chart/{trackUuid}/{platformSlug}/', '/soundcharts/tracks/', '/api/metrics', '/api/health']) {
    await expect(page.locator('.opblock-summary-path', { hasText: path }).first()).toBeVisible();
  }
  // swagger-ui warns in a box of its own about what it cannot render.
  await expect(page.getByText('Warning', { exact: true })).toHaveCount(0);
  // The bearer schemes are offered for the admin, cron and metrics routes.
  await expect(page.getByRole('button', { name: /Authorize/ })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/api-docs.png', fullPage: false });
  expect(problems).toEqual([]);
  expect(foreign.filter((url) => !url.startsWith('http://127.0.0.1') && !url.startsWith('http://localhost'))).toEqual([]);
});

test('the track page loads no script of the reference page', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.goto(`/tracks/${BAD_GUY_UUID}`);
  await page.waitForLoadState('networkidle');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((url) => url.includes('/api/docs/'))).toEqual([]);
});
