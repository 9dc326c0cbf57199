import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabases } from '@/test/databases';
import { callSpacingMs, pauseCalls, pauseLeftMs, reserveCallSlot } from './call-slots';

describe('callSpacingMs', () => {
  it('spreads the per-minute limit evenly, and does not pace without one', () => {
    expect(callSpacingMs(120)).toBe(500);
    expect(callSpacingMs(undefined)).toBe(0);
  });
});

describe.each(testDatabases())('call slots on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle.close();
  });

  // A spacing of a minute leaves a loaded machine's statements far inside each slot's margin.
  it('gives each call of an app id the slot one spacing after the one before', async () => {
    const waits = [];
    for (let call = 0; call < 3; call += 1) waits.push(await reserveCallSlot(handle.db, 'paced', 60_000));
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThan(50_000);
    expect(waits[1]).toBeLessThanOrEqual(60_000);
    expect(waits[2]).toBeGreaterThan(110_000);
    expect(waits[2]).toBeLessThanOrEqual(120_000);
    // Another app id has a limit of its own.
    expect(await reserveCallSlot(handle.db, 'other', 60_000)).toBe(0);
  });

  it('holds every call back until a rate-limit pause is over, unpaced or not, and never shortens a pause', async () => {
    await pauseCalls(handle.db, 'paused', 90_000);
    await pauseCalls(handle.db, 'paused', 1_000);
    expect(await pauseLeftMs(handle.db, 'unpaused')).toBe(0);
    expect(await pauseLeftMs(handle.db, 'paused')).toBeGreaterThan(80_000);
    const wait = await reserveCallSlot(handle.db, 'paused', 0);
    expect(wait).toBeGreaterThan(80_000);
    expect(wait).toBeLessThanOrEqual(90_000);
  });
});
