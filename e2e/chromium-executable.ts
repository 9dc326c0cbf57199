import { existsSync } from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, else Debian's where it is
 * installed, else undefined, which makes Playwright use its own browser (`npx playwright install
 * chromium` puts it there).
 */
export function chromiumExecutable(env: Record<string, string | undefined> = process.env, exists: (file: string) => boolean = existsSync): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return exists(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}
