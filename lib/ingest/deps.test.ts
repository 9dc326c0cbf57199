import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { pauseCalls } from '@/lib/soundcharts/call-slots';
import { SoundchartsError } from '@/lib/soundcharts/client';
import type { SoundchartsServer } from '@/soundcharts-server/server';
import { testDatabases } from '@/test/databases';
import { testClient, startTestSoundcharts } from '@/test/soundcharts';
import { sharedLimitsFor } from './deps';

describe.each(testDatabases())('the shared SoundCharts limits on $name', (target) => {
  let handle: DatabaseHandle;
  let server: SoundchartsServer;
  beforeAll(async () => {
    [handle, server] = await Promise.all([target.open(), startTestSoundcharts()]);
  });
  afterAll(async () => {
    await Promise.all([handle?.close(), server?.close()]);
  });

  it('fail a call at once, unsent, while a pause longer than the client would wait lasts; a short one is waited out', async () => {
    const shared = sharedLimitsFor(async () => handle.db, 'soundcharts', undefined);
    await pauseCalls(handle.db, 'soundcharts', 3_600_000);
    const client = testClient(server, { shared, maxRetryAfterMs: 60_000 });
    const started = performance.now();
    const error = await client.getSong(BAD_GUY_UUID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SoundchartsError);
    expect((error as SoundchartsError).kind).toBe('rate_limited');
    expect((error as SoundchartsError).retryAfterSeconds).toBeGreaterThan(3_500);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(server.requests.entries).toHaveLength(0);

    const patient = testClient(server, { shared: sharedLimitsFor(async () => handle.db, 'patient', undefined), maxRetryAfterMs: 60_000 });
    await pauseCalls(handle.db, 'patient', 300);
    await expect(patient.getSong(BAD_GUY_UUID)).resolves.toMatchObject({ uuid: BAD_GUY_UUID });
  });
});
