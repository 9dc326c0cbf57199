import { expect } from 'vitest';
import type { RawReply } from './raw-http';

// What must never reach a reply: stack frames, file paths, SQL or driver errors.
const LEAKS = [/\n\s+at /, /node_modules/, /\.(?:ts|js|mjs):\d+/, /Failed query/i, /syntax error at/i, /\bpostgres(?:ql)?\b.*error/i, /relation ".*" does not exist/i, /ECONNREFUSED/];

export function expectNoLeak(body: string, context: string): void {
  for (const leak of LEAKS) expect(body, context).not.toMatch(leak);
}

/**
 * Next.js answers a path holding `//` or a backslash, before any of our code, with a 308 to the
 * same path with the slashes collapsed: harmless as long as it stays on this site.
 */
function checkSlashRedirect(reply: RawReply, path: string, context: string): void {
  expect(path.split('?')[0], context).toMatch(/\/\/|\\/);
  const location = String(reply.headers.location ?? '');
  expect(location, context).toMatch(/^\/(?![/\\])/);
  expect(location.split('?')[0], context).not.toMatch(/\/\/|\\/);
}

/** A JSON reply: success with a 2xx, else `{ success: false, error }` that says what was wrong; or a bare 4xx from Node or Next. */
export function checkJsonReply(reply: RawReply, what: string, path: string): void {
  const context = `${what} -> ${reply.status} ${reply.body.slice(0, 300)}`;
  expect(reply.status, context).toBeGreaterThanOrEqual(200);
  expect(reply.status, context).toBeLessThan(500);
  expectNoLeak(reply.body, context);
  if (reply.status === 308) {
    checkSlashRedirect(reply, path, context);
    return;
  }
  const type = String(reply.headers['content-type'] ?? '');
  if (reply.status >= 200 && reply.status < 300) {
    expect(type, context).toContain('application/json');
    expect(JSON.parse(reply.body).success, context).toBe(true);
    return;
  }
  if (type.includes('application/json')) {
    checkErrorBody(reply.body, context);
    return;
  }
  // Refused by Node or Next before any of our code runs: the status says what was wrong.
  expect([400, 413, 414, 431], context).toContain(reply.status);
  expect(reply.body.length, context).toBeLessThan(200);
}

export function checkErrorBody(text: string, context: string): void {
  const body = JSON.parse(text) as { success: unknown; error: unknown };
  expect(body.success, context).toBe(false);
  expect(typeof body.error, context).toBe('string');
  expect((body.error as string).length, context).toBeGreaterThan(5);
  expect((body.error as string).length, context).toBeLessThan(1_000);
}
