import { describe, expect, it } from 'vitest';
import { liveStreamOpened, recordRequest, recordSoundchartsCall } from './metrics';
import { metricsText } from './scrape';

const line = (text: string, pattern: RegExp): string | undefined => text.split('\n').find((row) => pattern.test(row));

describe('the metrics in Prometheus text format', () => {
  it('has the requests by route pattern and status, with latency buckets', async () => {
    recordRequest({ method: 'GET', route: '/api/health', status: 200 }, 0.003);
    recordRequest({ method: 'GET', route: '/api/health', status: 200 }, 0.2);
    const { contentType, body } = await metricsText(undefined);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(line(body, /^audience_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\}/)).toMatch(/ 2$/);
    expect(line(body, /^audience_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/health",status="200"\}/)).toMatch(/ 1$/);
  });

  it('has SoundCharts calls by outcome and the open live-update streams', async () => {
    recordSoundchartsCall('ok');
    recordSoundchartsCall('timeout');
    recordSoundchartsCall('ok');
    const closeFirst = liveStreamOpened();
    const closeSecond = liveStreamOpened();
    closeFirst();
    closeFirst();
    const { body } = await metricsText(undefined);
    expect(line(body, /^audience_soundcharts_calls_total\{outcome="ok"\}/)).toMatch(/ 2$/);
    expect(line(body, /^audience_soundcharts_calls_total\{outcome="timeout"\}/)).toMatch(/ 1$/);
    expect(line(body, /^audience_live_streams_open /)).toBe('audience_live_streams_open 1');
    closeSecond();
    expect(line((await metricsText(undefined)).body, /^audience_live_streams_open /)).toBe('audience_live_streams_open 0');
  });

  it('shows the stored figures as read, and drops those no longer read', async () => {
    const figures = {
      ingestRuns: [{ trigger: 'cron', status: 'failed', count: 3 }],
      quota: { remaining: 950, observedAt: new Date('2026-12-02T08:00:00Z') },
      connections: [{ state: 'idle', count: 4 }],
    };
    const first = (await metricsText(figures)).body;
    expect(line(first, /^audience_ingest_runs\{/)).toBe('audience_ingest_runs{trigger="cron",status="failed"} 3');
    expect(line(first, /^audience_soundcharts_quota_remaining\{/)).toBe('audience_soundcharts_quota_remaining{reading="last"} 950');
    expect(line(first, /^audience_database_connections\{/)).toBe('audience_database_connections{state="idle"} 4');
    expect(line(first, /^audience_database_up /)).toBe('audience_database_up 1');
    const unread = (await metricsText(undefined)).body;
    expect(line(unread, /^audience_ingest_runs\{/)).toBeUndefined();
    expect(line(unread, /^audience_soundcharts_quota_remaining\{/)).toBeUndefined();
    expect(line(unread, /^audience_database_up /)).toBe('audience_database_up 0');
  });
});
