import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { metricsText } from '@/lib/operations/scrape';
import { readStoredFigures } from '@/lib/operations/stored-figures';
import type { StoredFigures } from '@/lib/operations/stored-figures';
import { rejectUnlessBearer } from '@/app/_http/bearer-auth';
import { jsonError } from '@/app/_http/error-response';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

export const GET = handler<Record<string, never>>(async (request, _params, requestId) => {
  await connection();
  const token = env().METRICS_TOKEN;
  // Off unless configured: a 404, as if there were no such route, rather than saying what is not set.
  if (token === undefined) return jsonError(404, 'No API route at this path. The routes are listed in the README under "Who may call what".');
  const denied = rejectUnlessBearer(request, token, 'METRICS_TOKEN');
  if (denied) return denied;
  let figures: StoredFigures | undefined;
  try {
    figures = await readStoredFigures(await getDb(), { appId: env().SOUNDCHARTS_APP_ID, postgres: env().DATABASE_URL !== undefined });
  } catch (error) {
    // The process's own figures are still worth scraping while the database is away; audience_database_up says so.
    logger().warn({ requestId, err: error }, 'metrics: stored figures unavailable');
  }
  const { contentType, body } = await metricsText(figures);
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
