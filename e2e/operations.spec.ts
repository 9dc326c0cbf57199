import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { SEEDED_TRACK_COUNT, seedEndDate } from './environment';
import { signInAsAdmin } from './page-reading';

// The database holds the first SEEDED_TRACK_COUNT + 1; tracks 0 to 2 belong to other specs.
const seeded = demoCatalogue({ trackCount: SEEDED_TRACK_COUNT });
const byName = seeded.map((track) => track.name).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
const spare = seeded.slice(3).filter((track) => track.name !== byName[0] && track.name !== byName.at(-1));
const refetched = spare.find((track) => track.platforms.includes('spotify')) as CatalogueTrack;
const removed = spare.find((track) => track !== refetched) as CatalogueTrack;

function platformEditor(page: Page, name: string): Locator {
  return page.locator('details.platform-edit').filter({ has: page.locator('summary', { hasText: new RegExp(`^\\s*${name}\\s`) }) });
}

async function setSpotifyCode(page: Page, code: string): Promise<Locator> {
  const editor = platformEditor(page, 'Spotify');
  if (!(await editor.evaluate((element) => (element as HTMLDetailsElement).open))) await editor.locator('summary').click();
  await editor.getByLabel('SoundCharts code').fill(code);
  await editor.getByRole('button', { name: 'Save Spotify' }).click();
  return editor.getByRole('status');
}

test('the operations page is a 404 for anyone not signed in as admin', async ({ page }) => {
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Ingest runs' })).toHaveCount(0);
  const filtered = await page.goto('/admin?status=failed&remove=not-a-uuid');
  expect(filtered?.status()).toBe(404);
});

test('an admin edits a platform code, sees the failed run with its reason, mends the code and re-runs it', async ({ page }) => {
  await signInAsAdmin(page, '/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Operations' })).toBeVisible();
  // The stored reading and the free usage endpoint, asked as the page was drawn.
  await expect(page.getByRole('region', { name: 'SoundCharts' })).toContainText(/Quota left \(asked now\)[\d,]+ calls/);

  const broken = await setSpotifyCode(page, 'spotify-typo');
  await expect(broken).toHaveText(
    /^Saved SoundCharts code of spotify\. The SoundCharts code changed from “spotify” to “spotify-typo”: the [\d,]+ stored days of \d+ tracks were fetched with the old one/,
  );

  await page.goto(`/tracks/${refetched.uuid}`);
  await page.getByRole('button', { name: 'Refresh Spotify' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Spotify' }).getByRole('status')).toContainText('Invalid platform code', { timeout: 30_000 });

  await page.goto(`/admin?status=failed&track=${refetched.uuid}&platform=spotify`);
  const failed = page.locator('.run-row').first();
  await expect(failed).toContainText('failed');
  await expect(failed).toContainText(refetched.name);
  await expect(failed).toContainText(/upstream_rejected.*Invalid platform code "spotify-typo"/);
  const runId = ((await failed.locator('strong').textContent()) ?? '').replace('Run ', '');

  const mended = await setSpotifyCode(page, 'spotify');
  await expect(mended).toContainText('changed from “spotify-typo” to “spotify”');

  await failed.getByRole('button', { name: `Re-run run ${runId}` }).click();
  await expect(failed.getByRole('status')).toHaveText(new RegExp(`^Run ${runId} re-run as run \\d+: spotify refreshed: [\\d,]+ new days?`), { timeout: 30_000 });

  await page.goto('/admin');
  const audit = page.getByRole('region', { name: 'Changes made here' });
  await expect(audit.getByRole('listitem').first()).toContainText(`rerun ingest: Run ${runId} re-run as run`);
  await expect(audit).toContainText('edit platform: Changed SoundCharts code of Spotify; ');
  await page.goto(`/admin?status=succeeded&track=${refetched.uuid}`);
  await expect(page.locator('.run-row').first()).toContainText('manual');

  for (const hostile of ['status=bogus', 'before=1e400', 'track=%00', `platform=${'x'.repeat(500)}`]) {
    const reply = await page.goto(`/admin?${hostile}`);
    expect(reply?.status(), hostile).toBe(200);
    await expect(page.getByText(/^The filter was not applied: /)).toBeVisible();
  }
});

test('an admin removes a track after a confirmation that says how many days go', async ({ page }) => {
  const days = removed.platforms.reduce((sum, slug) => sum + demoSeries(removed, slug, seedEndDate()).length, 0);
  await signInAsAdmin(page, '/admin');
  await page.getByLabel('SoundCharts uuid of the track').fill('not a uuid');
  await page.getByRole('button', { name: 'Look it up' }).click();
  await expect(page.getByText(/That is not a SoundCharts uuid/)).toBeVisible();

  await page.getByLabel('SoundCharts uuid of the track').fill(removed.uuid);
  await page.getByRole('button', { name: 'Look it up' }).click();
  const confirm = page.locator('.removal-confirm');
  await expect(confirm).toContainText(`Remove “${removed.name}” by ${removed.creditName} and its ${days.toLocaleString('en-US')} stored days on ${removed.platforms.length} platforms`);
  await page.getByRole('button', { name: `Remove “${removed.name}” and ${days.toLocaleString('en-US')} days` }).click();
  await expect(confirm.getByRole('status')).toHaveText(`Removed “${removed.name}” and its ${days.toLocaleString('en-US')} stored days. Back to the operations page`);

  const gone = await page.goto(`/tracks/${removed.uuid}`);
  expect(gone?.status()).toBe(404);
  await page.goto('/admin');
  await expect(page.getByRole('region', { name: 'Changes made here' })).toContainText(`remove track: Removed “${removed.name}”`);
});

for (const { name, width, height } of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the operations page fits a ${name} screen (${width} px, ${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height });
      await signInAsAdmin(page, `/admin?remove=${seeded[3]?.uuid ?? ''}`);
      await platformEditor(page, 'Spotify').locator('summary').click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await page.screenshot({ path: `e2e/screenshots/admin-${name}${colorScheme === 'dark' ? '-dark' : ''}.png`, fullPage: true });
    });
  }
}
