import { z } from 'zod';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';

export const REFRESH_BODY_MAX_BYTES = 1_024;

export const refreshParamsSchema = z.object({ trackUuid: trackUuidSchema, platformSlug: platformSlugSchema });

// A manual refresh is a person asking for fresh numbers now, so by default it is not skipped as fetched recently.
export const refreshBodySchema = z.strictObject({ force_refresh: z.boolean().default(true) });
