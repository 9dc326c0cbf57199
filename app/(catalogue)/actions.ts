'use server';

import { refresh } from 'next/cache';
import { z } from 'zod';
import { bulkProcessAudienceData } from '@/lib/ingest/processor';
import { requirePlatforms } from '@/lib/catalogue/lookups';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { enforceAdminRateLimit } from '@/lib/access/rate-limit';
import { importTrack } from '@/lib/ingest/track-import';
import { trackUuidSchema } from '@/lib/identifiers';
import { describeIssues } from '@/lib/validation';
import { actionRequestId, adminOrRefusal, notAForm, countsInWords, errorInWords, failuresInWords, outcome } from '@/app/_admin/action-outcome';
import type { ActionOutcome } from '@/components/ActionMessage';

const addTrackInput = z.object({ uuid: z.string().trim().pipe(trackUuidSchema) });

/**
 * Adds a track by its SoundCharts uuid, then fetches its audience on the default platforms so that
 * it has a chart straight away. A failed fetch still leaves the track added, and says so.
 */
export async function addTrack(_previous: ActionOutcome | undefined, formData: FormData): Promise<ActionOutcome> {
  const admin = await adminOrRefusal('addTrack');
  if (!(formData instanceof FormData)) return notAForm();
  if ('refusal' in admin) return admin.refusal;
  const input = addTrackInput.safeParse({ uuid: formData.get('uuid') ?? '' });
  if (!input.success) return outcome(false, `That is not a SoundCharts uuid: ${describeIssues(input.error)}.`);
  const requestId = await actionRequestId();
  try {
    const deps = await defaultIngestDeps();
    await enforceAdminRateLimit(deps.db, 'add_track', { admin: admin.session.subject, trackUuid: input.data.uuid });
    const { track, created } = await importTrack(deps, input.data.uuid);
    const link = { href: `/tracks/${track.uuid}`, label: `Open “${track.name}”` };
    const title = `“${track.name}” by ${track.creditName || 'an unknown artist'}`;
    if (!created) {
      refresh();
      return outcome(true, `${title} is already in the catalogue; its details are up to date.`, link);
    }
    const platforms = await requirePlatforms(deps.db, env().INGEST_DEFAULT_PLATFORMS);
    const { results, totals } = await bulkProcessAudienceData(
      deps,
      platforms.map((platform) => ({ trackUuid: track.uuid, platformSlug: platform.slug })),
      { concurrency: env().INGEST_CONCURRENCY, trigger: 'manual', requestId },
    );
    refresh();
    const names = new Map(platforms.map((platform) => [platform.slug, platform.name]));
    const fetched = `Added ${title}. Audience fetched on ${platforms.map((platform) => platform.name).join(', ')}: ${countsInWords(totals)}.`;
    if (totals.failed === 0) return outcome(true, fetched, link);
    return outcome(true, `Added ${title}, but fetching its audience failed: ${failuresInWords(results, names)}. Refresh it from its page.`, link);
  } catch (error) {
    return outcome(false, errorInWords(error, requestId));
  }
}
