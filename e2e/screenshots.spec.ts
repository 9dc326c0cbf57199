import { expect, test } from '@playwright/test';
import { compareHref } from '@/lib/chart/compare-view';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { seededTrackUuid } from './environment';
import { expectChartDrawn } from './page-reading';

/**
 * Screenshots of the list, a track page and the compare page at desktop and phone widths, in the light and dark themes, saved to e2e/screenshots/
 * for a person to look at. At each width the page itself never scrolls sideways: wide tables scroll
 * inside their own box.
 */
const widths = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];
const pages = [
  { name: 'list', path: '/' },
  { name: 'track', path: `/tracks/${BAD_GUY_UUID}` },
  {
    name: 'compare',
    path: compareHref({ tracks: [BAD_GUY_UUID, seededTrackUuid('Sugar Lights')], platform: 'spotify', align: 'calendar', mode: 'cumulative', scale: undefined }),
  },
];

const schemes = ['light', 'dark'] as const;

for (const { colorScheme, name: device, width, height } of schemes.flatMap((scheme) => widths.map((size) => ({ colorScheme: scheme, ...size })))) {
  for (const { name, path } of pages) {
    test(`the ${name} page fits a ${device} screen (${width} px, ${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height });
      await page.goto(path);
      if (name !== 'list') await expectChartDrawn(page);
      await expect(page.getByRole('link', { name: 'Audience' })).toBeInViewport();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await page.screenshot({ path: `e2e/screenshots/${name}-${device}${colorScheme === 'dark' ? '-dark' : ''}.png`, fullPage: true });
    });
  }
}
