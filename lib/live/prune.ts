import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { audienceChanges } from '@/db/schema';

/**
 * How long changes are kept: a page reconnecting after a longer absence gets a reset (refetch
 * everything) instead of the changes it missed. Three days covers a laptop closed over a weekend.
 */
export const CHANGES_KEPT_DAYS = 3;

/**
 * Deletes the changes older than the window, as a prefix of ids (what lib/live/change-events.ts's
 * replay relies on), always keeping the newest change so that the oldest kept id stays meaningful.
 * The scan walks the primary key from the oldest id: it reads the rows it deletes and one more.
 */
export async function pruneAudienceChanges(db: Database, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - CHANGES_KEPT_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const deleted = await db
    .delete(audienceChanges)
    .where(
      sql`${audienceChanges.id} < coalesce(
        (select c.id from ${audienceChanges} c where c.created_at >= ${cutoff}::timestamptz order by c.id limit 1),
        (select max(c.id) from ${audienceChanges} c))`,
    )
    .returning({ id: audienceChanges.id });
  return deleted.length;
}
