import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * What tells one process from another that later got the same id: the id alone is reused, by the
 * kernel after a while and at once in a container that restarts (its processes count up from 1
 * again), so a lock that trusts it can be held forever by an unrelated process.
 */
export type ProcessIdentity = { pid: number; startTime: string | undefined; bootId: string | undefined };

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Changes on every boot of the kernel, where process start times count from. Linux only. */
function bootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/**
 * When the process started, in a form only compared for equality: on Linux the clock ticks since
 * boot (field 22 of /proc/<pid>/stat, counted after the command name, which may hold spaces and
 * parentheses), elsewhere what `ps` prints. Undefined when the process is gone or the system tells
 * neither.
 */
function processStartTime(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat !== undefined) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  }
  if (process.platform === 'win32') return undefined;
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return started.trim() || undefined;
  } catch {
    return undefined;
  }
}

export function processIdentity(pid: number): ProcessIdentity {
  return { pid, startTime: processStartTime(pid), bootId: bootId() };
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** Whether the process that identity was taken of is still running: same boot, same id, same start. */
export function isRunning(identity: ProcessIdentity): boolean {
  const currentBoot = bootId();
  if (identity.bootId !== undefined && currentBoot !== undefined && identity.bootId !== currentBoot) return false;
  if (!signalable(identity.pid)) return false;
  if (identity.startTime === undefined) return true;
  const currentStart = processStartTime(identity.pid);
  return currentStart === undefined || currentStart === identity.startTime;
}
