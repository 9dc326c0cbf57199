import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ingestPairState } from '@/db/schema';
import type { IngestPairState } from '@/db/schema';

export type PairKey = { trackId: number; platformId: number };

export async function readPairState(db: Database, pair: PairKey): Promise<IngestPairState | undefined> {
  const [row] = await db
    .select()
    .from(ingestPairState)
    .where(and(eq(ingestPairState.trackId, pair.trackId), eq(ingestPairState.platformId, pair.platformId)))
    .limit(1);
  return row;
}

export async function recordPairSuccess(tx: Database, pair: PairKey, at: Date, coveredUntil: string): Promise<void> {
  await tx
    .insert(ingestPairState)
    .values({ ...pair, lastAttemptAt: at, lastStatus: 'succeeded', lastSucceededAt: at, coveredUntil })
    .onConflictDoUpdate({
      target: [ingestPairState.trackId, ingestPairState.platformId],
      set: {
        lastAttemptAt: at,
        lastStatus: 'succeeded',
        lastSucceededAt: at,
        // A forced refresh of a shorter window must not forget how far an earlier one reached.
        coveredUntil: sql`greatest(${ingestPairState.coveredUntil}, excluded.covered_until)`,
      },
    });
}

/** A failure moves the pair to the back of the scheduler's queue but keeps its last success. */
export async function recordPairFailure(db: Database, pair: PairKey, at: Date): Promise<void> {
  await db
    .insert(ingestPairState)
    .values({ ...pair, lastAttemptAt: at, lastStatus: 'failed' })
    .onConflictDoUpdate({
      target: [ingestPairState.trackId, ingestPairState.platformId],
      set: { lastAttemptAt: at, lastStatus: 'failed' },
    });
}
