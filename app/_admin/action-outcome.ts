import 'server-only';
import { headers } from 'next/headers';
import type { IngestResult, PairOutcome } from '@/lib/ingest/processor';
import { databaseUnavailable } from '@/lib/database-errors';
import { isAppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { readAdminSession } from '@/app/_auth/session';
import type { AdminSession } from '@/lib/access/admin-session';
import type { ActionOutcome } from '@/components/ActionMessage';

export function outcome(ok: boolean, message: string, link?: ActionOutcome['link']): ActionOutcome {
  return { ok, message, link, at: Date.now() };
}

export async function actionRequestId(): Promise<string | undefined> {
  return (await headers()).get('x-request-id') ?? undefined;
}

/**
 * The session of the admin calling an action, checked inside the action itself: the page hides the
 * controls from everyone else, but anyone can POST an action, so this is the real gate.
 */
export async function adminOrRefusal(action: string): Promise<{ session: AdminSession } | { refusal: ActionOutcome }> {
  const session = await readAdminSession();
  if (session) return { session };
  logger().warn({ requestId: await actionRequestId(), action }, 'admin action refused: no admin session');
  return { refusal: outcome(false, 'Only a signed-in admin can do this. Sign in as an admin, then try again.') };
}

/** The reply to a call that hands an action something other than a form (only a forged call can). */
export function notAForm(): ActionOutcome {
  return outcome(false, 'This action takes a form; the request did not send one.');
}

/** An error as a sentence a person can act on; anything unexpected is logged and named by request id only. */
export function errorInWords(error: unknown, requestId: string | undefined): string {
  const known = isAppError(error) ? error : databaseUnavailable(error);
  if (known) {
    const sentence = /[.!?]$/.test(known.message) ? known.message : `${known.message}.`;
    const wait = known.retryAfterSeconds;
    return wait !== undefined && !/try again/i.test(sentence) ? `${sentence} Try again in ${Math.max(1, Math.ceil(wait))} s.` : sentence;
  }
  logger().error({ requestId, err: error }, 'admin action failed unexpectedly');
  return `Something went wrong on the server${requestId ? ` (request ${requestId})` : ''}. Try again; if it keeps failing, check the server log.`;
}

const plural = (count: number, one: string, many: string): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export function countsInWords(counts: { recordsCreated: number; recordsUpdated: number; recordsSkipped: number }): string {
  return `${plural(counts.recordsCreated, 'new day', 'new days')}, ${plural(counts.recordsUpdated, 'day', 'days')} updated, ${plural(counts.recordsSkipped, 'day', 'days')} unchanged`;
}

export function ingestInWords(result: IngestResult, platformName: string): string {
  if (result.status === 'skipped') {
    return result.skipReason === 'in_progress'
      ? `${platformName}: another refresh of this platform is still running. Wait a minute, then try again.`
      : `${platformName}: fetched less than a day ago, so nothing was fetched.`;
  }
  return `${platformName} refreshed: ${countsInWords(result)}.`;
}

export function failuresInWords(results: readonly PairOutcome[], names: ReadonlyMap<string, string>): string {
  return results
    .filter((result) => result.status === 'failed')
    .map((result) => `${names.get(result.platformSlug) ?? result.platformSlug}: ${result.error}`)
    .join('; ');
}
