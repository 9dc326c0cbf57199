import { describe, expect, it } from 'vitest';
import { cachedUntilFailure } from './cached-until-failure';
import type { Slot } from './cached-until-failure';

describe('cachedUntilFailure', () => {
  it('starts once and shares the instance with every caller', async () => {
    const slot: Slot<number> = {};
    let starts = 0;
    const start = async () => ++starts;
    const [first, second] = await Promise.all([cachedUntilFailure(slot, start), cachedUntilFailure(slot, start)]);
    expect([first, second, await cachedUntilFailure(slot, start)]).toEqual([1, 1, 1]);
    expect(starts).toBe(1);
  });

  it('forgets a failed start, so that the next caller starts again', async () => {
    const slot: Slot<string> = {};
    await expect(cachedUntilFailure(slot, async () => Promise.reject(new Error('no database yet')))).rejects.toThrow('no database yet');
    expect(slot.current).toBeUndefined();
    expect(await cachedUntilFailure(slot, async () => 'open')).toBe('open');
  });
});
