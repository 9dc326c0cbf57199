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
import { comparisonChart, platformSummary, singlePlatformChart, trackSummary } from '@/lib/chart/chartjs';
import { dataEventsField } from '@/lib/chart/data-events';
import { eventsOf } from '@/lib/chart/queries';
import type { VersionAddedRow } from '@/lib/chart/queries';
import { AppError, isAppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { comparisonChartSql, singleChartSql } from './chart-sql';

/**
 * The chart API with nothing between node:http and the database: the limit the app's routes are
 * measured against (bench/chart-api.ts). It validates with the routes' own schemas, sends the SQL
 * text of the app's statements (bench/chart-sql.ts) through postgres-js directly, prepared as the
 * app's are, and shapes the reply with lib/chart/chartjs.ts, so the bytes are the routes' bytes. The
 * benchmark checks that before it measures.
 */

const config = z
  .object({
    DATABASE_URL: z.string().min(1),
    PORT: z.coerce.number().int().min(0).max(65535),
    POOL_MAX: z.coerce.number().int().min(1).default(10),
  })
  .parse(process.env);

const sql = postgres(config.DATABASE_URL, { max: config.POOL_MAX, onnotice: () => {} });

type TrackColumns = [id: number, uuid: string, name: string, creditName: string];
type SingleRow = [
  ...TrackColumns,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  [string, number, boolean][] | null,
  VersionAddedRow[] | null,
];
type ComparisonRow = [...TrackColumns, [number, string, string, string, string][] | null, [number, string[], number[], boolean[]][] | null, VersionAddedRow[] | null];

const trackNotFound = (uuid: string): AppError => new AppError('not_found', `Track ${uuid} not found`);
const platformNotFound = (slug: string): AppError => new AppError('not_found', `Platform '${slug}' not found`);

function toWindow(query: { start_date?: string; end_date?: string; limit?: number }) {
  return { startDate: query.start_date ?? null, endDate: query.end_date ?? null, limit: query.limit ?? null };
}

async function singleChart(rawParams: { trackUuid: string; platformSlug: string }, searchParams: URLSearchParams): Promise<unknown> {
  const params = parseInput(singleChartParamsSchema, rawParams, 'path');
  const query = parseInput(singleChartQuerySchema, searchParamsObject(searchParams, chartQueryKeys), 'query');
  const values = singleChartSql.params({ trackUuid: params.trackUuid, platformSlug: params.platformSlug, ...toWindow(query) });
  const [row] = await sql.unsafe(singleChartSql.text, values as never[], { prepare: true }).values();
  if (!row) throw trackNotFound(params.trackUuid);
  const [, uuid, name, creditName, platformId, slug, platformName, metricName, color, points, versions] = row as unknown as SingleRow;
  if (platformId === null || slug === null || platformName === null || metricName === null || color === null) {
    throw platformNotFound(params.platformSlug);
  }
  const platform = { name: platformName, slug, audienceMetricName: metricName, color };
  return {
    success: true,
    track: trackSummary({ name, creditName, uuid }),
    platform: platformSummary(platform),
    chart_data: singlePlatformChart({ name }, platform, (points ?? []).map(([date, value]) => ({ date, value }))),
    ...dataEventsField(
      eventsOf((points ?? []).map(([date, value, provisional]) => ({ platformId, date, value, provisional })), versions ?? []),
      [{ id: platformId, slug }],
    ),
  };
}

async function comparison(rawParams: { trackUuid: string }, searchParams: URLSearchParams): Promise<unknown> {
  const params = parseInput(comparisonChartParamsSchema, rawParams, 'path');
  const query = parseInput(comparisonChartQuerySchema, searchParamsObject(searchParams, chartQueryKeys), 'query');
  const values = comparisonChartSql.params({
    trackUuid: params.trackUuid,
    platformSlugs: query.platforms ? query.platforms.join(',') : null,
    ...toWindow(query),
  });
  const [row] = await sql.unsafe(comparisonChartSql.text, values as never[], { prepare: true }).values();
  if (!row) throw trackNotFound(params.trackUuid);
  const [, uuid, name, creditName, platformRows, points, versions] = row as unknown as ComparisonRow;
  const found = (platformRows ?? []).map(([id, slug, platformName, audienceMetricName, color]) => ({
    id,
    slug,
    name: platformName,
    audienceMetricName,
    color,
  }));
  // One row per platform with its dates, values and provisional marks as parallel arrays (lib/chart/queries.ts).
  const flat = (points ?? []).flatMap(([platformId, dates, values, provisional]) =>
    dates.map((date, index) => ({ platformId, date, value: values[index] as number, provisional: provisional[index] === true })),
  );
  const shown = query.platforms
    ? query.platforms.map((slug) => found.find((platform) => platform.slug === slug) ?? throwError(platformNotFound(slug)))
    : found;
  return {
    success: true,
    track: trackSummary({ name, creditName, uuid }),
    platforms: shown.map(platformSummary),
    chart_data: comparisonChart({ name }, shown, flat.map(({ platformId, date, value }) => ({ platformId, date, value }))),
    ...dataEventsField(
      eventsOf(flat, versions ?? []),
      shown,
    ),
  };
}

function throwError(error: Error): never {
  throw error;
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
