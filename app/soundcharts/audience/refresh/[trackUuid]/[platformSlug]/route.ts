import { NextResponse } from 'next/server';
import { requirePlatforms, requireTrack } from '@/lib/catalogue/lookups';
import { processAndStoreAudienceData } from '@/lib/ingest/processor';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { BEARER_ADMIN, enforceAdminRateLimit } from '@/lib/access/rate-limit';
import { parseInput } from '@/lib/validation';
import { rejectUnlessBearer } from '@/app/_http/bearer-auth';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';
import { readJsonBody } from '@/app/_http/json-body';
import { ingestReply } from './reply';
import { REFRESH_BODY_MAX_BYTES, refreshBodySchema, refreshParamsSchema } from './schema';

export const POST = handler<{ trackUuid: string; platformSlug: string }>(async (request, rawParams, requestId) => {
  const denied = rejectUnlessBearer(request, env().ADMIN_TOKEN, 'ADMIN_TOKEN');
  if (denied) return denied;
  const params = parseInput(refreshParamsSchema, rawParams, 'path');
  const body = await readJsonBody(request, refreshBodySchema, { maxBytes: REFRESH_BODY_MAX_BYTES });
  const deps = await defaultIngestDeps();
  // An unknown track or platform is refused before it counts against the limits.
  await requireTrack(deps.db, params.trackUuid);
  await requirePlatforms(deps.db, [params.platformSlug]);
  await enforceAdminRateLimit(deps.db, 'refresh', { admin: BEARER_ADMIN, trackUuid: params.trackUuid });
  const result = await processAndStoreAudienceData(deps, params.trackUuid, params.platformSlug, {
    forceRefresh: body.force_refresh,
    fullHistory: body.full_history,
    trigger: 'manual',
    requestId,
  });
  return NextResponse.json({ success: true, ...ingestReply(result) });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
