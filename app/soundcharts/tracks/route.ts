import { NextResponse } from 'next/server';
import { env } from '@/lib/env';
import { defaultIngestDeps } from '@/lib/ingest/deps';
import { BEARER_ADMIN, enforceAdminRateLimit } from '@/lib/access/rate-limit';
import { importTrack } from '@/lib/ingest/track-import';
import { rejectUnlessBearer } from '@/app/_http/bearer-auth';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';
import { readJsonBody } from '@/app/_http/json-body';
import { IMPORT_BODY_MAX_BYTES, importTrackBodySchema } from './schema';

export const POST = handler<Record<string, never>>(async (request) => {
  const denied = rejectUnlessBearer(request, env().ADMIN_TOKEN, 'ADMIN_TOKEN');
  if (denied) return denied;
  const body = await readJsonBody(request, importTrackBodySchema, { maxBytes: IMPORT_BODY_MAX_BYTES });
  const deps = await defaultIngestDeps();
  await enforceAdminRateLimit(deps.db, 'add_track', { admin: BEARER_ADMIN, trackUuid: body.uuid });
  const { track, created } = await importTrack(deps, body.uuid);
  return NextResponse.json(
    {
      success: true,
      created,
      track: {
        uuid: track.uuid,
        name: track.name,
        credit_name: track.creditName,
        image_url: track.imageUrl,
        release_date: track.releaseDate,
        isrc: track.isrc,
        audience_fetched_at: track.audienceFetchedAt?.toISOString() ?? null,
      },
    },
    { status: created ? 201 : 200 },
  );
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
