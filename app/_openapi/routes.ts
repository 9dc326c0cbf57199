import { comparisonChartParamsSchema, comparisonChartQuerySchema, singleChartParamsSchema, singleChartQuerySchema } from '@/app/soundcharts/audience/chart/schema';
import { compareQuerySchema } from '@/app/soundcharts/audience/compare/schema';
import { eventsParamsSchema, eventsQuerySchema } from '@/app/soundcharts/audience/events/schema';
import { insightsQuerySchema } from '@/app/soundcharts/audience/insights/schema';
import { refreshBodySchema, refreshParamsSchema } from '@/app/soundcharts/audience/refresh/[trackUuid]/[platformSlug]/schema';
import { importTrackBodySchema } from '@/app/soundcharts/tracks/schema';
import {
  comparisonChartReplySchema,
  cronReplySchema,
  healthDownReplySchema,
  healthReplySchema,
  importTrackReplySchema,
  insightsReplySchema,
  refreshReplySchema,
  singleChartReplySchema,
  trackComparisonReplySchema,
} from './reply-schemas';
import type { RouteDescription } from './route-registry';

// Every route of the API, in the order the reference page shows them. To document a new route, add
// its entry here with the zod schemas its route.ts parses with (imported, never copied) and the
// statuses it answers; test/openapi-contract.test.ts then calls it and checks the replies.

const exportFiles = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

const readErrors = {
  400: 'A path segment or query parameter is invalid; the message names it',
  404: 'No such track, or no such platform',
  503: 'The database is unavailable; retry after Retry-After seconds',
} as const;

const windowNotes = {
  start_date: 'First day shown, YYYY-MM-DD',
  end_date: 'Last day shown, YYYY-MM-DD',
  limit: 'Keep the last N days (1 to 10000)',
  mode: 'cumulative totals, daily changes, or 7- or 28-day averages of the daily changes',
  format: 'json, or a csv or xlsx download of the same chart',
};

const spendingErrors = {
  400: 'The path or body is invalid; the message names the field',
  401: 'No bearer token, or the wrong one (WWW-Authenticate says which)',
  404: 'No such track or platform (here or at SoundCharts)',
  413: 'The body is larger than 1024 bytes',
  422: 'SoundCharts refused the call (a platform code without a song audience series)',
  429: 'A rate limit or the SoundCharts quota is spent; Retry-After says when to try again',
  502: 'SoundCharts failed or answered something unreadable',
  503: 'ADMIN_TOKEN is not configured, or the database is unavailable',
  504: 'SoundCharts did not answer in time',
} as const;

