import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { todayUtc } from '@/lib/dates';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { apiError, createSoundchartsApi, MAX_LIMIT } from './api';
import type { ApiReply, SeriesDrop } from './api';
import { coverSvg } from './cover';
import { FaultQueue } from './faults';
import type { Fault, FaultController } from './faults';


/**
 * A SoundCharts-compatible HTTP server over the demo catalogue, answering as SoundCharts' public API does:
 * header auth, the quota left in x-quota-remaining (and GET /api/v2/team/usage, unbilled), two kinds of 429
 * (per-minute rate limit, quota exhausted), the documented error bodies. Tests start it in-process;
 * the demo runs it through main.ts.
 */

export type SoundchartsServerOptions = {
  catalogue?: CatalogueTrack[];
  /** The server's today (YYYY-MM-DD); series end there. Default: the real UTC date at each request. */
  today?: string;
  appId?: string;
  apiKey?: string;
  /** Starting x-quota-remaining. */
  quota?: number;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Refuse audience for Apple Music and Deezer, as SoundCharts' docs have it (see platforms.ts). Default false. */
  documentedPlatformsOnly?: boolean;
  /** Refuse audience periods longer than this with a 400, as deployments before 2025-11-14 did (90). Default: no limit. */
  maxPeriodDays?: number;
  /** Requests answered per clock minute before the rate limit's 429. Default: no limit. */
  ratePerMinute?: number;
  /** Series whose cumulative total drops on a day. */
  drops?: readonly SeriesDrop[];
};

/** `status` is 0 until answered, and stays 0 when the client went away first; `at` is when it arrived (epoch ms). */
type LoggedRequest = { method: string; path: string; query: URLSearchParams; status: number; billed: boolean; at: number };

class RequestLog {
  readonly entries: LoggedRequest[] = [];

  clear(): void {
    this.entries.length = 0;
  }

  /** Requests whose path contains `pathPart`. */
  matching(pathPart: string): LoggedRequest[] {
    return this.entries.filter((entry) => entry.path.includes(pathPart));
  }
}

export type SoundchartsServer = {
  url: string;
  port: number;
  close(): Promise<void>;
  faults: FaultController;
  requests: RequestLog;
  setQuota(quota: number): void;
  quota(): number;
  setDocumentedPlatformsOnly(on: boolean): void;
  setMaxPeriodDays(days: number | undefined): void;
};

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const sameSecret = (given: string | string[] | undefined, expected: string): boolean =>
  typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));

// Failed server responses are not billed, nor are calls refused before reaching an account's quota.
const billable = (status: number): boolean => status < 500 && status !== 401 && status !== 429;

const USAGE_PATH = '/api/v2/team/usage';
const RATE_LIMIT_MESSAGE = 'You have reached the maximum request count per minute';
const MINUTE_MS = 60_000;

/** A fixed per-minute window, as the rate limit counts: how many seconds are left until the next one starts. */
function secondsToNextMinute(now: number): number {
  return Math.max(1, Math.ceil((MINUTE_MS - (now % MINUTE_MS)) / 1000));
}

function pageOf(query: URLSearchParams): number | undefined {
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? MAX_LIMIT);
  return Number.isInteger(offset) && Number.isInteger(limit) && limit > 0 ? Math.floor(offset / limit) + 1 : undefined;
}

function withWrongType(body: unknown, item: number): unknown {
  const items = (body as { items?: { plots?: { value: unknown }[] }[] }).items;
  const plot = items?.[item]?.plots?.[0];
  if (plot) plot.value = String(plot.value);
  return body;
}

