import { getDb } from '@/db/client';
import { followTrackChanges } from '@/lib/live/track-changes';
import { liveStreamOpened } from '@/lib/operations/metrics';
import { parseInput } from '@/lib/validation';
import { preflightResponse } from '@/app/_http/cors';
import { eventStreamResponse } from '@/app/_http/event-stream';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';
import { searchParamsObject } from '@/app/_http/search-params';
import { eventsParamsSchema, eventsQueryKeys, eventsQuerySchema, lastEventIdSchema } from '../schema';

/** The track's audience changes as Server-Sent Events: what an open track page listens to. */
export const GET = handler<{ trackUuid: string }>(
  async (request, rawParams) => {
    const params = parseInput(eventsParamsSchema, rawParams, 'path');
    const query = parseInput(eventsQuerySchema, searchParamsObject(request.nextUrl.searchParams, eventsQueryKeys), 'query');
    const lastEventId = parseInput(lastEventIdSchema, request.headers.get('last-event-id') ?? undefined, 'Last-Event-ID header');
    const db = await getDb();
    return eventStreamResponse(request.signal, async (send) => {
      const unfollow = await followTrackChanges(db, params.trackUuid, lastEventId ?? query.after, send);
      const closed = liveStreamOpened();
      return () => {
        closed();
        unfollow();
      };
    });
  },
  { cors: true },
);

export const OPTIONS = (request: Request): Response => preflightResponse(request);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'OPTIONS']);
