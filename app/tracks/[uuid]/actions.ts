'use server';

import { refresh } from 'next/cache';
import { z } from 'zod';
import { bulkProcessAudienceData, processAndStoreAudienceData } from '@/lib/ingest/processor';
import { listPlatforms, platformsWithData, requirePlatforms, requireTrack } from '@/lib/catalogue/lookups';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { enforceAdminRateLimit } from '@/lib/access/rate-limit';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { describeIssues } from '@/lib/validation';
import { actionRequestId, adminOrRefusal, notAForm, countsInWords, errorInWords, failuresInWords, ingestInWords, outcome } from '@/app/_admin/action-outcome';
import type { ActionOutcome } from '@/components/ActionMessage';

const refreshPlatformInput = z.object({ trackUuid: trackUuidSchema, platform: platformSlugSchema });
const refreshAllInput = z.object({ trackUuid: trackUuidSchema });

/** Refresh one platform of a track from SoundCharts, even if fetched in the last day: from its last stored day on. */
export async function refreshPlatform(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  const admin = await adminOrRefusal('refreshPlatform');
  if (!(formData instanceof FormData)) return notAForm();
  if ('refusal' in admin) return admin.refusal;
  const input = refreshPlatformInput.safeParse({ trackUuid: formData.get('trackUuid'), platform: formData.get('platform') });
  if (!input.success) return outcome(false, `This refresh request is not valid: ${describeIssues(input.error)}.`);
  const requestId = await actionRequestId();
  try {
    const deps = await defaultIngestDeps();
    const [platform] = await requirePlatforms(deps.db, [input.data.platform]);
    await enforceAdminRateLimit(deps.db, 'refresh', { admin: admin.session.subject, trackUuid: input.data.trackUuid });
    const result = await processAndStoreAudienceData(deps, input.data.trackUuid, input.data.platform, {
      forceRefresh: true,
      trigger: 'manual',
      requestId,
    });
    refresh();
    return outcome(true, ingestInWords(result, platform?.name ?? input.data.platform));
  } catch (error) {
    return outcome(false, errorInWords(error, requestId));
  }
}

/**
 * Refresh every platform the track has data on; a track without any yet gets the default platforms
 * (INGEST_DEFAULT_PLATFORMS), as the scheduler would. One failing platform never stops the others.
 */
export async function refreshAllPlatforms(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  return refreshTrack('refreshAllPlatforms', formData, { fullHistory: false });
}

/**
 * Re-fetch the whole AUDIENCE_HISTORY_DAYS history of every platform the track has data on: the
 * admin's explicit choice, confirmed on the page with what it costs (a billed call per 100 days).
 */
export async function refreshFullHistory(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  return refreshTrack('refreshFullHistory', formData, { fullHistory: true });
}

async function refreshTrack(name: string, formData: FormData, options: { fullHistory: boolean }): Promise<ActionOutcome> {
  const admin = await adminOrRefusal(name);
  if (!(formData instanceof FormData)) return notAForm();
  if ('refusal' in admin) return admin.refusal;
  const input = refreshAllInput.safeParse({ trackUuid: formData.get('trackUuid') });
  if (!input.success) return outcome(false, `This refresh request is not valid: ${describeIssues(input.error)}.`);
  const requestId = await actionRequestId();
  try {
    const deps = await defaultIngestDeps();
    const track = await requireTrack(deps.db, input.data.trackUuid);
    const withData = await platformsWithData(deps.db, track.id);
    if (options.fullHistory && withData.length === 0) {
      return outcome(false, 'This track has no stored history to re-fetch yet. Use “Fetch audience” first.');
    }
    const targets = withData.length > 0 ? withData : await requirePlatforms(deps.db, env().INGEST_DEFAULT_PLATFORMS);
    await enforceAdminRateLimit(deps.db, 'refresh', {
      admin: admin.session.subject,
      trackUuid: track.uuid,
      cost: targets.length,
    });
    const { results, totals } = await bulkProcessAudienceData(
      deps,
      targets.map((platform) => ({ trackUuid: track.uuid, platformSlug: platform.slug })),
      { forceRefresh: true, fullHistory: options.fullHistory, concurrency: env().INGEST_CONCURRENCY, trigger: 'manual', requestId },
    );
    refresh();
    const names = new Map((await listPlatforms(deps.db)).map((platform) => [platform.slug, platform.name]));
    const what = options.fullHistory ? `whole history of ${env().AUDIENCE_HISTORY_DAYS} days re-fetched` : 'refreshed';
    const refreshed = `${totals.succeeded} of ${totals.pairs} platform${totals.pairs === 1 ? '' : 's'} ${what}: ${countsInWords(totals)}.`;
    if (totals.failed === 0) return outcome(true, refreshed);
    return outcome(totals.succeeded > 0, `${refreshed} Failed: ${failuresInWords(results, names)}.`);
  } catch (error) {
    return outcome(false, errorInWords(error, requestId));
  }
}
