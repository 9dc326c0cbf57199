import { z } from 'zod';
import { isRealDate } from '@/lib/dates';

/**
 * The parts of SoundCharts' responses the client relies on. Unknown fields are ignored (the API adds
 * fields over time); a missing or mistyped field we use makes the whole response invalid.
 */

/** "2025-08-28T00:00:00+00:00" or "2025-08-28": the day is the first 10 characters. */
const soundchartsDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO date or date-time')
  .transform((value) => value.slice(0, 10))
  .refine(isRealDate, 'is not a real calendar date');

export const errorBodySchema = z.object({
  errors: z.array(z.object({ key: z.string().optional(), code: z.unknown().optional(), message: z.string() })).min(1),
});

export const songResponseSchema = z.object({
  object: z.object({
    uuid: z.string().min(1),
    name: z.string(),
    creditName: z.string().nullish().transform((value) => value ?? ''),
    isrc: z.object({ value: z.string().nullish() }).nullish(),
    releaseDate: soundchartsDaySchema.nullish(),
    imageUrl: z.string().nullish(),
  }),
});

const audiencePlotSchema = z.object({
  identifier: z.string(),
  value: z.number().int().nonnegative(),
});

const audienceItemSchema = z.object({
  date: soundchartsDaySchema,
  // The published schema requires only the date: a day without plots has no value.
  plots: z.array(audiencePlotSchema).optional().default([]),
});

// Only `next` decides pagination when present; the other fields are documented but an
// implementation that leaves them out still paginates (see SoundchartsClient's #nextPath).
const pageSchema = z.object({
  offset: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
  next: z.string().nullish(),
  total: z.number().int().nonnegative().optional(),
});

export const audiencePageSchema = z.object({
  items: z.array(audienceItemSchema),
  page: pageSchema.optional(),
});

export type AudiencePage = z.infer<typeof audiencePageSchema>;

/** x-quota-remaining: calls left in the current term; below zero within the overage a plan allows. */
export const quotaHeaderSchema = z.string().trim().regex(/^-?\d+$/).transform(Number);

/** x-ratelimit-reset: whole seconds until the rate limit's minute starts again. */
export const rateLimitResetSchema = z.string().trim().regex(/^\d+$/).transform((seconds) => Number(seconds) * 1000);
