import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { soundchartsCallSlots as slots } from '@/db/schema';

const MINUTE_MS = 60_000;

/** The milliseconds between two calls that keep every process together under `perMinute`; 0 when unlimited. */
export function callSpacingMs(perMinute: number | undefined): number {
  return perMinute === undefined ? 0 : MINUTE_MS / perMinute;
}

/**
 * Reserves the next call slot of an app id for this process and returns how long to wait for it.
 * One upsert: the row lock orders concurrent processes, and the database's clock decides, so that
 * workers on machines whose clocks differ still space their calls. The slot is the latest of the
 * slot reserved last plus one spacing, now, and a rate-limit pause; a reserved slot is kept even
 * when the call is not made, which errs on the slow side.
 */
export async function reserveCallSlot(db: Database, appId: string, spacingMs: number): Promise<number> {
  const spacing = sql`(${spacingMs}::double precision * interval '1 millisecond')`;
  const [row] = await db
    .insert(slots)
    .values({ appId, nextCallAt: sql`clock_timestamp() + ${spacing}` })
    .onConflictDoUpdate({
      target: slots.appId,
      set: {
        nextCallAt: sql`greatest(${slots.nextCallAt}, clock_timestamp(), coalesce(${slots.notBefore}, '-infinity'::timestamptz)) + ${spacing}`,
      },
    })
    .returning({
      waitMs: sql<number>`greatest(0, extract(epoch from (${slots.nextCallAt} - ${spacing} - clock_timestamp())) * 1000)::double precision`,
    });
  return Number(row?.waitMs ?? 0);
}

/** A rate-limit 429: no process of this app id calls SoundCharts for the next `waitMs`. */
export async function pauseCalls(db: Database, appId: string, waitMs: number): Promise<void> {
  const until = sql`clock_timestamp() + (${waitMs}::double precision * interval '1 millisecond')`;
  await db
    .insert(slots)
    .values({ appId, nextCallAt: sql`clock_timestamp()`, notBefore: until })
    .onConflictDoUpdate({
      target: slots.appId,
      set: { notBefore: sql`greatest(coalesce(${slots.notBefore}, '-infinity'::timestamptz), excluded.not_before)` },
    });
}

/** How long the rate-limit pause of this app id still lasts; 0 when there is none. */
export async function pauseLeftMs(db: Database, appId: string): Promise<number> {
  const [row] = await db
    .select({ leftMs: sql<number>`greatest(0, extract(epoch from (${slots.notBefore} - clock_timestamp())) * 1000)::double precision` })
    .from(slots)
    .where(eq(slots.appId, appId));
  return Number(row?.leftMs ?? 0);
}
