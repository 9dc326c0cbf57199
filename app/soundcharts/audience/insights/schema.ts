import { z } from 'zod';
import { isoDateSchema } from '@/lib/dates';

export const insightsQueryKeys = ['as_of', 'horizon'] as const;

const MAX_HORIZON = 180;

export const insightsQuerySchema = z.object({
  as_of: isoDateSchema.refine((value) => value >= '1900-01-01' && value <= '9999-12-31', 'must be between 1900-01-01 and 9999-12-31').optional(),
  horizon: z
    .string()
    .regex(/^\d{1,9}$/, `must be a whole number of days from 1 to ${MAX_HORIZON}`)
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(MAX_HORIZON, `must be at most ${MAX_HORIZON}`))
    .default(30),
});
