import { expect, request, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { formatDay } from '@/components/date-format';
import { todayUtc } from '@/lib/dates';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { formatFull } from '@/lib/number-format';
import { E2E_APP_URL, SEEDED_TRACK_COUNT, seedEndDate, SOUNDCHARTS_TRACK_COUNT } from './environment';
import { audienceTable, chartImage, expectChartDrawn, signInAsAdmin } from './page-reading';

// Tracks the SoundCharts server knows; the database holds the first SEEDED_TRACK_COUNT + 1 of them.
const catalogue = demoCatalogue({ trackCount: SOUNDCHARTS_TRACK_COUNT });
function track(index: number): CatalogueTrack {
  const found = catalogue[index];
  if (!found) throw new Error(`the demo catalogue has no track ${index}`);
  return found;
}
const refreshed = track(1);
const forgedAt = track(2);
const notYetAdded = track(SEEDED_TRACK_COUNT + 1);

/** The newest day with data on any of the track's platforms, as SoundCharts has it up to `endDate`. */
function newestDay(catalogueTrack: CatalogueTrack, endDate: string, slugs: readonly string[] = catalogueTrack.platforms): string {
  return slugs
    .map((slug) => demoSeries(catalogueTrack, slug, endDate).at(-1)?.date ?? '')
    .reduce((newest, date) => (date > newest ? date : newest), '');
}

/** Holds every server-action POST of the page back for a moment, so that its pending state can be seen. */
async function slowActions(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    if (route.request().method() === 'POST' && route.request().headers()['next-action']) {
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    await route.continue();
  });
}

test('a reader who is not signed in sees no admin controls', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add a track' })).toHaveCount(0);
  await page.goto(`/tracks/${refreshed.uuid}`);
  await expectChartDrawn(page);
  await expect(page.getByRole('heading', { name: 'Refresh from SoundCharts' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Refresh/ })).toHaveCount(0);
});