export const routes: readonly RouteDescription[] = [
  {
    method: 'get',
    path: '/soundcharts/audience/chart/{trackUuid}/{platformSlug}/',
    operationId: 'getPlatformChart',
    summary: 'One platform’s audience of a track, as Chart.js data',
    tag: 'Charts',
    params: singleChartParamsSchema,
    query: singleChartQuerySchema,
    parameterNotes: { trackUuid: 'SoundCharts song uuid', platformSlug: 'Platform slug, e.g. spotify', ...windowNotes },
    replies: { 200: { description: 'The chart (or its file download)', json: singleChartReplySchema, files: exportFiles } },
    errors: readErrors,
    cors: true,
    cached: true,
  },
  {
    method: 'get',
    path: '/soundcharts/audience/chart/{trackUuid}/',
    operationId: 'getPlatformComparison',
    summary: 'Every platform’s audience of a track, or those asked for',
    tag: 'Charts',
    params: comparisonChartParamsSchema,
    query: comparisonChartQuerySchema,
    parameterNotes: {
      trackUuid: 'SoundCharts song uuid',
      platforms: 'Comma-separated platform slugs, in the order shown (default: every platform with data)',
      aggregate: 'Adds a combined line: sum (platforms counting the same metric) or index (growth index)',
      ...windowNotes,
    },
    replies: { 200: { description: 'The comparison (or its file download)', json: comparisonChartReplySchema, files: exportFiles } },
    errors: readErrors,
    cors: true,
    cached: true,
  },
  {
    method: 'get',
    path: '/soundcharts/audience/compare/',
    operationId: 'compareTracks',
    summary: 'Several tracks on one platform',
    tag: 'Charts',
    query: compareQuerySchema,
    parameterNotes: {
      tracks: '2 to 10 comma-separated track uuids',
      platform: 'Platform slug',
      align: 'calendar dates, or days since each release',
      ...windowNotes,
    },
    replies: { 200: { description: 'The comparison (or its file download)', json: trackComparisonReplySchema, files: exportFiles } },
    errors: readErrors,
    cors: true,
    cached: true,
  },
  {
    method: 'get',
    path: '/soundcharts/audience/insights/{trackUuid}/{platformSlug}/',
    operationId: 'getInsights',
    summary: 'Trend, spikes, drops and forecast of one series',
    tag: 'Charts',
    params: singleChartParamsSchema,
    query: insightsQuerySchema,
    parameterNotes: {
      trackUuid: 'SoundCharts song uuid',
      platformSlug: 'Platform slug',
      as_of: 'Read the series up to this day, YYYY-MM-DD (default: its last day)',
      horizon: 'Days forecast, 1 to 180 (default 30)',
    },
    replies: { 200: { description: 'The insights', json: insightsReplySchema } },
    errors: readErrors,
    cors: true,
    cached: true,
  },
  {
    method: 'get',
    path: '/soundcharts/audience/events/{trackUuid}/',
    operationId: 'followTrackChanges',
    summary: 'Server-Sent Events: a `change` event each time points of the track are stored',
    description:
      'Event ids are change ids: a reconnecting EventSource sends the last one as Last-Event-ID (or give `after`) and gets the changes it missed, ' +
      'or a `reset` event when they are older than the three days kept. Each `change` carries `{ id, platform, first_date, last_date }`. ' +
      'A comment line every 20 s keeps proxies from closing the stream.',
    tag: 'Charts',
    params: eventsParamsSchema,
    query: eventsQuerySchema,
    parameterNotes: { trackUuid: 'SoundCharts song uuid', after: 'Replay the changes after this change id (a page passes the data version it was rendered from)' },
    replies: { 200: { description: 'The event stream, open until the client leaves', files: ['text/event-stream'] } },
    errors: { 400: readErrors[400], 404: 'No such track', 503: readErrors[503] },
    cors: true,
  },
  {
    method: 'post',
    path: '/soundcharts/audience/refresh/{trackUuid}/{platformSlug}/',
    operationId: 'refreshAudience',
    summary: 'Fetch a pair’s new days from SoundCharts now (spends quota)',
    tag: 'Admin',
    credential: 'admin',
    params: refreshParamsSchema,
    body: refreshBodySchema,
    parameterNotes: { trackUuid: 'SoundCharts song uuid', platformSlug: 'Platform slug' },
    replies: { 200: { description: 'What the ingest run did', json: refreshReplySchema } },
    errors: spendingErrors,
  },
  {
    method: 'post',
    path: '/soundcharts/tracks/',
    operationId: 'importTrack',
    summary: 'Add a track from SoundCharts by its uuid (spends quota)',
    tag: 'Admin',
    credential: 'admin',
    body: importTrackBodySchema,
    replies: {
      200: { description: 'The track was already there', json: importTrackReplySchema },
      201: { description: 'The track was added', json: importTrackReplySchema },
    },
    errors: spendingErrors,
  },
  {
    method: 'get',
    path: '/api/cron/ingest',
    operationId: 'runScheduledCycle',
    summary: 'One scheduled ingest cycle: the stalest pairs first, within CRON_BUDGET_MS',
    tag: 'Operations',
    credential: 'cron',
    replies: { 200: { description: 'What the cycle did', json: cronReplySchema } },
    errors: {
      401: 'No bearer token, or the wrong one',
      503: 'CRON_SECRET is not configured, or the database is unavailable',
    },
  },
  {
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Up when the database answers; degraded (still 200) with reasons',
    description:
      'degraded: the newest stored day is older than HEALTH_MAX_DATA_AGE_DAYS, the last SoundCharts quota reading is under SOUNDCHARTS_QUOTA_FLOOR, or pairs failed in the last scheduled cycle.',
    tag: 'Operations',
    replies: {
      200: { description: 'Up, ok or degraded', json: healthReplySchema },
      503: { description: 'The database is unreachable', json: healthDownReplySchema },
    },
    errors: {},
  },
  {
    method: 'get',
    path: '/api/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (text exposition format)',
    tag: 'Operations',
    credential: 'metrics',
    replies: { 200: { description: 'The metrics', files: ['text/plain'] } },
    errors: { 401: 'No bearer token, or the wrong one', 404: 'METRICS_TOKEN is not configured: the route is off' },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tag: 'Operations',
    replies: { 200: { description: 'The OpenAPI 3.1 document', files: ['application/json'] } },
    errors: {},
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'getReferencePage',
    summary: 'This reference page',
    tag: 'Operations',
    replies: { 200: { description: 'An HTML page rendering this document', files: ['text/html'] } },
    errors: {},
  },
];
