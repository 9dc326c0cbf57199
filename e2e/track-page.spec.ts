import { expect, test } from '@playwright/test';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { audienceTable, chartImage, expectChartDrawn } from './page-reading';

const badGuy = `/tracks/${BAD_GUY_UUID}`;
// The spec's own example: three days of "bad guy" on Spotify and Apple Music.
const specDays = `${badGuy}?range=custom&from=2025-07-21&to=2025-07-23`;

test('the chart draws and the table under it holds the exact numbers', async ({ page }) => {
  await page.goto(specDays);
  await expectChartDrawn(page);
  const rows = await audienceTable(page);
  expect(rows.map((row) => row.date)).toEqual(['Jul 23, 2025', 'Jul 22, 2025', 'Jul 21, 2025']);
  expect(rows.map((row) => row.cells['Spotify'])).toEqual(['2,764,759,050', '2,764,225,348', '2,763,701,395']);
  expect(rows.map((row) => row.cells['Apple Music'])).toEqual(['1,600,000', '1,550,000', '1,500,000']);
  await expect(page.getByRole('table')).toContainText('Total audience on Spotify, Apple Music');
  await expect(page.getByRole('link', { name: 'Custom' })).toHaveAttribute('aria-current', 'true');
});

test('a platform is hidden and shown again from its chip, and the URL keeps the choice', async ({ page }) => {
  await page.goto(specDays);
  const platforms = page.getByRole('group', { name: 'Platforms' });
  await platforms.getByRole('link', { name: /Apple Music/ }).click();
  await expect(page).toHaveURL(/platforms=spotify,youtube,shazam,tiktok,deezer(&|$)/);
  await expect(platforms.getByRole('link', { name: /Apple Music/ })).toContainText('(hidden)');
  await expect.poll(async () => Object.keys((await audienceTable(page))[0]?.cells ?? {})).not.toContain('Apple Music');
  await expectChartDrawn(page);

  // One platform alone: its metric names the axis and the column.
  await page.goto(`${specDays}&platforms=apple_music`);
  await expect(page.getByRole('img', { name: /Line chart of listeners on Apple Music/ })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /^Apple Music\s*Listeners$/ })).toBeVisible();
  // The last platform shown cannot be hidden, so its chip is no link at all.
  await expect(platforms.getByRole('link', { name: /Apple Music/ })).toHaveCount(0);
  await expect(platforms.getByText('Apple Music')).toBeVisible();
  await platforms.getByRole('link', { name: /Spotify/ }).click();
  await expect(page).toHaveURL(/platforms=spotify,apple_music(&|$)/);
  expect((await audienceTable(page))[2]?.cells).toEqual({ Spotify: '2,763,701,395', 'Apple Music': '1,500,000' });
  // Each column's heading carries its line's dash pattern: Spotify solid, Apple Music dashed.
  const samples = page.getByRole('table').locator('thead svg.line-sample line');
  await expect(samples).toHaveCount(2);
  expect(await samples.nth(0).getAttribute('stroke-dasharray')).toBeNull();
  expect(await samples.nth(1).getAttribute('stroke-dasharray')).toBe('8 4');
});

