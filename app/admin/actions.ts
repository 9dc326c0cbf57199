'use server';

import { refresh } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { enforceAdminEditRateLimit, enforceAdminRateLimit } from '@/lib/access/rate-limit';
import { editPlatform, platformEditSchema } from '@/lib/catalogue/edit-platform';
import { removeTrack as removeTrackAndSeries } from '@/lib/catalogue/remove-track';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { processAndStoreAudienceData } from '@/lib/ingest/processor';
import { recordAudit } from '@/lib/operations/audit-log';
import { runPair } from '@/lib/operations/ingest-run-list';
import { describeIssues } from '@/lib/validation';
import { actionRequestId, adminOrRefusal, errorInWords, ingestInWords, notAForm, outcome } from '@/app/_admin/action-outcome';
import type { ActionOutcome } from '@/components/ActionMessage';

const wholeNumber = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${what} must be a whole number`)
    .transform(Number);

const rerunInput = z.object({ runId: wholeNumber('The run id') });
const platformInput = platformEditSchema.extend({ slug: platformSlugSchema });
const removeInput = z.object({ trackUuid: z.string().trim().pipe(trackUuidSchema), expectedPoints: wholeNumber('The confirmed count') });

const field = (formData: FormData, name: string): unknown => formData.get(name) ?? undefined;

/** Runs a failed (or any) ingest run's pair again through the ingestion, as a manual refresh; recorded in the audit. */
export async function rerunIngest(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  const admin = await adminOrRefusal('rerunIngest');
  if (!(formData instanceof FormData)) return notAForm();
  if ('refusal' in admin) return admin.refusal;
  const input = rerunInput.safeParse({ runId: field(formData, 'runId') });
  if (!input.success) return outcome(false, `This re-run request is not valid: ${describeIssues(input.error)}.`);
  const requestId = await actionRequestId();
  try {
    const deps = await defaultIngestDeps();
    const pair = await runPair(deps.db, input.data.runId);
    if (!pair) return outcome(false, `There is no ingest run ${input.data.runId}; it may have gone with its track.`);
    await enforceAdminRateLimit(deps.db, 'refresh', { admin: admin.session.subject, trackUuid: pair.trackUuid });
    let message: string;
    let ok = true;
    try {
      const result = await processAndStoreAudienceData(deps, pair.trackUuid, pair.platformSlug, { forceRefresh: true, trigger: 'manual', requestId });
      message = `Run ${input.data.runId} re-run as run ${result.runId}: ${ingestInWords(result, pair.platformSlug)}`;
    } catch (error) {
      ok = false;
      message = `Run ${input.data.runId} re-run, and it failed again: ${errorInWords(error, requestId)}`;
    }
    await recordAudit(deps.db, {
      admin: admin.session.subject,
      action: 'rerun_ingest',
      target: `${pair.trackUuid} ${pair.platformSlug}`,
      summary: message,
      detail: { runId: input.data.runId },
    });
    refresh();
    return outcome(ok, message);
  } catch (error) {
    return outcome(false, errorInWords(error, requestId));
  }
}

/** Changes a platform's name, metric name, SoundCharts code and colour; says what a new code affects. */
export async function updatePlatform(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  const admin = await adminOrRefusal('updatePlatform');
  if (!(formData instanceof FormData)) return notAForm();
  if ('refusal' in admin) return admin.refusal;
  const input = platformInput.safeParse(Object.fromEntries(['slug', 'name', 'audienceMetricName', 'platformIdentifier', 'color'].map((name) => [name, field(formData, name)])));
  if (!input.success) return outcome(false, `Not saved: ${describeIssues(input.error)}.`);
  const requestId = await actionRequestId();
  try {
    const db = await getDb();
    await enforceAdminEditRateLimit(db, admin.session.subject);
    const { slug, ...edit } = input.data;
    const result = await editPlatform(db, { slug, edit, admin: admin.session.subject });
    if (result.changed.length === 0) return outcome(true, `Nothing to save: ${slug} already has these values.`);
    refresh();
    const code = result.codeChange
      ? ` The SoundCharts code changed from “${result.codeChange.from || '(none)'}” to “${result.codeChange.to || '(none)'}”: the ${result.codeChange.points.toLocaleString('en-US')} stored days of ${result.codeChange.pairs} tracks were fetched with the old one; the next fetches use the new one (re-fetch the full history to replace them).`
      : '';
    return outcome(true, `Saved ${result.changed.join(', ')} of ${slug}.${code}`);
  } catch (error) {
    return outcome(false, errorInWords(error, requestId));
  }
}

/** Removes a track and its series, once the admin confirmed the count of stored days that go with it. */
export async function removeTrack(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  const admin = await adminOrRefusal('removeTrack');
  if (!(formData instanceof FormData)) return notAForm();
  if ('refusal' in admin) return admin.refusal;
  const input = removeInput.safeParse({ trackUuid: field(formData, 'trackUuid'), expectedPoints: field(formData, 'expectedPoints') });
  if (!input.success) return outcome(false, `Nothing removed: ${describeIssues(input.error)}.`);
  const requestId = await actionRequestId();
  try {
    const db = await getDb();
    await enforceAdminEditRateLimit(db, admin.session.subject);
    const removed = await removeTrackAndSeries(db, { ...input.data, admin: admin.session.subject });
    // No refresh: the page would redraw without the confirmation, and this message with it.
    return outcome(true, `Removed “${removed.trackName}” and its ${removed.points.toLocaleString('en-US')} stored days.`, {
      href: '/admin',
      label: 'Back to the operations page',
    });
  } catch (error) {
    return outcome(false, errorInWords(error, requestId));
  }
}
