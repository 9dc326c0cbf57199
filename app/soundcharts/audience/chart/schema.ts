import { z } from 'zod';
import { isoDateSchema } from '@/lib/dates';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { aggregates } from '@/lib/chart/aggregate';
import { MIN_MAX_POINTS } from '@/lib/chart/downsample';
import { chartModes } from '@/lib/chart/modes';
import { exportFormats } from '@/lib/export/csv';
import type { ChartWindow } from '@/lib/chart/queries';

const MAX_CHART_POINTS = 10_000;
export const chartQueryKeys = ['start_date', 'end_date', 'limit', 'platforms', 'mode', 'format', 'aggregate', 'max_points'] as const;

const boundedDate = isoDateSchema.refine(
  (value) => value >= '1900-01-01' && value <= '9999-12-31',
  'must be between 1900-01-01 and 9999-12-31',
);

export const windowFields = {
  start_date: boundedDate.optional(),
  end_date: boundedDate.optional(),
  limit: z
    .string()
    .regex(/^\d{1,9}$/, `must be a positive integer no greater than ${MAX_CHART_POINTS}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, 'must be at least 1')
        .max(MAX_CHART_POINTS, `must be at most ${MAX_CHART_POINTS}`),
    )
    .optional(),
  mode: z.enum(chartModes, { error: () => `must be one of ${chartModes.join(', ')}` }).default('cumulative'),
  format: z.enum(exportFormats, { error: () => `must be one of ${exportFormats.join(', ')}` }).default('json'),
  // At least the first and the last day; at most as many points as a reply may hold anyway.
  max_points: z
    .string()
    .regex(/^\d{1,9}$/, `must be an integer from ${MIN_MAX_POINTS} to ${MAX_CHART_POINTS}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(MIN_MAX_POINTS, `must be at least ${MIN_MAX_POINTS} (the first and the last day)`)
        .max(MAX_CHART_POINTS, `must be at most ${MAX_CHART_POINTS}`),
    )
    .optional(),
};

export const orderedDates = (query: { start_date?: string; end_date?: string }): boolean =>
  !query.start_date || !query.end_date || query.start_date <= query.end_date;
export const orderedDatesIssue = { message: 'start_date must not be after end_date', path: ['start_date'] };

export const singleChartQuerySchema = z.object(windowFields).refine(orderedDates, orderedDatesIssue);

export const comparisonChartQuerySchema = z
  .object({
    ...windowFields,
    platforms: z
      .string()
      .transform((value) => [...new Set(value.split(',').map((slug) => slug.trim()))])
      .pipe(z.array(platformSlugSchema).min(1).max(32, 'at most 32 platforms'))
      .optional(),
    aggregate: z.enum(aggregates, { error: () => `must be one of ${aggregates.join(', ')}` }).optional(),
  })
  .refine(orderedDates, orderedDatesIssue);

export const singleChartParamsSchema = z.object({ trackUuid: trackUuidSchema, platformSlug: platformSlugSchema });
export const comparisonChartParamsSchema = z.object({ trackUuid: trackUuidSchema });

export function toWindow(query: { start_date?: string; end_date?: string; limit?: number }): ChartWindow {
  return { startDate: query.start_date, endDate: query.end_date, limit: query.limit };
}
