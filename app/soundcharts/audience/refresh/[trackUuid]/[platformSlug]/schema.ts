import { z } from 'zod';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';

export const REFRESH_BODY_MAX_BYTES = 1_024;

export const refreshParamsSchema = z.object({ trackUuid: trackUuidSchema, platformSlug: platformSlugSchema });

// A manual refresh is a person asking for fresh numbers now, so by default it is not skipped as fetched
// recently; it still fetches only from the last stored day. Re-fetching the whole history costs a billed
// call per 100 days of AUDIENCE_HISTORY_DAYS, so it is never a default.
export const refreshBodySchema = z
  .strictObject({ force_refresh: z.boolean().default(true), full_history: z.boolean().default(false) })
  .refine((body) => body.force_refresh || !body.full_history, {
    message: 'full_history re-fetches even a pair fetched recently, so it cannot be combined with force_refresh: false',
    path: ['full_history'],
  });
