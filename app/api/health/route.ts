import { sql } from 'drizzle-orm';
import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { todayUtc } from '@/lib/dates';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { checkHealth } from '@/lib/operations/health';
import type { Health } from '@/lib/operations/health';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * Up means the database answers: 200 when `select 1` does, 503 whatever the reason it does not.
 * Up, it is `degraded` (still 200, so that load balancers keep it) with the reasons why.
 */
export const GET = handler<Record<string, never>>(async (_request, _params, requestId) => {
  await connection();
  let db;
  try {
    db = await getDb();
    await db.execute(sql`select 1`);
  } catch (error) {
    logger().warn({ requestId, err: error }, 'health check: database unavailable');
    return NextResponse.json(
      { ok: false, error: 'The database is unavailable' },
      { status: 503, headers: { ...noStore, 'Retry-After': '5' } },
    );
  }
  let health: Health;
  try {
    health = await checkHealth(db, {
      today: todayUtc(),
      maxDataAgeDays: env().HEALTH_MAX_DATA_AGE_DAYS,
      quotaFloor: env().SOUNDCHARTS_QUOTA_FLOOR,
      appId: env().SOUNDCHARTS_APP_ID,
    });
  } catch (error) {
    logger().warn({ requestId, err: error }, 'health check: the checks failed');
    health = { status: 'degraded', reasons: ['the health checks could not read the database'] };
  }
  return NextResponse.json({ ok: true, ...health }, { headers: noStore });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
