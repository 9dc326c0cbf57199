import { z } from 'zod';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';

export const REFRESH_BODY_MAX_BYTES = 1_024;

export const refreshParamsSchema = z.object({ trackUuid: trackUuidSchema, platformSlug: platformSlugSchema });

// A manual refresh refetches the whole history window unless told otherwise, as in the spec.
export const refreshBodySchema = z.strictObject({ force_refresh: z.boolean().default(true) });
