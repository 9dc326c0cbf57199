import { z } from 'zod';
import { trackUuidSchema } from '@/lib/identifiers';

export const IMPORT_BODY_MAX_BYTES = 1_024;

export const importTrackBodySchema = z.strictObject({ uuid: trackUuidSchema });
