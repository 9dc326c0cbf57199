import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { expectChartDrawn } from './page-reading';

const badGuy = `/tracks/${BAD_GUY_UUID}`;

/** How many of the canvas's pixels are exactly this colour, fully opaque: glyph stems of its text. */
function pixelsOf(page: Page, [red, green, blue]: [number, number, number]): Promise<number> {
  return page.locator('canvas').first().evaluate(
    (element, rgb) => {
      const canvas = element as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let index = 0; index < data.length; index += 4) {
        if (data[index] === rgb[0] && data[index + 1] === rgb[1] && data[index + 2] === rgb[2] && data[index + 3] === 255) count += 1;
      }
      return count;
    },
    [red, green, blue],
  );
}

const lightInk: [number, number, number] = [0x1b, 0x1f, 0x24];
const darkInk: [number, number, number] = [0xe4, 0xe7, 0xec];
const pageBackground = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('the page and the chart follow a system that prefers dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(badGuy);
  await expectChartDrawn(page);
  expect(await pageBackground(page)).toBe('rgb(15, 18, 22)');
  // The legend is written in the dark theme's ink, not the light one's.
  await expect.poll(() => pixelsOf(page, darkInk)).toBeGreaterThan(50);
  expect(await pixelsOf(page, lightInk)).toBe(0);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});

test('the theme toggle switches the page and the chart, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(badGuy);
  await expectChartDrawn(page);
  await expect.poll(() => pixelsOf(page, lightInk)).toBeGreaterThan(50);
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => pageBackground(page)).toBe('rgb(15, 18, 22)');
  await expect.poll(() => pixelsOf(page, darkInk)).toBeGreaterThan(50);

  await page.reload();
  await expectChartDrawn(page);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await pageBackground(page)).toBe('rgb(15, 18, 22)');
  await expect.poll(() => pixelsOf(page, darkInk)).toBeGreaterThan(50);

  // Back to light, also remembered, on another page of the site.
  await toggle.click();
  await page.goto('/');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await pageBackground(page)).toBe('rgb(245, 246, 248)');
});

test('"Download PNG" saves the chart as a PNG as wide as the chart, with a title line above it', async ({ page }) => {
  await page.goto(badGuy);
  await expectChartDrawn(page);
  const size = await page.locator('canvas').first().evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    return { width: canvas.width, height: canvas.height };
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^bad-guy-billie-eilish-.*\.png$/);
  const file = await readFile(await download.path());
  // The PNG signature, then the IHDR chunk's width and height.
  expect(file.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(file.readUInt32BE(16)).toBe(size.width);
  expect(file.readUInt32BE(20)).toBe(size.height + 40);
  // Not a blank image: a drawn chart compresses far worse than an empty canvas.
  expect(file.length).toBeGreaterThan(10_000);
});

test('printed, the track page is its chart and table on A4 paper, without controls or header', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(badGuy);
  await expectChartDrawn(page);
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await expect(page.getByRole('group', { name: 'Scale' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download PNG' })).toBeHidden();
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.locator('canvas')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Audience numbers' })).toBeVisible();
  // Dark ink on white paper, whatever the screen's theme: the page's and the chart's.
  expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(27, 31, 36)');
  await expect.poll(() => pixelsOf(page, lightInk)).toBeGreaterThan(50);
  expect(await pixelsOf(page, darkInk)).toBe(0);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  // Every page's MediaBox is A4: 595 × 842 points.
  const boxes = [...pdf.toString('latin1').matchAll(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map(([, width, height]) => [
    Math.round(Number(width)),
    Math.round(Number(height)),
  ]);
  expect(boxes.length).toBeGreaterThan(0);
  expect(new Set(boxes.map((box) => box.join('×')))).toEqual(new Set(['595×842']));
});
