import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { compareHref } from '@/lib/chart/compare-view';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { seededTrackUuid } from './environment';
import { expectChartDrawn } from './page-reading';

test('tracks ticked on the list open the compare page, which aligns them on release and downloads the view', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('checkbox', { name: 'Compare bad guy' }).check();
  const otherUuid = await page.locator(`input[name="track"]:not([value="${BAD_GUY_UUID}"])`).first().getAttribute('value');
  await page.locator(`input[name="track"][value="${otherUuid}"]`).check();
  await page.getByRole('button', { name: 'Compare selected' }).click();

  await expect(page).toHaveURL(/\/compare\?tracks=[0-9a-f-]+,[0-9a-f-]+&platform=spotify$/);
  const tracks = new URL(page.url()).searchParams.get('tracks')?.split(',') ?? [];
  expect([...tracks].sort()).toEqual([BAD_GUY_UUID, otherUuid].sort());
  await expect(page.getByRole('heading', { name: 'Compare tracks on Spotify' })).toBeVisible();
  await expectChartDrawn(page);

  await page.getByRole('link', { name: 'Since release' }).click();
  await expect(page).toHaveURL(/align=release/);
  await expect(page.getByRole('img', { name: /by days since each release/ })).toBeVisible();
  await page.getByRole('link', { name: 'Daily change' }).click();
  await expect(page).toHaveURL(/align=release&mode=daily/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/_spotify_release_daily_day-0_day-\d+\.csv$/);
  const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
  expect(lines[0]).toMatch(/^day,".+ on Spotify, daily change",".+ on Spotify, daily change"$/);
  expect(lines[1]).toMatch(/^Day 0,/);
});

test('the compare page says what is missing instead of failing', async ({ page }) => {
  await page.goto(`/compare?tracks=${BAD_GUY_UUID}`);
  await expect(page.getByText('Choose 2 to 10 tracks to compare (1 chosen).')).toBeVisible();
  await page.getByRole('link', { name: 'Choose tracks on the list' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('tracks over 100 times apart are first compared on a logarithmic scale, and the scale the reader picks is kept', async ({ page }) => {
  // On Spotify, "bad guy" has some 250 times the streams of "Sugar Lights", and some 3 times those of "Golden Signal".
  const farApart = compareHref({ tracks: [BAD_GUY_UUID, seededTrackUuid('Sugar Lights')], platform: 'spotify', align: 'calendar', mode: 'cumulative', scale: undefined });
  await page.goto(farApart);
  await expectChartDrawn(page);
  const scale = page.getByRole('group', { name: 'Scale' });
  await expect(scale.getByRole('link', { name: 'Logarithmic' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText('Logarithmic scale chosen: the tracks differ more than 100 times.')).toBeVisible();

  await scale.getByRole('link', { name: 'Linear' }).click();
  await expect(page).toHaveURL(/scale=linear/);
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText(/scale chosen/)).toHaveCount(0);
  await page.getByRole('link', { name: 'Since release' }).click();
  await expect(page).toHaveURL(/align=release&scale=linear/);
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');
  await scale.getByRole('link', { name: 'Indexed' }).click();
  await expect(page.getByRole('img', { name: /as an index/ })).toBeVisible();

  await page.goto(compareHref({ tracks: [BAD_GUY_UUID, seededTrackUuid('Golden Signal')], platform: 'spotify', align: 'calendar', mode: 'cumulative', scale: undefined }));
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText(/scale chosen/)).toHaveCount(0);
});
