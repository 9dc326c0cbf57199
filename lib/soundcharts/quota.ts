import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { soundchartsQuota } from '@/db/schema';

export type QuotaReading = { remaining: number; observedAt: Date };

export async function readQuota(db: Database, appId: string): Promise<QuotaReading | undefined> {
  const [row] = await db
    .select({ remaining: soundchartsQuota.remaining, observedAt: soundchartsQuota.observedAt })
    .from(soundchartsQuota)
    .where(eq(soundchartsQuota.appId, appId));
  return row;
}

/** Keeps the newest reading: processes answering out of order must not bring back an older, higher figure. */
export async function recordQuota(db: Database, appId: string, reading: QuotaReading): Promise<void> {
  await db
    .insert(soundchartsQuota)
    .values({ appId, ...reading })
    .onConflictDoUpdate({
      target: soundchartsQuota.appId,
      set: { remaining: sql`excluded.remaining`, observedAt: sql`excluded.observed_at` },
      setWhere: sql`excluded.observed_at >= ${soundchartsQuota.observedAt}`,
    });
}
