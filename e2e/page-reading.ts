import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './environment';

/** What a person reads in the table under the chart: each row's date and its cells by column heading. */
export type AudienceRow = { date: string; cells: Record<string, string> };

export async function audienceTable(page: Page): Promise<AudienceRow[]> {
  const table = page.getByRole('region', { name: 'Audience numbers' }).getByRole('table');
  await expect(table).toBeVisible();
  return table.evaluate((element) => {
    const headings = [...element.querySelectorAll('thead th')].map(
      (cell) => cell.firstChild?.textContent?.trim() ?? '',
    );
    return [...element.querySelectorAll('tbody tr')].map((row) => {
      const cells = [...row.children].map((cell) => cell.textContent?.trim() ?? '');
      return {
        date: cells[0] ?? '',
        cells: Object.fromEntries(headings.slice(1).map((heading, index) => [heading, cells[index + 1] ?? ''])),
      };
    });
  });
}

/** How many pixels of the chart's canvas are painted: a blank or unmounted chart has none. */
async function paintedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const chartCanvas = element as HTMLCanvasElement;
    const context = chartCanvas.getContext('2d');
    if (!context || chartCanvas.width === 0) return 0;
    const { data } = context.getImageData(0, 0, chartCanvas.width, chartCanvas.height);
    let painted = 0;
    for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) painted += 1;
    return painted;
  });
}

/** The chart as an image, to tell whether what it draws changed. */
export function chartImage(page: Page): Promise<string> {
  return page.locator('canvas').first().evaluate((element) => (element as HTMLCanvasElement).toDataURL());
}

export async function expectChartDrawn(page: Page): Promise<void> {
  const canvas = page.locator('canvas').first();
  await expect(canvas).toBeVisible();
  await expect.poll(() => paintedPixels(canvas)).toBeGreaterThan(1_000);
}

/** Signs in through the sign-in page, as an admin would, and lands on `next`. */
export async function signInAsAdmin(page: Page, next: string): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Admin token').fill(E2E_ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
