import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { AppError } from '@/lib/errors';
import { enforceAdminEditRateLimit, enforceAdminRateLimit, takeRateLimit } from './rate-limit';
import type { RateLimitRule } from './rate-limit';

const TRACK = '7d534228-5165-11e9-9375-549f35161576';
const OTHER_TRACK = '11111111-2222-1333-8444-555555555555';
const at = (iso: string): Date => new Date(iso);

describe.each(testDatabases())('rate limits on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  const rule = (key: string, limit: number): RateLimitRule => ({ key, limit, describe: key });

  it('allows up to the limit in a window, then refuses until the window ends', async () => {
    const rules = [rule('t1:a', 3)];
    const window = { windowSeconds: 60 };
    for (const second of ['00', '10', '20']) {
      expect(await takeRateLimit(handle.db, rules, { ...window, now: at(`2026-01-01T10:00:${second}Z`) })).toEqual({ allowed: true });
    }
    expect(await takeRateLimit(handle.db, rules, { ...window, now: at('2026-01-01T10:00:45Z') })).toEqual({
      allowed: false,
      retryAfterSeconds: 15,
      rule: rules[0],
    });
    // Refused calls count, so hammering does not help, but the window still ends on time.
    expect(await takeRateLimit(handle.db, rules, { ...window, now: at('2026-01-01T10:00:59.500Z') })).toMatchObject({
      allowed: false,
      retryAfterSeconds: 1,
    });
    expect(await takeRateLimit(handle.db, rules, { ...window, now: at('2026-01-01T10:01:00Z') })).toEqual({ allowed: true });
    expect(await takeRateLimit(handle.db, rules, { ...window, now: at('2026-01-01T10:05:30Z') })).toEqual({ allowed: true });
  });

  it('counts each key on its own, and refuses when any rule is over, naming it', async () => {
    const now = at('2026-01-02T00:00:05Z');
    const admin = rule('t2:admin:alice', 4);
    const track = rule('t2:track:x', 2);
    expect(await takeRateLimit(handle.db, [admin, track], { windowSeconds: 600, now })).toEqual({ allowed: true });
    expect(await takeRateLimit(handle.db, [admin, track], { windowSeconds: 600, now })).toEqual({ allowed: true });
    expect(await takeRateLimit(handle.db, [admin, track], { windowSeconds: 600, now })).toEqual({
      allowed: false,
      retryAfterSeconds: 595,
      rule: track,
    });
    // Another track for the same admin is still allowed: the admin counter is then at 4 of 4.
    expect(await takeRateLimit(handle.db, [admin, rule('t2:track:y', 2)], { windowSeconds: 600, now })).toEqual({ allowed: true });
    expect(await takeRateLimit(handle.db, [admin, rule('t2:track:z', 2)], { windowSeconds: 600, now })).toMatchObject({
      allowed: false,
      rule: admin,
    });
  });

  it('charges a call costing several units all at once', async () => {
    const rules = [rule('t3:track', 8)];
    const now = at('2026-01-03T00:00:00Z');
    expect(await takeRateLimit(handle.db, rules, { windowSeconds: 60, cost: 8, now })).toEqual({ allowed: true });
    expect(await takeRateLimit(handle.db, rules, { windowSeconds: 60, cost: 1, now })).toMatchObject({ allowed: false });
  });

  it('never lets concurrent calls past the limit', async () => {
    const rules = [rule('t4:admin', 7), rule('t4:track', 100)];
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => takeRateLimit(handle.db, rules, { windowSeconds: 3600 })),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(7);
    const [stored] = await handle.db.select().from(rateLimits).where(eq(rateLimits.key, 't4:admin'));
    expect(stored?.hits).toBe(40);
  });

  it('refuses the configured refresh limit per track with a 429 and Retry-After that says why', async () => {
    // Defaults: 30 refreshes per track and 120 per admin in 10 minutes.
    for (let call = 0; call < 30; call += 1) {
      await enforceAdminRateLimit(handle.db, 'refresh', { admin: 'session', trackUuid: TRACK });
    }
    const refused = await enforceAdminRateLimit(handle.db, 'refresh', { admin: 'bearer', trackUuid: TRACK }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    const error = refused as AppError;
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(
      new RegExp(`^Too many refreshes of track ${TRACK}: at most 30 per 10 minutes; try again in \\d+ s$`),
    );
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(600);

    // Another track and the add-track counters are untouched.
    await enforceAdminRateLimit(handle.db, 'refresh', { admin: 'bearer', trackUuid: OTHER_TRACK });
    await enforceAdminRateLimit(handle.db, 'add_track', { admin: 'bearer', trackUuid: TRACK });
  });

  it('refuses the add-track limit per admin across tracks', async () => {
    for (let call = 0; call < 60; call += 1) {
      const trackUuid = `00000000-0000-1000-8000-${String(call).padStart(12, '0')}`;
      await enforceAdminRateLimit(handle.db, 'add_track', { admin: 'carol', trackUuid });
    }
    await expect(
      enforceAdminRateLimit(handle.db, 'add_track', { admin: 'carol', trackUuid: OTHER_TRACK }),
    ).rejects.toThrow(/^Too many track additions by this admin: at most 60 per 10 minutes; try again in \d+ s$/);
    await enforceAdminRateLimit(handle.db, 'add_track', { admin: 'dave', trackUuid: OTHER_TRACK });
  });

  it('refuses admin page changes beyond the limit per admin, counted apart from refreshes', async () => {
    // Default: 60 changes per admin in 10 minutes.
    for (let call = 0; call < 60; call += 1) await enforceAdminEditRateLimit(handle.db, 'erin');
    await expect(enforceAdminEditRateLimit(handle.db, 'erin')).rejects.toThrow(/^Too many changes by this admin: at most 60 per 10 minutes; try again in \d+ s$/);
    await enforceAdminEditRateLimit(handle.db, 'frank');
    await enforceAdminRateLimit(handle.db, 'refresh', { admin: 'erin', trackUuid: OTHER_TRACK });
  });
});
