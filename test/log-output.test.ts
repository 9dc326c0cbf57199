import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { logOutput } from '@/lib/logger';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Runs a process that logs one line through lib/logger.ts and is then killed at once, as a frozen
 * serverless instance may be: nothing that was only buffered survives.
 */
function logThenDie(env: Record<string, string>, fields: Record<string, string | number> = { requestId: 'r-1' }): { stdout: string; signal: NodeJS.Signals | null } {
  const script = `
    import { logger } from './lib/logger.ts';
    logger().info(${JSON.stringify(fields)}, 'request');
    process.kill(process.pid, 'SIGKILL');
  `;
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['VERCEL', 'AWS_LAMBDA_FUNCTION_NAME', 'LOG_SYNC', 'LOG_FORMAT', 'LOG_LEVEL', 'CI', 'FORCE_COLOR'].includes(name)),
  );
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...clean, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
  });
  return { stdout: child.stdout, signal: child.signal };
}

describe('where log lines go', () => {
  it('writes each line before the call returns on Vercel and Lambda, and with LOG_SYNC', () => {
    const serverless: Array<Record<string, string>> = [{ VERCEL: '1' }, { AWS_LAMBDA_FUNCTION_NAME: 'audience' }, { LOG_SYNC: 'true' }];
    for (const env of serverless) {
      const { stdout, signal } = logThenDie(env);
      expect(signal).toBe('SIGKILL');
      const lines = stdout.trim().split('\n');
      expect(lines, JSON.stringify(env)).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({ requestId: 'r-1', msg: 'request', service: 'audience' });
    }
  });

  it('batches lines elsewhere: the same line is lost when the process dies before a flush', () => {
    expect(logThenDie({}).stdout).toBe('');
    expect(logThenDie({ VERCEL: '1', LOG_SYNC: 'false' }).stdout).toBe('');
  });

  it('prints readable lines at a terminal in development, JSON in production, CI, a pipe, or when asked', () => {
    const at = (env: Record<string, string>, terminal: boolean) => logOutput(parseEnv(env), terminal);
    expect(at({}, true)).toEqual({ format: 'pretty', sync: false });
    expect(at({ NODE_ENV: 'development' }, false).format).toBe('json');
    // next dev at a terminal relays its server's output through a pipe, and says so.
    expect(at({ NODE_ENV: 'development', FORCE_COLOR: '1' }, false).format).toBe('pretty');
    expect(at({ NODE_ENV: 'development', FORCE_COLOR: '0' }, false).format).toBe('json');
    expect(at({ NODE_ENV: 'production', FORCE_COLOR: '1' }, false).format).toBe('json');
    expect(at({ NODE_ENV: 'production' }, true).format).toBe('json');
    expect(at({ CI: 'true' }, true).format).toBe('json');
    expect(at({ CI: 'false' }, true).format).toBe('pretty');
    expect(at({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false).format).toBe('pretty');
    expect(at({ LOG_FORMAT: 'json' }, true).format).toBe('json');
    expect(at({ VERCEL: '1' }, false)).toEqual({ format: 'json', sync: true });
    expect(() => parseEnv({ LOG_FORMAT: 'yaml' })).toThrow('LOG_FORMAT');
  });

  it('writes readable lines, not JSON, when pretty', () => {
    const { stdout } = logThenDie({ LOG_FORMAT: 'pretty' }, { method: 'GET', path: '/tracks/x', status: 200, durationMs: 7.5, runId: 3 });
    expect(stdout).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/tracks\/x 200 7\.5 ms request \{"runId":3\}\n$/);
  });
});
