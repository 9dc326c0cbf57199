import { expect, test } from '@playwright/test';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { SEEDED_TRACK_COUNT } from './environment';

const seeded = demoCatalogue({ trackCount: SEEDED_TRACK_COUNT });
const trackRows = (page: import('@playwright/test').Page) => page.getByRole('table').getByRole('row').filter({ has: page.getByRole('link') }).filter({ hasNot: page.getByRole('columnheader') });

test('the list shows the tracks with their latest audience on each platform', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Tracks' })).toBeVisible();
  await expect(page.getByText(/^1–\d+ of \d+ tracks$/)).toBeVisible();
  const badGuy = trackRows(page).filter({ hasText: 'bad guy' });
  await expect(badGuy).toContainText('Billie Eilish');
  // Spotify passed 3 billion streams in 2026: a compact figure, its full value on hover.
  await expect(badGuy.getByRole('listitem').filter({ hasText: 'Spotify' })).toContainText(/3(\.\d)?B/);
  for (const track of seeded.slice(1, 4)) await expect(trackRows(page).filter({ hasText: track.name })).toContainText(track.creditName);
});

test('searching by artist or title narrows the list, and an unmatched search says what to do', async ({ page }) => {
  await page.goto('/');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('billie');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]q=billie/);
  await expect(page.getByText('1–1 of 1 track matching “billie”')).toBeVisible();
  await expect(trackRows(page)).toHaveCount(1);
  await expect(trackRows(page)).toContainText('bad guy');

  const other = seeded[3];
  if (!other) throw new Error('the seeded catalogue is too small');
  await search.fill(other.name.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(trackRows(page).filter({ hasText: other.name })).toHaveCount(1);

  await search.fill('no such song anywhere');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { name: 'No track matches “no such song anywhere”' })).toBeVisible();
  await page.getByRole('link', { name: 'clear the search' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(trackRows(page).filter({ hasText: 'bad guy' })).toHaveCount(1);
});

test('sorting by a heading orders the rows and keeps the order in the URL', async ({ page }) => {
  await page.goto('/');
  const names = seeded.map((track) => track.name).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  await expect(trackRows(page).first()).toContainText(names[0] ?? '');
  await page.getByRole('link', { name: 'Sort by title, descending' }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByRole('columnheader', { name: /Sort by title/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(trackRows(page).first()).toContainText(names.at(-1) ?? '');
});

test('malformed list parameters show the default list instead of an error', async ({ page }) => {
  const response = await page.goto('/?page=-3&sort=%00&dir=sideways&platform=..%2F&q=' + 'x'.repeat(500));
  expect(response?.status()).toBe(200);
  await expect(trackRows(page).filter({ hasText: 'bad guy' })).toHaveCount(1);
});

test('a track opens from the list with its title, artist, release date and chart', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'bad guy' }).click();
  await expect(page).toHaveURL(new RegExp(`/tracks/${BAD_GUY_UUID}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'bad guy' })).toBeVisible();
  await expect(page.getByText('Billie Eilish', { exact: true })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Mar 29, 2019' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Line chart of total audience on Spotify, Apple Music/ })).toBeVisible();
});
