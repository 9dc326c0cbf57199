import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

function hasServer(dir: string): boolean {
  return existsSync(path.join(dir, 'postgres')) && existsSync(path.join(dir, 'initdb'));
}

/**
 * The folder of PostgreSQL's server programs (initdb, postgres), which the tests that stop and
 * start a server of their own need: POSTGRES_BIN_DIR when set (and only there, so that setting it
 * to a missing folder hides them), else the newest under /usr/lib/postgresql (Debian), else the
 * PATH (Homebrew, other distributions). Undefined when there is none.
 */
export function postgresBinDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const chosen = env.POSTGRES_BIN_DIR;
  if (chosen !== undefined && chosen !== '') return hasServer(chosen) ? chosen : undefined;
  const versions = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((entry) => hasServer(path.join(DEBIAN_ROOT, entry, 'bin')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return path.join(DEBIAN_ROOT, versions[0], 'bin');
  return (env.PATH ?? '').split(path.delimiter).find((dir) => dir !== '' && hasServer(dir));
}

/** The one line `npm test` prints when the tests that need a private PostgreSQL server are skipped. */
export function missingPostgresBinariesLine(env: Record<string, string | undefined> = process.env): string {
  const where = env.POSTGRES_BIN_DIR ? `in POSTGRES_BIN_DIR (${env.POSTGRES_BIN_DIR})` : `under ${DEBIAN_ROOT}/*/bin or on the PATH`;
  return `PostgreSQL server programs (initdb, postgres) not found ${where}: skipping the tests that stop and start a PostgreSQL server of their own (test/private-postgres.ts); install them with apt-get install postgresql, or set POSTGRES_BIN_DIR.`;
}
