import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scheduledTasks } from '@/db/schema';

export type DueTask = {
  name: string;
  /** How often it runs: it is due this long after it last completed. */
  everyMs: number;
  /** How long a taker holds it; a process that dies while running it leaves it to others after this. */
  leaseMs: number;
  now?: Date;
};

/**
 * Takes the task when it is due and nobody holds it, in one upsert (the row lock decides between
 * concurrent callers). False: not due, or taken.
 */
export async function claimDueTask(db: Database, task: DueTask): Promise<boolean> {
  const now = task.now ?? new Date();
  const leaseExpiresAt = new Date(now.getTime() + task.leaseMs);
  const claimed = await db
    .insert(scheduledTasks)
    .values({ name: task.name, leaseExpiresAt })
    .onConflictDoUpdate({
      target: scheduledTasks.name,
      set: { leaseExpiresAt },
      setWhere: and(
        or(isNull(scheduledTasks.lastCompletedAt), lte(scheduledTasks.lastCompletedAt, new Date(now.getTime() - task.everyMs))),
        or(isNull(scheduledTasks.leaseExpiresAt), lte(scheduledTasks.leaseExpiresAt, now)),
      ),
    })
    .returning({ name: scheduledTasks.name });
  return claimed.length === 1;
}

/** Gives the task back; completed, it is not due again for its period, otherwise the next caller carries on. */
export async function finishTask(db: Database, name: string, completed: boolean, now: Date = new Date()): Promise<void> {
  await db
    .update(scheduledTasks)
    .set(completed ? { leaseExpiresAt: null, lastCompletedAt: now } : { leaseExpiresAt: null })
    .where(eq(scheduledTasks.name, name));
}
