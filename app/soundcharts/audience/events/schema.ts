import { z } from 'zod';
import { trackUuidSchema } from '@/lib/identifiers';

export const eventsQueryKeys = ['after'] as const;

const changeId = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a change id: a whole number of at most 15 digits')
  .transform(Number);

export const eventsParamsSchema = z.object({ trackUuid: trackUuidSchema });
/** after: the data version the page was rendered from; changes after it are replayed. */
export const eventsQuerySchema = z.object({ after: changeId.optional() });
/** Sent by a reconnecting EventSource: the id of the last event it received. Wins over `after`. */
export const lastEventIdSchema = changeId.optional();
