import { z } from 'zod';

// The JSON the routes answer, described for the OpenAPI document. The routes build these objects
// from lib/ types; the contract test (test/openapi-contract.test.ts) checks real replies against
// what is written here, so a field added to a reply and not here fails it.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const timestamp = z.string().meta({ format: 'date-time' });
const count = z.number().int().nonnegative();

export const errorEnvelopeSchema = z
  .strictObject({ success: z.literal(false), error: z.string().meta({ description: 'What was wrong, in a sentence' }) })
  .meta({ id: 'ErrorEnvelope', description: 'Every error of every route: HTTP status plus this body.' });

const trackSummary = z.strictObject({ name: z.string(), credit_name: z.string(), uuid: z.string() }).meta({ id: 'TrackSummary' });
const platformSummary = z.strictObject({ name: z.string(), slug: z.string(), metric_name: z.string() }).meta({ id: 'PlatformSummary' });

const comparisonDataset = {
  label: z.string(),
  data: z.array(z.number().nullable()).meta({ description: 'One value a label; null where the series has no point' }),
  borderColor: z.string(),
  backgroundColor: z.string(),
};
const chartData = (dataset: z.ZodType) => z.strictObject({ labels: z.array(z.string()), datasets: z.array(dataset) });

const dropEvent = { type: z.literal('drop'), date: isoDate, platform: z.string(), change: z.number() };
const dataEvent = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('version_added'), date: isoDate, platform: z.string(), identifier: z.string(), value: z.number() }),
    z.strictObject({ type: z.literal('provisional'), date: isoDate, platform: z.string() }),
    z.strictObject(dropEvent),
  ])
  .meta({ id: 'DataEvent', description: 'What the totals alone do not tell: a version added, a provisional day, a drop' });

export const singleChartReplySchema = z
  .strictObject({
    success: z.literal(true),
    track: trackSummary,
    platform: platformSummary,
    chart_data: chartData(z.strictObject({ ...comparisonDataset, tension: z.number() })),
    data_events: z.array(dataEvent).optional(),
  })
  .meta({ id: 'SinglePlatformChart' });

export const comparisonChartReplySchema = z
  .strictObject({
    success: z.literal(true),
    track: trackSummary,
    platforms: z.array(platformSummary),
    chart_data: chartData(z.strictObject(comparisonDataset)),
    data_events: z.array(dataEvent).optional(),
  })
  .meta({ id: 'ComparisonChart' });

export const trackComparisonReplySchema = z
  .strictObject({
    success: z.literal(true),
    platform: platformSummary,
    tracks: z.array(z.strictObject({ name: z.string(), credit_name: z.string(), uuid: z.string(), release_date: isoDate.nullable() })),
    align: z.enum(['calendar', 'release']),
    chart_data: chartData(z.strictObject(comparisonDataset)),
    data_events: z.array(z.strictObject({ ...dropEvent, track: z.string() })).optional(),
  })
  .meta({ id: 'TrackComparison' });

export const insightsReplySchema = z
  .strictObject({
    success: z.literal(true),
    track: trackSummary,
    platform: platformSummary,
    as_of: isoDate.nullable(),
    trend: z.strictObject({
      latest_date: isoDate.nullable(),
      latest_value: z.number().nullable(),
      change_7d: z.number().nullable(),
      change_28d: z.number().nullable(),
      growth_7d: z.number().nullable().meta({ description: 'Percent' }),
      growth_28d: z.number().nullable().meta({ description: 'Percent' }),
    }),
    spikes: z.array(z.strictObject({ date: isoDate, change: z.number(), baseline: z.number(), score: z.number() })),
    drops: z.array(z.strictObject({ date: isoDate, change: z.number() })),
    forecast: z
      .strictObject({
        method: z.string(),
        labels: z.array(isoDate),
        value: z.array(z.number()),
        lower: z.array(z.number()),
        upper: z.array(z.number()),
      })
      .nullable(),
  })
  .meta({ id: 'Insights' });

export const refreshReplySchema = z
  .strictObject({
    success: z.literal(true),
    status: z.enum(['succeeded', 'skipped']),
    skip_reason: z.enum(['fresh', 'in_progress']).nullable(),
    track_uuid: z.string(),
    platform_slug: z.string(),
    run_id: z.number().int(),
    joined: z.boolean(),
    records_created: count,
    records_updated: count,
    records_skipped: count,
    window: z.strictObject({ start_date: isoDate, end_date: isoDate }).nullable(),
    last_fetched_at: timestamp.nullable(),
  })
  .meta({ id: 'IngestResult' });

export const importTrackReplySchema = z
  .strictObject({
    success: z.literal(true),
    created: z.boolean(),
    track: z.strictObject({
      uuid: z.string(),
      name: z.string(),
      credit_name: z.string(),
      image_url: z.string().nullable(),
      release_date: isoDate.nullable(),
      isrc: z.string().nullable(),
      audience_fetched_at: timestamp.nullable(),
    }),
  })
  .meta({ id: 'ImportedTrack' });

export const cronReplySchema = z
  .strictObject({
    success: z.literal(true),
    pairs: count,
    succeeded: count,
    joined: count,
    skipped: count,
    failed: count,
    not_started: count,
    records_created: count,
    records_updated: count,
    records_skipped: count,
    elapsed_ms: z.number().nonnegative(),
    more: z.boolean(),
    failures: z.array(z.strictObject({ track_uuid: z.string(), platform_slug: z.string(), code: z.string(), error: z.string() })),
  })
  .meta({ id: 'ScheduledCycle' });

export const healthReplySchema = z
  .strictObject({
    ok: z.literal(true),
    status: z.enum(['ok', 'degraded']),
    reasons: z.array(z.string()).meta({ description: 'Why the status is degraded; empty when ok' }),
  })
  .meta({ id: 'Health' });

export const healthDownReplySchema = z.strictObject({ ok: z.literal(false), error: z.string() }).meta({ id: 'HealthDown' });
