import { z } from 'zod';

// SoundCharts uuids are time-based (v1), so any RFC 4122 layout is accepted, not only v4.
export const trackUuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a uuid like 7d534228-5165-11e9-9375-549f35161576')
  .transform((value) => value.toLowerCase());

export const platformSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, 'must be a platform slug like spotify or apple_music')
  .max(64, 'must be at most 64 characters');
