import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const platformTypes = ['streaming', 'social', 'radio', 'tv', 'other'] as const;
export type PlatformType = (typeof platformTypes)[number];

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const platforms = pgTable(
  'platforms',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    platformType: text('platform_type', { enum: platformTypes }).notNull().default('streaming'),
    audienceMetricName: text('audience_metric_name').notNull().default('Listeners'),
    platformIdentifier: text('platform_identifier').notNull().default(''),
    color: text('color').notNull(),
    ...timestamps,
  },
  (table) => [
    check(
      'platforms_platform_type_check',
      sql`${table.platformType} in ('streaming', 'social', 'radio', 'tv', 'other')`,
    ),
    check('platforms_color_check', sql`${table.color} ~ '^#[0-9a-f]{6}$'`),
  ],
);

export const tracks = pgTable(
  'tracks',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    name: text('name').notNull(),
    creditName: text('credit_name').notNull().default(''),
    imageUrl: text('image_url'),
    releaseDate: date('release_date', { mode: 'string' }),
    isrc: text('isrc'),
    audienceFetchedAt: timestamp('audience_fetched_at', { withTimezone: true }),
    // The id of the newest audience_changes row of the track (0 before any): what the reply caches and
    // ETags are valid for, read in one indexed lookup by uuid. Kept here rather than taken as the
    // newest change's id, because pruning the changes must not take a track's version back.
    dataVersion: bigint('data_version', { mode: 'number' }).notNull().default(0),
    ...timestamps,
  },
  // The scheduler asks for "never fetched first, then the oldest"; this index serves that order.
  (table) => [index('tracks_audience_fetched_at_idx').on(table.audienceFetchedAt.asc().nullsFirst())],
);

/** The track and platform a row belongs to: deleting either deletes the row. */
function pairColumns() {
  return {
    trackId: integer('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
  };
}

export const trackAudienceTimeSeries = pgTable(
  'track_audience_time_series',
  {
    ...pairColumns(),
    date: date('date', { mode: 'string' }).notNull(),
    audienceValue: bigint('audience_value', { mode: 'number' }).notNull(),
    platformIdentifier: text('platform_identifier').notNull().default(''),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
    apiData: jsonb('api_data').notNull().default({}),
    // True when the total counts an identifier's last known value because it has not reported this
    // day yet; the row is rewritten when its value arrives, so a lagging version shows no dip.
    provisional: boolean('provisional').notNull().default(false),
  },
  // The primary key is the (track, platform, date) unique constraint, and it is also the only
  // index the reads need: every chart query is "track = ? and platform in (...) and date between
  // ? and ? order by date", a range scan of this key, and "latest point per platform" is a
  // backward scan of the same key (one descent per platform). A platform-first index serves the
  // cascade from platforms and queries across tracks for one platform. No other index is kept,
  // because each one slows the bulk upserts of ingestion.
  (table) => [
    primaryKey({
      name: 'track_audience_time_series_pkey',
      columns: [table.trackId, table.platformId, table.date],
    }),
    index('track_audience_time_series_platform_date_idx').on(table.platformId, table.date),
    check('track_audience_time_series_value_check', sql`${table.audienceValue} >= 0`),
  ],
);

// What each platform identifier of a pair (a version of the song, a TikTok sound) reported, one row
// per day it reported: the totals are recomputed from these without asking SoundCharts again. The
// key serves both reads, an identifier's last value on or before a day and its first day.
export const trackAudienceIdentifierValues = pgTable(
  'track_audience_identifier_values',
  {
    ...pairColumns(),
    identifier: text('identifier').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({
      name: 'track_audience_identifier_values_pkey',
      columns: [table.trackId, table.platformId, table.identifier, table.date],
    }),
    check('track_audience_identifier_values_value_check', sql`${table.value} >= 0`),
  ],
);

// The identifiers known for a pair and the day each first reported, kept with the values in one
// transaction: the chart reads its version-added events here in a few rows, where finding each
// identifier's first day among the values would read every value of the pair on every request.
export const trackAudienceIdentifiers = pgTable(
  'track_audience_identifiers',
  {
    ...pairColumns(),
    identifier: text('identifier').notNull(),
    firstDate: date('first_date', { mode: 'string' }).notNull(),
    firstValue: bigint('first_value', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ name: 'track_audience_identifiers_pkey', columns: [table.trackId, table.platformId, table.identifier] }),
  ],
);