export async function startSoundchartsServer(options: SoundchartsServerOptions = {}): Promise<SoundchartsServer> {
  const { appId = 'soundcharts', apiKey = 'soundcharts', host = '127.0.0.1', port = 0 } = options;
  let documentedOnly = options.documentedPlatformsOnly ?? false;
  let maxPeriodDays = options.maxPeriodDays;
  const api = createSoundchartsApi({
    catalogue: options.catalogue ?? demoCatalogue(),
    today: () => options.today ?? todayUtc(),
    documentedPlatformsOnly: () => documentedOnly,
    maxPeriodDays: () => maxPeriodDays,
    drops: options.drops,
  });
  const faults = new FaultQueue();
  const requests = new RequestLog();
  let quota = options.quota ?? 100_000;
  const minute = { start: 0, count: 0 };

  /** Counts the request in this minute's window; the seconds to wait when the window is full. */
  function rateLimited(now: number): number | undefined {
    if (options.ratePerMinute === undefined) return undefined;
    const start = now - (now % MINUTE_MS);
    if (minute.start !== start) Object.assign(minute, { start, count: 0 });
    minute.count += 1;
    return minute.count > options.ratePerMinute ? secondsToNextMinute(now) : undefined;
  }

  function usage(): ApiReply {
    const used = options.ratePerMinute === undefined ? null : Math.min(minute.count, options.ratePerMinute);
    return {
      status: 200,
      body: {
        type: 'usage',
        object: {
          quota: { remaining: quota },
          rateLimit: { perMinute: options.ratePerMinute ?? null, remaining: used === null ? null : (options.ratePerMinute ?? 0) - used },
        },
        errors: [],
      },
    };
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>, cutOff = false): void {
    const bytes = Buffer.from(body);
    res.writeHead(status, { ...headers, 'content-length': String(bytes.length), 'x-quota-remaining': String(quota) });
    if (!cutOff) {
      res.end(bytes);
      return;
    }
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
  }

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    fault: Fault | undefined,
  ): Promise<{ status: number; billed: boolean }> {
    if (fault?.kind === 'delay') {
      const closed = new AbortController();
      res.once('close', () => closed.abort());
      await sleep(fault.ms, undefined, { signal: closed.signal }).catch(() => undefined);
      if (res.destroyed) return { status: 0, billed: false };
    }
    if (fault?.kind === 'hold') {
      await fault.until.catch(() => undefined);
      if (res.destroyed) return { status: 0, billed: false };
    }
    let reply: ApiReply;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const resetSeconds = fault?.kind === 'rate_limit' ? fault.resetSeconds : rateLimited(Date.now());
    if (fault?.kind === 'status') reply = apiError(fault.status, 'fault.injected', `Injected failure ${fault.status}`);
    else if (!sameSecret(req.headers['x-app-id'], appId) || !sameSecret(req.headers['x-api-key'], apiKey)) {
      reply = apiError(401, 'auth.unauthorized', 'Missing or invalid x-app-id / x-api-key headers');
    } else if (resetSeconds !== undefined) {
      reply = apiError(429, 'rate_limit.exceeded', RATE_LIMIT_MESSAGE);
      headers['x-ratelimit-reset'] = String(resetSeconds);
    } else if (req.method === 'GET' && url.pathname === USAGE_PATH) reply = usage();
    else if (quota <= 0) reply = apiError(429, 'quota.exhausted', 'Quota exhausted for the current term');
    else if (req.method !== 'GET') reply = apiError(405, 'method.not_allowed', `${req.method} is not allowed`);
    else reply = api.handle(url, `http://${req.headers.host ?? host}`);

    // The usage endpoint is free, whatever it answers.
    const billed = billable(reply.status) && url.pathname !== USAGE_PATH;
    if (billed) quota -= 1;
    if ((fault?.kind === 'status' || fault?.kind === 'rate_limit') && fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
    const body = fault?.kind === 'wrong_type' && reply.status === 200 ? withWrongType(reply.body, fault.item ?? 0) : reply.body;
    const text = fault?.kind === 'malformed_json' ? '{"items": [{"date": "2025-08-28T00:00:00+00:00", "plots": [' : JSON.stringify(body);
    send(res, fault?.kind === 'malformed_json' ? 200 : reply.status, text, headers, fault?.kind === 'truncated_body');
    return { status: reply.status, billed };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://soundcharts.invalid');
    const cover = /^\/images\/([0-9a-f-]+)\.svg$/i.exec(url.pathname);
    if (cover) {
      const track = api.track(cover[1] ?? '');
      if (track) send(res, 200, coverSvg(track), { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' });
      else send(res, 404, 'Not found', { 'content-type': 'text/plain' });
      return;
    }
    // Logged on arrival, so that a request still being answered belongs to the test that sent it.
    const entry: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, status: 0, billed: false, at: Date.now() };
    requests.entries.push(entry);
    const fault = faults.take({ path: url.pathname, page: pageOf(url.searchParams) });
    Object.assign(entry, await answer(req, res, url, fault));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else send(res, 500, JSON.stringify(apiError(500, 'server.error', 'Internal server error').body), { 'content-type': 'application/json' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    port: address.port,
    faults,
    requests,
    setQuota: (value) => {
      quota = value;
    },
    quota: () => quota,
    setDocumentedPlatformsOnly: (on) => {
      documentedOnly = on;
    },
    setMaxPeriodDays: (days) => {
      maxPeriodDays = days;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
