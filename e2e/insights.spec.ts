import { expect, test } from '@playwright/test';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { chartImage, expectChartDrawn } from './page-reading';

const badGuy = `/tracks/${BAD_GUY_UUID}?range=90d&platforms=spotify,youtube`;

test('the track page shows the trend above the chart and draws a forecast on request', async ({ page }) => {
  await page.goto(badGuy);
  const trend = page.getByRole('list', { name: 'Trend on the last day of the range' }).getByRole('listitem');
  await expect(trend).toHaveCount(2);
  await expect(trend.first()).toContainText(/^Spotify [\d,]+ on .+ · 7 days \+[\d.]+[KMB]? \([+-][\d.]+% on the period before\) · 28 days/);
  await expect(trend.nth(1)).toContainText(/^YouTube /);
  await expectChartDrawn(page);
  const without = await chartImage(page);

  await page.getByRole('link', { name: 'Show a 30-day forecast' }).click();
  await expect(page).toHaveURL(/forecast=30/);
  await expect(page.getByText(/The dashed line is a 30-day forecast/)).toBeVisible();
  await expect.poll(() => chartImage(page)).not.toBe(without);

  // Switching the mode keeps the forecast in the URL, and says why it is not drawn.
  await page.getByRole('link', { name: 'Daily change' }).click();
  await expect(page).toHaveURL(/mode=daily/);
  await expect(page).toHaveURL(/forecast=30/);
  await expect(page.getByText('The forecast is drawn on totals on a linear scale.')).toBeVisible();
  await page.goto(`${badGuy}&forecast=30`);
  await page.getByRole('link', { name: 'Hide the forecast' }).click();
  await expect(page).not.toHaveURL(/forecast=/);
});
