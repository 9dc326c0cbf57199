import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { enforceAdminRateLimit } from '@/lib/access/rate-limit';
import { AppError } from '@/lib/errors';
import { testDatabases } from '@/test/databases';
import { errorResponse } from './error-response';

const TRACK = '7d534228-5165-11e9-9375-549f35161576';

describe.each(testDatabases())('error replies on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('answers a refused refresh with a 429, its Retry-After and the reason', async () => {
    for (let call = 0; call < 30; call += 1) {
      await enforceAdminRateLimit(handle.db, 'refresh', { admin: 'session', trackUuid: TRACK });
    }
    const refused = await enforceAdminRateLimit(handle.db, 'refresh', { admin: 'bearer', trackUuid: TRACK }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    const error = refused as AppError;
    const response = errorResponse(error, 'req-1');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe(String(error.retryAfterSeconds));
    expect(await response.json()).toEqual({ success: false, error: error.message });
  });
});
