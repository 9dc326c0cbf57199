import { SoundchartsClient } from '@/lib/soundcharts/client';
import type { SoundchartsConfig } from '@/lib/soundcharts/client';
import { startSoundchartsServer } from '@/soundcharts-server/server';
import type { SoundchartsServer, SoundchartsServerOptions } from '@/soundcharts-server/server';

/** A client for the shipped SoundCharts-compatible server, with retries fast enough for tests. */
export function testClient(server: Pick<SoundchartsServer, 'url'>, config: Partial<SoundchartsConfig> = {}): SoundchartsClient {
  return new SoundchartsClient({
    baseUrl: server.url,
    appId: 'soundcharts',
    apiKey: 'soundcharts',
    timeoutMs: 5_000,
    quotaFloor: 0,
    maxRetries: 2,
    baseDelayMs: 5,
    maxDelayMs: 20,
    ...config,
  });
}

/** The app's settings that point it at a SoundCharts-compatible server, with the sandbox credentials it accepts. */
export function soundchartsEnv(server: Pick<SoundchartsServer, 'url'>): Record<string, string> {
  return { SOUNDCHARTS_API_URL: server.url, SOUNDCHARTS_APP_ID: 'soundcharts', SOUNDCHARTS_API_KEY: 'soundcharts' };
}

export async function startTestSoundcharts(options: SoundchartsServerOptions = {}): Promise<SoundchartsServer> {
  return startSoundchartsServer({ quota: 1_000_000, ...options });
}

/** Audience requests the server answered, with the period and page each asked for. */
export function audienceRequests(server: SoundchartsServer) {
  return server.requests.matching('/audience/').map((entry) => ({
    path: entry.path,
    status: entry.status,
    startDate: entry.query.get('startDate'),
    endDate: entry.query.get('endDate'),
    offset: Number(entry.query.get('offset') ?? 0),
    limit: Number(entry.query.get('limit') ?? 100),
  }));
}

/** Calls SoundCharts would bill: what every quota goal is counted in. */
export function billedCalls(server: SoundchartsServer): number {
  return server.requests.entries.filter((entry) => entry.billed).length;
}
