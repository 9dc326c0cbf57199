import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import postgres from 'postgres';
import { z } from 'zod';
import { searchParamsObject } from '@/app/_http/search-params';
import {
  chartQueryKeys,
  comparisonChartParamsSchema,
  comparisonChartQuerySchema,
  singleChartParamsSchema,
  singleChartQuerySchema,
} from '@/app/soundcharts/audience/chart/schema';
import { comparisonChart, platformSummary, singlePlatformChart, trackSummary } from '@/lib/chart-data';
import type { DatedValue, PlatformDatedValue } from '@/lib/chart-data';
import { AppError, isAppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import {
  comparisonSeriesQuery,
  platformsBySlugsQuery,
  platformsWithDataQuery,
  singleSeriesQuery,
  trackByUuidQuery,
} from './chart-sql';
import type { Query, SeriesWindow } from './chart-sql';

/**
 * The chart API with nothing between node:http and the database: the limit the app's routes are
 * measured against (bench/chart-api.ts). It validates with the routes' own schemas, sends the SQL
 * text that Drizzle generates for lib/audience-queries.ts (bench/chart-sql.ts) through postgres-js
 * directly (prepared, which is that driver's default), and shapes the reply with lib/chart-data.ts,
 * so the bytes are the routes' bytes. The benchmark checks that before it measures.
 */

const config = z
  .object({
    DATABASE_URL: z.string().min(1),
    PORT: z.coerce.number().int().min(0).max(65535),
    POOL_MAX: z.coerce.number().int().min(1).default(10),
  })
  .parse(process.env);

const sql = postgres(config.DATABASE_URL, {
  max: config.POOL_MAX,
  onnotice: () => {},
  // Dates stay YYYY-MM-DD text, as Drizzle's driver setup leaves them.
  types: { date: { to: 1082, from: [1082], serialize: (value: string) => value, parse: (value: string) => value } },
});

type TrackRow = { id: number; uuid: string; name: string; credit_name: string };
type PlatformRow = { id: number; slug: string; name: string; audience_metric_name: string; color: string };

function run<Row extends object>(query: Query): Promise<Row[]> {
  return sql.unsafe<Row[]>(query.text, query.params);
}

async function findTrack(uuid: string): Promise<TrackRow> {
  const [track] = await run<TrackRow>(trackByUuidQuery(uuid));
  if (!track) throw new AppError('not_found', `Track ${uuid} not found`);
  return track;
}

async function findPlatforms(slugs: readonly string[]): Promise<PlatformRow[]> {
  const found = await run<PlatformRow>(platformsBySlugsQuery(slugs));
  return slugs.map((slug) => {
    const platform = found.find((row) => row.slug === slug);
    if (!platform) throw new AppError('not_found', `Platform '${slug}' not found`);
    return platform;
  });
}

async function singleSeries(trackId: number, platformId: number, window: SeriesWindow): Promise<DatedValue[]> {
  const rows = await run<{ date: string; audience_value: string }>(singleSeriesQuery(trackId, platformId, window));
  const points = rows.map((row) => ({ date: row.date, value: Number(row.audience_value) }));
  return window.limit === undefined ? points : points.reverse();
}

async function comparisonSeries(trackId: number, platformIds: readonly number[], window: SeriesWindow): Promise<PlatformDatedValue[]> {
  if (platformIds.length === 0) return [];
  const rows = await run<{ platform_id: number; date: string; audience_value: string }>(
    comparisonSeriesQuery(trackId, platformIds, window),
  );
  return rows.map((row) => ({ platformId: row.platform_id, date: row.date, value: Number(row.audience_value) }));
}

function summaryOf(track: TrackRow) {
  return trackSummary({ name: track.name, creditName: track.credit_name, uuid: track.uuid });
}

function platformOf(platform: PlatformRow) {
  return platformSummary({ name: platform.name, slug: platform.slug, audienceMetricName: platform.audience_metric_name });
}

function toWindow(query: { start_date?: string; end_date?: string; limit?: number }): SeriesWindow {
  return { startDate: query.start_date, endDate: query.end_date, limit: query.limit };
}

async function singleChart(rawParams: { trackUuid: string; platformSlug: string }, searchParams: URLSearchParams): Promise<unknown> {
  const params = parseInput(singleChartParamsSchema, rawParams, 'path');
  const query = parseInput(singleChartQuerySchema, searchParamsObject(searchParams, chartQueryKeys), 'query');
  const track = await findTrack(params.trackUuid);
  const [platform] = (await findPlatforms([params.platformSlug])) as [PlatformRow];
  const points = await singleSeries(track.id, platform.id, toWindow(query));
  return {
    success: true,
    track: summaryOf(track),
    platform: platformOf(platform),
    chart_data: singlePlatformChart(track, platform, points),
  };
}

async function comparison(rawParams: { trackUuid: string }, searchParams: URLSearchParams): Promise<unknown> {
  const params = parseInput(comparisonChartParamsSchema, rawParams, 'path');
  const query = parseInput(comparisonChartQuerySchema, searchParamsObject(searchParams, chartQueryKeys), 'query');
  const track = await findTrack(params.trackUuid);
  const shown = query.platforms ? await findPlatforms(query.platforms) : await run<PlatformRow>(platformsWithDataQuery(track.id));
  const points = await comparisonSeries(
    track.id,
    shown.map((platform) => platform.id),
    toWindow(query),
  );
  return {
    success: true,
    track: summaryOf(track),
    platforms: shown.map(platformOf),
    chart_data: comparisonChart(track, shown, points),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  response.end(json);
}

const route = /^\/soundcharts\/audience\/chart\/([^/]+)(?:\/([^/]+))?\/?$/;

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = route.exec(url.pathname);
  if (!match) return send(response, 404, { success: false, error: 'Not found' });
  const [, trackUuid = '', platformSlug] = match;
  const reply = platformSlug === undefined
    ? comparison({ trackUuid }, url.searchParams)
    : singleChart({ trackUuid, platformSlug }, url.searchParams);
  reply.then(
    (body) => send(response, 200, body),
    (error: unknown) => {
      if (isAppError(error) && error.code === 'not_found') return send(response, 404, { success: false, error: error.message });
      if (isAppError(error) && error.code === 'invalid_input') return send(response, 400, { success: false, error: error.message });
      console.error(error);
      send(response, 500, { success: false, error: 'Internal error' });
    },
  );
});

server.listen(config.PORT, '127.0.0.1');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    void sql.end({ timeout: 1 }).finally(() => process.exit(0));
  });
}