// One row per transaction that wrote or deleted audience points (lib/live/record-change.ts): the one
// "data changed" signal behind the reply caches, the ETags and the live updates of open pages. Ids are
// handed out in commit order (an advisory lock held from the insert to the commit), so that a reader
// which has seen id N has seen every change up to N. No foreign key: the change that tells open pages a
// track was deleted outlives the track. Pruned to a window of days (lib/live/prune.ts).
export const audienceChanges = pgTable(
  'audience_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    trackId: integer('track_id').notNull(),
    // Null when the change concerns the whole track (its metadata, its deletion, a seed).
    platformId: integer('platform_id'),
    // The days whose values may have changed; null bounds are open.
    firstDate: date('first_date', { mode: 'string' }),
    lastDate: date('last_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A reconnecting page replays its track's changes after the last it saw.
  (table) => [index('audience_changes_track_id_idx').on(table.trackId, table.id)],
);

// The track list's figures of each pair: its latest value and what it gained over 7 and 28 days.
// Triggers on the series and the identifiers (migration 0009, refresh_track_list_figures) keep them
// in the writing statement's transaction, whoever writes, so sorting 10,000 tracks by a figure reads
// a row a track instead of working the figure out from the series of each.
export const trackListFigures = pgTable(
  'track_list_figures',
  {
    ...pairColumns(),
    latestDate: date('latest_date', { mode: 'string' }).notNull(),
    latestValue: bigint('latest_value', { mode: 'number' }).notNull(),
    change7: bigint('change7', { mode: 'number' }),
    change28: bigint('change28', { mode: 'number' }),
  },
  (table) => [
    primaryKey({ name: 'track_list_figures_pkey', columns: [table.trackId, table.platformId] }),
    index('track_list_figures_platform_idx').on(table.platformId),
  ],
);

export const ingestRunStatuses = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type IngestRunStatus = (typeof ingestRunStatuses)[number];

export const ingestTriggers = ['manual', 'cron', 'cli', 'demo', 'worker'] as const;
export type IngestTrigger = (typeof ingestTriggers)[number];

export const ingestRuns = pgTable(
  'ingest_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ...pairColumns(),
    trigger: text('trigger', { enum: ingestTriggers }).notNull(),
    status: text('status', { enum: ingestRunStatuses }).notNull().default('running'),
    forceRefresh: boolean('force_refresh').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    windowStart: date('window_start', { mode: 'string' }),
    windowEnd: date('window_end', { mode: 'string' }),
    recordsCreated: integer('records_created').notNull().default(0),
    recordsUpdated: integer('records_updated').notNull().default(0),
    recordsSkipped: integer('records_skipped').notNull().default(0),
    error: text('error'),
    errorCode: text('error_code'),
    requestId: text('request_id'),
  },
  (table) => [
    // At most one running ingest per pair: the lock that makes concurrent refreshes do the work once.
    uniqueIndex('ingest_runs_one_running_idx')
      .on(table.trackId, table.platformId)
      .where(sql`${table.status} = 'running'`),
    index('ingest_runs_started_at_idx').on(table.startedAt),
    index('ingest_runs_failed_idx').on(table.startedAt).where(sql`${table.status} = 'failed'`),
    check(
      'ingest_runs_status_check',
      sql`${table.status} in ('running', 'succeeded', 'failed', 'skipped')`,
    ),
  ],
);

// What the scheduler needs per (track, platform), written in the same transaction as the run's
// outcome: which pairs are known, when each last succeeded or was tried, and how far its stored
// history reaches. Deriving this from ingest_runs would mean scanning a table that grows daily.
export const ingestPairState = pgTable(
  'ingest_pair_state',
  {
    ...pairColumns(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
    lastStatus: text('last_status', { enum: ingestRunStatuses }).notNull(),
    lastSucceededAt: timestamp('last_succeeded_at', { withTimezone: true }),
    // The last day a successful fetch asked for: days can be missing upstream, so the last stored
    // date alone would make an empty tail be asked for again on every run.
    coveredUntil: date('covered_until', { mode: 'string' }),
  },
  (table) => [
    primaryKey({ name: 'ingest_pair_state_pkey', columns: [table.trackId, table.platformId] }),
    index('ingest_pair_state_last_attempt_idx').on(table.lastAttemptAt),
  ],
);

// Fixed-window counters of the admin calls that spend SoundCharts quota, shared by every app
// instance: a counter in memory would give each serverless instance its own allowance.
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});

// The last x-quota-remaining SoundCharts reported for an app id, shared by every process: a serverless
// function or a command line starts with no reading of its own, and would spend below the floor to learn it.
export const soundchartsQuota = pgTable('soundcharts_quota', {
  appId: text('app_id').primaryKey(),
  remaining: integer('remaining').notNull(),
  observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
});

// SoundCharts' per-minute rate limit shared by every process using one app id (workers, the cron
// route, refreshes): each call reserves the next slot, 60 s / limit after the one before, and a
// rate-limit 429 pushes not_before forward so that every process waits, not only the one refused.
export const soundchartsCallSlots = pgTable('soundcharts_call_slots', {
  appId: text('app_id').primaryKey(),
  nextCallAt: timestamp('next_call_at', { withTimezone: true }).notNull(),
  notBefore: timestamp('not_before', { withTimezone: true }),
});

// Housekeeping done once a period by whichever process finds it due (the cron route or a worker):
// the lease keeps two from running it at once, and a task cut short by its time budget is not
// recorded as completed, so the next call carries on.
export const scheduledTasks = pgTable('scheduled_tasks', {
  name: text('name').primaryKey(),
  lastCompletedAt: timestamp('last_completed_at', { withTimezone: true }),
  leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
});

// What admins changed on the operations page: who, when, what, and the values before and after.
// Kept when the track or platform it names is gone, so it names them by text, not by foreign key.
export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    admin: text('admin').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    summary: text('summary').notNull(),
    detail: jsonb('detail').notNull().default({}),
  },
  (table) => [index('admin_audit_at_idx').on(table.at)],
);

export type Platform = typeof platforms.$inferSelect;
export type Track = typeof tracks.$inferSelect;
export type NewTrack = typeof tracks.$inferInsert;
export type AudiencePoint = typeof trackAudienceTimeSeries.$inferSelect;
export type NewAudiencePoint = typeof trackAudienceTimeSeries.$inferInsert;
export type AudienceChange = typeof audienceChanges.$inferSelect;
export type IngestRun = typeof ingestRuns.$inferSelect;
export type IngestPairState = typeof ingestPairState.$inferSelect;
