import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { expectChartDrawn, signInAsAdmin } from './page-reading';

/**
 * Every page against the WCAG 2.1 A and AA rules axe-core checks. A violation fails the test with
 * the rule, the elements and axe's explanation, so the report says what to fix.
 */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectNoViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const found = violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
  expect(found).toEqual([]);
}

const badGuy = `/tracks/${BAD_GUY_UUID}`;
const second = demoCatalogue().find((track) => track.uuid !== BAD_GUY_UUID && track.platforms.includes('spotify'));
const compare = `/compare?tracks=${BAD_GUY_UUID},${second?.uuid ?? ''}&platform=spotify`;

test('the track list passes the WCAG 2.1 AA audit', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoViolations(page);
});

test('a track page passes the WCAG 2.1 AA audit', async ({ page }) => {
  await page.goto(badGuy);
  await expectChartDrawn(page);
  await expectNoViolations(page);
});

test('a track page in another view passes the WCAG 2.1 AA audit', async ({ page }) => {
  await page.goto(`${badGuy}?range=90d&mode=daily&scale=log&platforms=spotify`);
  await expectChartDrawn(page);
  await expectNoViolations(page);
});

test('the compare page passes the WCAG 2.1 AA audit', async ({ page }) => {
  await page.goto(`${compare}&mode=daily`);
  await expectChartDrawn(page);
  await expectNoViolations(page);
});

for (const [name, path] of [
  ['track list', '/'],
  ['track page', badGuy],
  ['compare page', compare],
] as const) {
  test(`the ${name} in the dark theme passes the WCAG 2.1 AA audit`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
    await expectNoViolations(page);
  });
}

test('the sign-in page passes the WCAG 2.1 AA audit', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByLabel('Admin token')).toBeVisible();
  await expectNoViolations(page);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a track page signed in as the admin passes the WCAG 2.1 AA audit (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await signInAsAdmin(page, badGuy);
    await expectChartDrawn(page);
    await expect(page.getByRole('button', { name: 'Refresh all' })).toBeVisible();
    await expectNoViolations(page);
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the operations page passes the WCAG 2.1 AA audit, a platform open and a removal asked (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await signInAsAdmin(page, `/admin?remove=${BAD_GUY_UUID}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Operations' })).toBeVisible();
    await page.locator('details.platform-edit summary').first().click();
    await expect(page.getByRole('button', { name: /^Remove “bad guy”/ })).toBeVisible();
    await expectNoViolations(page);
  });
}

test('the 404 page passes the WCAG 2.1 AA audit', async ({ page }) => {
  const response = await page.goto('/tracks/not-a-uuid');
  expect(response?.status()).toBe(404);
  await expectNoViolations(page);
});

test('the first Tab reaches a visible skip link that moves focus past the header', async ({ page }) => {
  await page.goto(badGuy);
  await expectChartDrawn(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab goes on from the main content: the breadcrumb, not the header's links.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '← All tracks' })).toBeFocused();
});

test('every focusable control on the track page shows a focus ring', async ({ page }) => {
  await page.goto(badGuy);
  await expectChartDrawn(page);
  const unringed: string[] = [];
  for (let step = 0; step < 30; step += 1) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return undefined;
      const style = getComputedStyle(element);
      return {
        name: `${element.tagName} ${element.getAttribute('type') ?? ''} ${element.textContent?.trim().slice(0, 30) ?? ''}`,
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (found && !found.ring) unringed.push(found.name);
  }
  expect(unringed).toEqual([]);
});
