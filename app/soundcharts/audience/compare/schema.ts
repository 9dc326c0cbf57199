import { z } from 'zod';
import { alignments } from '@/lib/chart/compare-tracks';
import { platformSlugSchema, trackUuidSchema } from '@/lib/identifiers';
import { orderedDates, orderedDatesIssue, windowFields } from '../chart/schema';

export const compareQueryKeys = ['tracks', 'platform', 'align', 'mode', 'format', 'start_date', 'end_date', 'limit', 'max_points'] as const;

const MIN_TRACKS = 2;
const MAX_TRACKS = 10;

const trackList = z
  .string({ error: () => `is required: ${MIN_TRACKS} to ${MAX_TRACKS} track uuids separated by commas` })
  .transform((value) => value.split(',').map((uuid) => uuid.trim()))
  .pipe(z.array(trackUuidSchema).min(MIN_TRACKS, `give at least ${MIN_TRACKS} tracks`).max(MAX_TRACKS, `give at most ${MAX_TRACKS} tracks`))
  .superRefine((uuids, context) => {
    const repeated = [...new Set(uuids.filter((uuid, index) => uuids.indexOf(uuid) !== index))];
    if (repeated.length > 0) context.addIssue({ code: 'custom', message: `${repeated.join(', ')} given more than once` });
  });

export const compareQuerySchema = z
  .object({
    tracks: trackList,
    platform: z.string({ error: () => 'is required: a platform slug like spotify' }).pipe(platformSlugSchema),
    align: z.enum(alignments, { error: () => `must be one of ${alignments.join(', ')}` }).default('calendar'),
    ...windowFields,
  })
  .refine(orderedDates, orderedDatesIssue)
  .refine((query) => query.align === 'calendar' || (query.start_date === undefined && query.end_date === undefined), {
    message: 'start_date and end_date apply to align=calendar; with align=release days count from each release (limit keeps the first N)',
    path: ['align'],
  });
