import { sql } from 'drizzle-orm';
import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { logger } from '@/lib/logger';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

const noStore = { 'Cache-Control': 'no-store' };

/** Up means the database answers: 200 when `select 1` does, 503 whatever the reason it does not. */
export const GET = handler<Record<string, never>>(async (_request, _params, requestId) => {
  await connection();
  try {
    await (await getDb()).execute(sql`select 1`);
    return NextResponse.json({ ok: true }, { headers: noStore });
  } catch (error) {
    logger().warn({ requestId, err: error }, 'health check: database unavailable');
    return NextResponse.json(
      { ok: false, error: 'The database is unavailable' },
      { status: 503, headers: { ...noStore, 'Retry-After': '5' } },
    );
  }
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
