import { expect, test } from '@playwright/test';
import { formatDay } from '@/components/date-format';
import { todayUtc } from '@/lib/dates';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import { SOUNDCHARTS_TRACK_COUNT } from './environment';
import { audienceTable, chartImage, expectChartDrawn, signInAsAdmin } from './page-reading';

// A seeded track no other browser test refreshes.
const watched = demoCatalogue({ trackCount: SOUNDCHARTS_TRACK_COUNT })[3];

test("a reader's open track page updates its chart and table in place when an admin refreshes the track elsewhere", async ({ browser }) => {
  if (!watched) throw new Error('the demo catalogue has no fourth track');
  const [platform] = watched.platforms.filter((slug) => slug !== 'spotify');
  if (!platform) throw new Error('the watched track has one platform only');
  const view = `/tracks/${watched.uuid}?platforms=spotify,${platform}&range=90d&mode=daily&scale=linear`;
  const reader = await (await browser.newContext()).newPage();
  const admin = await (await browser.newContext()).newPage();

  await reader.setViewportSize({ width: 1280, height: 600 });
  await reader.goto(view);
  await expectChartDrawn(reader);
  const tableBefore = await audienceTable(reader);
  const chartBefore = await chartImage(reader);
  await reader.getByRole('region', { name: 'Audience numbers' }).scrollIntoViewIfNeeded();
  const scrolled = await reader.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  // Gone if the page reloaded: the update has to arrive without one.
  await reader.evaluate(() => Object.assign(window, { samePage: true }));

  await signInAsAdmin(admin, `/tracks/${watched.uuid}`);
  await admin.getByRole('button', { name: 'Refresh Spotify' }).click();
  await expect(admin.getByRole('listitem').filter({ hasText: 'Spotify' }).getByRole('status')).toHaveText(/^Spotify refreshed: \d+ new days?/, {
    timeout: 30_000,
  });

  const spotifyNow = demoSeries(watched, 'spotify', todayUtc()).at(-1);
  if (!spotifyNow) throw new Error('no Spotify series');
  await expect.poll(async () => (await audienceTable(reader))[0]?.date, { timeout: 20_000 }).toBe(formatDay(spotifyNow.date));
  expect((await audienceTable(reader))[0]?.date).not.toBe(tableBefore[0]?.date);
  await expect.poll(() => chartImage(reader)).not.toBe(chartBefore);
  // The same page, the same view and the same place on it.
  expect(await reader.evaluate(() => 'samePage' in window)).toBe(true);
  expect(new URL(reader.url()).search).toBe(new URL(view, 'http://x').search);
  expect(Object.keys((await audienceTable(reader))[0]?.cells ?? {})).toEqual(Object.keys(tableBefore[0]?.cells ?? {}));
  expect(await reader.evaluate(() => window.scrollY)).toBe(scrolled);
});