test('sign-in refuses a wrong token, lets the admin in, and sign-out takes the controls away', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Admin token').fill('not-the-admin-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'token' })).toHaveText('That token is not the admin token. Check it and try again.');

  await signInAsAdmin(page, `/tracks/${refreshed.uuid}`);
  await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('Admin');
  await expect(page.getByRole('button', { name: 'Refresh all' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto(`/tracks/${refreshed.uuid}`);
  await expect(page.getByRole('button', { name: 'Refresh all' })).toHaveCount(0);
});

test('an admin refreshes a platform, sees progress then the outcome, and the chart and table update in place', async ({ page }) => {
  const today = todayUtc();
  await signInAsAdmin(page, `/tracks/${refreshed.uuid}?range=30d`);
  await expectChartDrawn(page);
  expect((await audienceTable(page))[0]?.date).toBe(formatDay(newestDay(refreshed, seedEndDate(today))));
  const chartBefore = await chartImage(page);
  // Gone if the page reloaded: the update has to arrive without one.
  await page.evaluate(() => Object.assign(window, { samePage: true }));
  await slowActions(page);

  const button = page.getByRole('button', { name: 'Refresh Spotify' });
  await button.click();
  await expect(page.getByRole('button', { name: 'Refreshing Spotify…' })).toBeDisabled();
  const outcome = page.getByRole('listitem').filter({ hasText: 'Spotify' }).getByRole('status');
  await expect(outcome).toHaveText(/^Spotify refreshed: \d+ new days?, [\d,]+ days? updated, [\d,]+ days? unchanged\.$/, { timeout: 30_000 });
  const created = Number(/refreshed: (\d+) new/.exec((await outcome.textContent()) ?? '')?.[1]);
  expect(created).toBeGreaterThan(0);

  const spotifyNow = demoSeries(refreshed, 'spotify', today).at(-1);
  if (!spotifyNow) throw new Error('no Spotify series');
  await expect.poll(async () => (await audienceTable(page))[0]?.date).toBe(formatDay(spotifyNow.date));
  expect((await audienceTable(page))[0]?.cells['Spotify']).toBe(formatFull(spotifyNow.value));
  await expect.poll(() => chartImage(page)).not.toBe(chartBefore);
  expect(await page.evaluate(() => 'samePage' in window)).toBe(true);

  await page.getByRole('button', { name: 'Refresh all' }).click();
  await expect(page.getByRole('button', { name: 'Refreshing all platforms…' })).toBeDisabled();
  const platformCount = refreshed.platforms.length;
  await expect(page.getByRole('region', { name: 'Refresh from SoundCharts' }).getByRole('status').first()).toHaveText(
    new RegExp(`^${platformCount} of ${platformCount} platforms refreshed: \\d+ new days?, `),
    { timeout: 30_000 },
  );
  const newest = newestDay(refreshed, today);
  await expect.poll(async () => (await audienceTable(page))[0]?.date).toBe(formatDay(newest));
  expect(await page.evaluate(() => 'samePage' in window)).toBe(true);
});

test('an admin adds a track by its SoundCharts uuid and opens its chart', async ({ page }) => {
  await signInAsAdmin(page, '/');
  await expect(page.getByRole('link', { name: notYetAdded.name })).toHaveCount(0);
  await slowActions(page);
  const form = page.getByRole('region', { name: 'Add a track' });

  await form.getByLabel('SoundCharts uuid').fill('00000000-0000-1000-8000-000000000000');
  await form.getByRole('button', { name: 'Add track' }).click();
  await expect(form.getByRole('status')).toContainText('not found on SoundCharts', { timeout: 30_000 });

  await form.getByLabel('SoundCharts uuid').fill(` ${notYetAdded.uuid} `);
  await form.getByRole('button', { name: 'Add track' }).click();
  await expect(form.getByRole('button', { name: 'Adding and fetching…' })).toBeDisabled();
  await expect(form.getByRole('status')).toContainText(
    `Added “${notYetAdded.name}” by ${notYetAdded.creditName}. Audience fetched on Spotify: `,
    { timeout: 30_000 },
  );
  // The list shows the new track without a reload.
  await expect(page.getByRole('table').getByRole('link', { name: notYetAdded.name })).toBeVisible();

  await form.getByRole('link', { name: `Open “${notYetAdded.name}”` }).click();
  await expect(page.getByRole('heading', { level: 1, name: notYetAdded.name })).toBeVisible();
  await expectChartDrawn(page);
  const spotifyNow = demoSeries(notYetAdded, 'spotify', todayUtc()).at(-1);
  await expect.poll(async () => (await audienceTable(page))[0]?.cells['Spotify']).toBe(formatFull(spotifyNow?.value ?? 0));
});

test('a forged server-action call without a session is refused and changes nothing', async ({ page }) => {
  // The admin's own page yields a genuine action request; it is held back, never sent.
  await signInAsAdmin(page, `/tracks/${forgedAt.uuid}`);
  const captured = new Promise<{ action: string; contentType: string; body: Buffer }>((resolve) => {
    void page.route('**/*', async (route) => {
      const headers = route.request().headers();
      const action = headers['next-action'];
      if (route.request().method() !== 'POST' || !action) return route.continue();
      resolve({ action, contentType: headers['content-type'] ?? '', body: route.request().postDataBuffer() ?? Buffer.alloc(0) });
      return route.abort();
    });
  });
  await page.getByRole('button', { name: 'Refresh Spotify' }).click();
  const { action, contentType, body } = await captured;
  expect(body.toString()).toContain(forgedAt.uuid);

  const chartUrl = `/soundcharts/audience/chart/${forgedAt.uuid}/spotify/`;
  const anonymous = await request.newContext({ baseURL: E2E_APP_URL });
  const chartBefore = await (await anonymous.get(chartUrl)).text();
  const forged = await anonymous.post(`/tracks/${forgedAt.uuid}`, {
    headers: { 'Next-Action': action, 'Content-Type': contentType, Origin: E2E_APP_URL, Accept: 'text/x-component' },
    data: body,
  });
  expect(await forged.text()).toContain('Only a signed-in admin can do this.');
  expect(forged.headers()['set-cookie'] ?? '').not.toContain('audience_admin');
  expect(await (await anonymous.get(chartUrl)).text()).toBe(chartBefore);
  await anonymous.dispose();

  await page.unrouteAll();
  await page.reload();
  expect((await audienceTable(page))[0]?.date).toBe(formatDay(newestDay(forgedAt, seedEndDate())));
});
