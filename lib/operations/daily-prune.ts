import type { Database } from '@/db/client';
import { logger } from '@/lib/logger';
import { prune } from './prune';
import type { PruneReport, RetentionSettings } from './prune';
import { claimDueTask, finishTask } from './scheduled-tasks';

const DAY_MS = 24 * 60 * 60 * 1000;
const TASK = 'prune';

/**
 * The prune, once a day, for whichever caller finds it due (the cron route, a worker when idle):
 * null when it was not due or another process has it. Cut short by the deadline, it is not recorded
 * as done, and the next call carries on.
 */
export async function runDailyPrune(
  db: Database,
  settings: RetentionSettings,
  options: { deadline: number; now?: Date; stop?: AbortSignal },
): Promise<PruneReport | null> {
  const leaseMs = Math.max(60_000, options.deadline - Date.now() + 60_000);
  if (!(await claimDueTask(db, { name: TASK, everyMs: DAY_MS, leaseMs, now: options.now }))) return null;
  let report: PruneReport | undefined;
  try {
    report = await prune(db, settings, { deadline: options.deadline, stop: options.stop, now: options.now, pauseMs: 10 });
    logger().info({ complete: report.complete, steps: report.steps }, 'daily prune');
    return report;
  } finally {
    await finishTask(db, TASK, report?.complete ?? false, options.now);
  }
}
