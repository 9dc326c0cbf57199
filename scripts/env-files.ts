import * as imported from '@next/env';

// Node's ESM loader (tsx) puts this CommonJS module's exports under `default`; a CommonJS loader
// (drizzle-kit reading drizzle.config.ts) hands them over as they are.
const nextEnv: typeof imported = 'loadEnvConfig' in imported ? imported : Reflect.get(imported, 'default');

/**
 * Reads .env files into process.env exactly as `next dev` (dev) and `next start` do, so that the
 * command-line tools and the app they serve see one configuration: .env.{mode}.local, .env.local,
 * .env.{mode}, .env, the first to name a variable winning, and the real environment over them all.
 * Messages go to stderr: stdout may be a machine's (`fetch-audience --json`).
 */
export function loadEnvFiles(dir: string, dev: boolean): string[] {
  const report = (...args: unknown[]): void => console.error(...args);
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(dir, dev, { info: report, error: report });
  const paths = loadedEnvFiles.map((file) => file.path);
  // The line `next` prints too: says which files a setting may have come from.
  if (paths.length > 0) report(`- Environments: ${paths.join(', ')}`);
  return paths;
}
