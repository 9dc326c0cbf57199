/** Where a process keeps one instance of something slow to start: a database, a SoundCharts client. */
export type Slot<T> = { current?: Promise<T> };

/**
 * The instance in the slot, started on first use and shared by every caller after. A failed start is
 * not kept: cached, it would fail every later request; forgotten, the next caller tries again.
 */
export function cachedUntilFailure<T>(slot: Slot<T>, start: () => Promise<T>): Promise<T> {
  if (!slot.current) {
    const starting = start();
    slot.current = starting;
    starting.catch(() => {
      if (slot.current === starting) slot.current = undefined;
    });
  }
  return slot.current;
}
