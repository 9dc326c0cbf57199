import { describe, expect, it } from 'vitest';
import { chromiumExecutable, DEBIAN_CHROMIUM } from '@/e2e/chromium-executable';

describe('the Chromium the browser tests drive', () => {
  it('is CHROMIUM_PATH when set, else Debian\'s when installed, else Playwright\'s own', () => {
    const installed = (file: string) => file === DEBIAN_CHROMIUM;
    const missing = () => false;
    expect(chromiumExecutable({ CHROMIUM_PATH: '/opt/chrome/chrome' }, installed)).toBe('/opt/chrome/chrome');
    expect(chromiumExecutable({}, installed)).toBe(DEBIAN_CHROMIUM);
    expect(chromiumExecutable({ CHROMIUM_PATH: '' }, installed)).toBe(DEBIAN_CHROMIUM);
    expect(chromiumExecutable({}, missing)).toBeUndefined();
  });
});