test('range presets and a custom range change the URL and the days shown', async ({ page }) => {
  await page.goto(badGuy);
  await expect(page.getByRole('link', { name: '1 year' })).toHaveAttribute('aria-current', 'true');
  // The table starts with the latest three months; the rest is a click away.
  expect((await audienceTable(page)).length).toBe(92);
  await page.getByRole('link', { name: /^Show all \d+ days$/ }).click();
  await expect(page).toHaveURL(/table=all/);
  await expect.poll(async () => (await audienceTable(page)).length).toBeGreaterThan(340);
  const yearRows = (await audienceTable(page)).length;

  // While the new view is on its way, the clicked control shows that it is loading.
  await page.route(/_rsc=/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  const thirtyDays = page.getByRole('link', { name: '30 days' });
  await thirtyDays.click();
  await expect(thirtyDays.locator('.link-pending.is-pending')).toBeVisible();
  await expect(page).toHaveURL(/range=30d/);
  await expect(thirtyDays.locator('.link-pending.is-pending')).toHaveCount(0);
  await page.unrouteAll({ behavior: 'wait' });
  await expect.poll(async () => (await audienceTable(page)).length).toBeLessThanOrEqual(30);
  expect((await audienceTable(page)).length).toBeGreaterThan(25);

  await page.getByRole('link', { name: 'All', exact: true }).click();
  await expect(page).toHaveURL(/range=all/);
  // "Show all" holds while the reader moves through ranges.
  await expect.poll(async () => (await audienceTable(page)).length).toBeGreaterThan(yearRows);
  await expect(page.getByRole('link', { name: /^Show all/ })).toHaveCount(0);
  // Three years: the chart is down-sampled and says so; the table still has every day.
  await expect(page.getByText(/each point of the chart stands for up to \d+ days/)).toBeVisible();

  await page.getByLabel('From', { exact: true }).fill('2025-07-21');
  await page.getByLabel('To', { exact: true }).fill('2025-07-22');
  await page.getByRole('button', { name: 'Apply dates' }).click();
  await expect(page).toHaveURL(/range=custom&from=2025-07-21&to=2025-07-22/);
  await expect.poll(async () => (await audienceTable(page)).map((row) => row.date)).toEqual(['Jul 22, 2025', 'Jul 21, 2025']);
});

test('value modes show daily change and its 7-day average, and the scale can be logarithmic or indexed', async ({ page }) => {
  await page.goto(specDays);
  await expectChartDrawn(page);
  const before = await chartImage(page);

  await page.getByRole('link', { name: 'Daily change' }).click();
  await expect(page).toHaveURL(/mode=daily/);
  await expect(page.getByRole('columnheader', { name: /Spotify/ })).toContainText('per day');
  // 2,764,225,348 − 2,763,701,395 and 2,764,759,050 − 2,764,225,348.
  await expect.poll(async () => (await audienceTable(page)).slice(0, 2).map((row) => row.cells['Spotify'])).toEqual(['533,702', '523,953']);
  expect((await audienceTable(page))[0]?.cells['Apple Music']).toBe('50,000');
  await expect.poll(() => chartImage(page)).not.toBe(before);

  await page.getByRole('link', { name: '7-day average' }).click();
  await expect(page).toHaveURL(/mode=average7/);
  await expect(page.getByRole('columnheader', { name: /Spotify/ })).toContainText('7-day avg.');
  await expect.poll(async () => (await audienceTable(page))[0]?.cells['Spotify']).not.toBe('533,702');

  await page.getByRole('link', { name: 'Total' }).click();
  await expect(page).not.toHaveURL(/mode=/);
  await page.getByRole('link', { name: 'Indexed' }).click();
  await expect(page).toHaveURL(/scale=indexed/);
  // Each platform is 100 on the first day: Apple Music's 1,600,000 is 106.7 against 1,500,000.
  await expect.poll(async () => (await audienceTable(page)).map((row) => row.cells['Apple Music'])).toEqual(['106.7', '103.3', '100']);
  expect((await audienceTable(page))[2]?.cells['Spotify']).toBe('100');

  const indexed = await chartImage(page);
  await page.getByRole('link', { name: 'Logarithmic' }).click();
  await expect(page).toHaveURL(/scale=log/);
  await expect(page.getByText('On a logarithmic scale, zero and negative values are left out.')).toBeVisible();
  await expect.poll(async () => (await audienceTable(page))[2]?.cells['Spotify']).toBe('2,763,701,395');
  await expect.poll(() => chartImage(page)).not.toBe(indexed);
});

test('malformed view parameters fall back to the default view', async ({ page }) => {
  const response = await page.goto(`${badGuy}?range=forever&mode=%25&scale=cubic&from=2025-02-30&platforms=,,NOPE,`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('link', { name: '1 year' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('link', { name: 'Total' })).toHaveAttribute('aria-current', 'true');
  // No valid scale asked for: the page picks one, logarithmic for "bad guy"'s far-apart platforms.
  await expect(page.getByRole('link', { name: 'Logarithmic' })).toHaveAttribute('aria-current', 'true');
  await expectChartDrawn(page);
});

test('platforms over 1,000 times apart are first drawn on a logarithmic scale, and a linear scale the reader picks is kept', async ({ page }) => {
  // Spotify's 2,764,759,050 streams against Apple Music's 1,600,000 listeners: 1,728 times.
  const farApart = `${specDays}&platforms=spotify,apple_music`;
  await page.goto(farApart);
  await expectChartDrawn(page);
  const scale = page.getByRole('group', { name: 'Scale' });
  await expect(scale.getByRole('link', { name: 'Logarithmic' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText('Logarithmic scale chosen: the platforms shown differ more than 100 times.')).toBeVisible();
  const chosen = await chartImage(page);

  // The same chart as asking for the logarithmic scale outright, which says nothing about a choice.
  await page.goto(`${farApart}&scale=log`);
  await expectChartDrawn(page);
  await expect.poll(() => chartImage(page)).toBe(chosen);
  await expect(page.getByText(/scale chosen/)).toHaveCount(0);

  await page.goto(farApart);
  await scale.getByRole('link', { name: 'Linear' }).click();
  await expect(page).toHaveURL(/scale=linear/);
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText(/scale chosen/)).toHaveCount(0);
  await expect.poll(() => chartImage(page)).not.toBe(chosen);
  // Other controls keep the reader's scale.
  await page.getByRole('link', { name: 'Daily change' }).click();
  await expect(page).toHaveURL(/mode=daily&scale=linear/);
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');
  await page.getByRole('button', { name: 'Apply dates' }).click();
  await expect(page).toHaveURL(/scale=linear/);
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');

  // One platform alone has nothing to be far from: linear.
  await page.goto(`${specDays}&platforms=apple_music`);
  await expect(scale.getByRole('link', { name: 'Linear' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText(/scale chosen/)).toHaveCount(0);
});

test('an unknown track is a real 404 page that leads back to the list', async ({ page }) => {
  for (const path of ['/tracks/7d534228-5165-11e9-9375-000000000000', '/tracks/not-a-uuid']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Browse all tracks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tracks' })).toBeVisible();
});
