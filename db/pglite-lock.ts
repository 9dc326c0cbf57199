import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isRunning, processIdentity } from './process-identity';
import type { ProcessIdentity } from './process-identity';

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly lockPath: string,
    readonly holder: ProcessIdentity,
  ) {
    super(
      `The embedded database at ${dir} is already open in process ${holder.pid}. ` +
        'PGlite serves one process at a time: stop that process first, or set DATABASE_URL to share a PostgreSQL server. ' +
        `If no process of this app has it open, delete ${lockPath} and start again.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

const lockFileSchema = z.object({
  pid: z.number().int().positive(),
  startTime: z.string().min(1).optional(),
  bootId: z.string().min(1).optional(),
});

/** Undefined for a missing, unreadable or foreign lock file (an older version wrote a bare pid): none of them is a holder. */
function readHolder(lockPath: string): ProcessIdentity | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? { pid: parsed.data.pid, startTime: parsed.data.startTime, bootId: parsed.data.bootId } : undefined;
  } catch {
    return undefined;
  }
}

function sameProcess(a: ProcessIdentity | undefined, b: ProcessIdentity): boolean {
  return a !== undefined && a.pid === b.pid && a.startTime === b.startTime && a.bootId === b.bootId;
}

/**
 * Takes an exclusive lock on a PGlite directory for this process. Two processes writing one PGlite
 * folder silently lose writes, so the second one must fail loudly instead. The lock file records
 * the holder's id with its start time and the boot it started in, so a lock left by a process that
 * has gone is taken over even when its id now belongs to another process (a restarted container).
 * Returns the function that releases the lock.
 */
export function lockPgliteDir(dir: string): () => void {
  const lockPath = `${dir.replace(/[\\/]+$/, '')}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const self = processIdentity(process.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify(self));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        if (sameProcess(readHolder(lockPath), self)) rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const holder = readHolder(lockPath);
      if (holder !== undefined && !sameProcess(holder, self) && isRunning(holder)) {
        throw new DatabaseLockedError(dir, lockPath, holder);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}: it keeps reappearing.`);
}
