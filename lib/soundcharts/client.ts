import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { addDays, isoDateSchema } from '@/lib/dates';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { ErrorCode } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { recordSoundchartsCall } from '@/lib/operations/metrics';
import type { QuotaReading } from './quota';
import { audiencePageSchema, errorBodySchema, quotaHeaderSchema, rateLimitResetSchema, songResponseSchema } from './schemas';
import type { AudiencePage } from './schemas';
import { trackUuidSchema } from '@/lib/identifiers';
import { describeIssues } from '@/lib/validation';

export type SoundchartsConfig = {
  baseUrl: string;
  appId: string;
  apiKey: string;
  /** Per request, body included. */
  timeoutMs: number;
  /** Stop spending when x-quota-remaining <= floor. */
  quotaFloor: number;
  /**
   * How long a reading at or below the floor is believed before SoundCharts' free usage endpoint is
   * asked again (a term can be a month or a year, and ends on the plan's own date). Default 600000.
   */
  quotaRecheckMs?: number;
  /** Retries after the first attempt; default 4. */
  maxRetries?: number;
  /** Backoff base; default 250. */
  baseDelayMs?: number;
  /** Backoff ceiling; default 8000. */
  maxDelayMs?: number;
  /** The longest wait for a rate limit or Retry-After slept through; a longer one fails as rate_limited at once. Default 60000. */
  maxRetryAfterMs?: number;
  /** Audience items asked per page, 1..100; default 100. */
  pageSize?: number;
  /** The last quota reading known, from another process (see quota.ts). */
  quota?: QuotaReading;
  /** Told of every quota reading, before the answer is used. */
  onQuota?: (reading: QuotaReading) => Promise<void> | void;
  /** The rate limit and quota shared with every other process using these credentials. */
  shared?: SharedLimits;
  fetch?: typeof fetch;
};

/**
 * What processes calling SoundCharts with one app id share (lib/soundcharts/call-slots.ts, quota.ts):
 * the per-minute limit is the account's, not a process's, and so are its 429s and its quota.
 */
export type SharedLimits = {
  /**
   * Resolves when this process may send its next request: undefined, or, without waiting, the
   * milliseconds a rate-limit pause still lasts when that is more than `maxWaitMs`.
   */
  waitForSlot(maxWaitMs: number): Promise<number | undefined>;
  /** A rate-limit 429 came back: no process sends anything for this long. */
  pause(waitMs: number): Promise<void>;
  /** The newest quota reading any process recorded. */
  latestQuota(): Promise<QuotaReading | undefined>;
};

export type SongMetadata = {
  uuid: string;
  name: string;
  creditName: string;
  isrc: string | null;
  /** YYYY-MM-DD */
  releaseDate: string | null;
  imageUrl: string | null;
};

export type AudiencePlot = { identifier: string; value: number };
/** `raw` is the item exactly as SoundCharts sent it. */
export type AudienceItem = { date: string; plots: AudiencePlot[]; raw: unknown };
export type AudiencePeriod = { startDate: string; endDate: string };

export type SoundchartsErrorKind =
  | 'not_found'
  | 'unauthorized'
  | 'not_in_plan'
  | 'bad_request'
  | 'rejected'
  | 'rate_limited'
  | 'quota_exhausted'
  | 'timeout'
  | 'upstream_failure'
  | 'invalid_response';

const codeByKind: Record<SoundchartsErrorKind, ErrorCode> = {
  not_found: 'not_found',
  unauthorized: 'upstream_unavailable',
  not_in_plan: 'upstream_unavailable',
  bad_request: 'invalid_input',
  rejected: 'upstream_rejected',
  rate_limited: 'rate_limited',
  quota_exhausted: 'quota_exhausted',
  timeout: 'upstream_timeout',
  upstream_failure: 'upstream_unavailable',
  invalid_response: 'upstream_invalid',
};

export class SoundchartsError extends AppError {
  readonly kind: SoundchartsErrorKind;
  /** The upstream HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /** What SoundCharts itself said, when it answered an error body. */
  readonly upstreamMessage: string | undefined;

  constructor(
    kind: SoundchartsErrorKind,
    message: string,
    options: { status?: number; retryAfterSeconds?: number; cause?: unknown; upstreamMessage?: string } = {},
  ) {
    super(codeByKind[kind], message, options);
    this.name = 'SoundchartsError';
    this.kind = kind;
    this.status = options.status;
    this.upstreamMessage = options.upstreamMessage;
  }
}

/** The window a period is split into when SoundCharts refuses it whole, as deployments before 2025-11-14 capped periods. */
const SOUNDCHARTS_LEGACY_PERIOD_DAYS = 90;
const SOUNDCHARTS_MAX_PAGE_SIZE = 100;
const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;
const MAX_PAGES_PER_PERIOD = 1000;
const USAGE_PATH = '/api/v2/team/usage';
const DEFAULT_QUOTA_RECHECK_MS = 10 * 60 * 1000;

/** Billed calls a backfill of `days` costs at most: one page per 100 days (fewer when days are missing). */
export function audienceCallsFor(days: number): number {
  return Math.max(1, Math.ceil(days / SOUNDCHARTS_MAX_PAGE_SIZE));
}

export function soundchartsConfigFromEnv(): SoundchartsConfig {
  const config = env();
  if (!config.SOUNDCHARTS_APP_ID || !config.SOUNDCHARTS_API_KEY) {
    throw new SoundchartsError('unauthorized', 'SoundCharts credentials are not configured: set SOUNDCHARTS_APP_ID and SOUNDCHARTS_API_KEY');
  }
  return {
    baseUrl: config.SOUNDCHARTS_API_URL,
    appId: config.SOUNDCHARTS_APP_ID,
    apiKey: config.SOUNDCHARTS_API_KEY,
    timeoutMs: config.SOUNDCHARTS_TIMEOUT_MS,
    quotaFloor: config.SOUNDCHARTS_QUOTA_FLOOR,
  };
}

/** Consecutive windows of at most 90 days covering the period, oldest first. */
export function audienceWindows(period: AudiencePeriod, maxDays = SOUNDCHARTS_LEGACY_PERIOD_DAYS): AudiencePeriod[] {
  const windows: AudiencePeriod[] = [];
  for (let start = period.startDate; start <= period.endDate; start = addDays(start, maxDays)) {
    const end = addDays(start, maxDays - 1);
    windows.push({ startDate: start, endDate: end < period.endDate ? end : period.endDate });
  }
  return windows;
}

/**
 * A 400 about the period rather than the platform code or anything else: an older deployment that
 * still caps periods. Only SoundCharts' own words are read, as our message names both.
 */
function isPeriodRefusal(error: unknown): boolean {
  if (!(error instanceof SoundchartsError) || error.kind !== 'rejected' || error.upstreamMessage === undefined) return false;
  return /period|date/i.test(error.upstreamMessage) && !/platform/i.test(error.upstreamMessage);
}

/** The per-minute rate limit's 429, told from the quota's by SoundCharts' message. */
const isRateLimitMessage = (message: string): boolean => /maximum request count/i.test(message);

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || isTimeout(error.cause));
}

/** SoundCharts' own words from an error body, or the bare status when the body is not the documented shape. */
function errorMessageOf(text: string, status: number): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.errors.map((error) => error.message).join('; ');
  } catch {
    // Not JSON: the status alone says it.
  }
  return `HTTP ${status}`;
}

type Call = {
  /** What is fetched, for messages: `song <uuid>`, `audience of song <uuid> on platform "spotify" from ... to ...`. */
  what: string;
  notFound: string;
};

/** unsent: no request went out, so none is counted. */
type Failure = { error: SoundchartsError; retryable: boolean; waitMs?: number; unsent?: true };
/** The parts of an error answer the retry decision reads. */
type ErrorAnswer = { status: number; message: string; retryAfterMs: number | undefined; rateLimitResetMs: number | undefined };

const invalidResponse = (call: Call, detail: string, cause?: unknown): SoundchartsError =>
  new SoundchartsError('invalid_response', `SoundCharts sent an invalid response for ${call.what}: ${detail}`, { cause });

const secondsOf = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.ceil(ms / 1000));

export class SoundchartsClient {
  readonly #config: Required<Omit<SoundchartsConfig, 'fetch' | 'quota' | 'onQuota' | 'shared'>> &
    Pick<SoundchartsConfig, 'onQuota' | 'shared'> & { fetch: typeof fetch };
  #quota: QuotaReading | undefined;
  /** When the usage endpoint was last asked, so that one that tells nothing is not asked before every call. */
  #usageAskedAt: number | undefined;
  readonly #base: URL;
  /** The path of the base URL without its trailing slash: '' for SoundCharts itself, '/sc' behind a proxy at /sc/. */
  readonly #prefix: string;

  constructor(config: SoundchartsConfig) {
    const pageSize = config.pageSize ?? SOUNDCHARTS_MAX_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > SOUNDCHARTS_MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be an integer from 1 to ${SOUNDCHARTS_MAX_PAGE_SIZE}`);
    }
    this.#config = {
      maxRetries: 4,
      baseDelayMs: 250,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
      quotaRecheckMs: DEFAULT_QUOTA_RECHECK_MS,
      ...config,
      pageSize,
      fetch: config.fetch ?? fetch,
    };
    this.#quota = config.quota;
    this.#base = new URL(config.baseUrl);
    this.#prefix = this.#base.pathname.replace(/\/+$/, '');
  }

  /** The last x-quota-remaining known (calls left in the current term); undefined before any. */
  get quotaRemaining(): number | undefined {
    return this.#quota?.remaining;
  }

  async getSong(uuid: string): Promise<SongMetadata> {
    const songUuid = this.#songUuid(uuid);
    const call = { what: `song ${songUuid}`, notFound: `Song ${songUuid} not found on SoundCharts` };
    const { data } = await this.#get(`/api/v2.25/song/${songUuid}`, songResponseSchema, call);
    const song = data.object;
    return {
      uuid: song.uuid,
      name: song.name,
      creditName: song.creditName,
      isrc: song.isrc?.value || null,
      releaseDate: song.releaseDate ?? null,
      imageUrl: song.imageUrl || null,
    };
  }

  /** The whole period, both ends included: one item per date at most, oldest first. Nothing at all on any failure. */
  async getSongAudience(uuid: string, platformCode: string, period: AudiencePeriod): Promise<AudienceItem[]> {
    const songUuid = this.#songUuid(uuid);
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(platformCode)) {
      throw new SoundchartsError(
        'bad_request',
        `Invalid SoundCharts platform code "${platformCode}": expected lowercase words joined by hyphens`,
      );
    }
    const validDates = [period.startDate, period.endDate].every((date) => isoDateSchema.safeParse(date).success);
    if (!validDates || period.startDate > period.endDate) {
      throw new SoundchartsError(
        'bad_request',
        `Invalid period ${period.startDate} to ${period.endDate}: expected two YYYY-MM-DD dates, start first`,
      );
    }
    const path = `/api/v2/song/${songUuid}/audience/${platformCode}`;
    const fetchPeriod = (part: AudiencePeriod): Promise<AudienceItem[]> =>
      this.#periodItems(path, part, {
        what: `audience of song ${songUuid} on platform "${platformCode}" from ${part.startDate} to ${part.endDate}`,
        notFound: `Song ${songUuid} not found on SoundCharts`,
      });
    let parts: { period: AudiencePeriod; items: AudienceItem[] }[];
    try {
      // The whole period in one go, followed page by page: 100 days a billed call.
      parts = [{ period, items: await fetchPeriod(period) }];
    } catch (error) {
      const windows = audienceWindows(period);
      if (!isPeriodRefusal(error) || windows.length < 2) throw error;
      // Split this time only: the next fetch asks for its period whole again, as today's API takes it.
      logger().warn({ platformCode, period, windows: windows.length }, 'SoundCharts refused the period whole; fetching it in 90-day windows');
      parts = [];
      for (const window of windows) parts.push({ period: window, items: await fetchPeriod(window) });
    }
    const byDate = new Map<string, AudienceItem>();
    for (const part of parts) {
      for (const item of part.items) {
        const inPeriod = item.date >= part.period.startDate && item.date <= part.period.endDate;
        if (inPeriod && !byDate.has(item.date)) byDate.set(item.date, item);
      }
    }
    return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  async #periodItems(basePath: string, window: AudiencePeriod, call: Call): Promise<AudienceItem[]> {
    const query = new URLSearchParams({ ...window, offset: '0', limit: String(this.#config.pageSize) });
    const first = this.#url(basePath);
    const items: AudienceItem[] = [];
    const seen = new Set<string>();
    let url: URL | undefined = new URL(`?${query}`, first);
    while (url !== undefined) {
      if (seen.has(url.href) || seen.size >= MAX_PAGES_PER_PERIOD) throw invalidResponse(call, `page.next loops back to ${url.pathname}${url.search}`);
      seen.add(url.href);
      const { data, json } = await this.#get(url, audiencePageSchema, { ...call, what: `${call.what}, page ${seen.size}` });
      const rawItems = (json as { items: unknown[] }).items;
      items.push(...data.items.map((item, index) => ({ date: item.date, plots: item.plots, raw: rawItems[index] })));
      url = this.#nextUrl(data.page, data.items.length, url, first, query, call);
    }
    return items;
  }

  /**
   * page.next when given, with our window added if the link leaves it out (the server would fall back
   * to its default period). `next: null` is the last page, unless `total` says items remain; with no
   * link at all, the offset after this page while more seem to remain.
   */
  #nextUrl(page: AudiencePage['page'], received: number, current: URL, first: URL, query: URLSearchParams, call: Call): URL | undefined {
    if (page?.next) {
      const next = this.#resolveLink(page.next, current);
      if (next.origin !== current.origin) throw invalidResponse(call, `page.next leaves ${current.origin}`);
      for (const key of ['startDate', 'endDate']) {
        const value = query.get(key);
        if (!next.searchParams.has(key) && value !== null) next.searchParams.set(key, value);
      }
      return next;
    }
    if (received === 0) return undefined;
    const offset = page?.offset ?? Number(query.get('offset'));
    const more =
      page?.total !== undefined
        ? offset + received < page.total
        : page?.next !== null && received >= (page?.limit ?? this.#config.pageSize);
    if (!more) return undefined;
    query.set('offset', String(offset + received));
    return new URL(`?${query}`, first);
  }

  /**
   * A link from a reply: relative to the page it came in (an absolute one elsewhere would carry our
   * credentials away, and is refused by the caller). A root-relative one keeps the path prefix of a
   * base URL that has one (a proxy in front of SoundCharts).
   */
  #resolveLink(link: string, current: URL): URL {
    const rootRelative = link.startsWith('/') && !link.startsWith('//');
    if (rootRelative && this.#prefix !== '' && !link.startsWith(`${this.#prefix}/`)) return new URL(`${this.#prefix}${link}`, current);
    return new URL(link, current);
  }

  /** An API path under the base URL, its own path prefix kept. */
  #url(path: string): URL {
    return new URL(`${this.#prefix}${path}`, this.#base);
  }

  #songUuid(uuid: string): string {
    const parsed = trackUuidSchema.safeParse(uuid);
    if (!parsed.success) throw new SoundchartsError('bad_request', `Invalid song uuid "${uuid}": ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  /**
   * Refuses a billed call while the quota is at the floor. The term's end is not assumed: a reading
   * at the floor is believed for quotaRecheckMs, then SoundCharts' free usage endpoint is asked again
   * (it is also asked when nothing is known yet), and spending resumes once it reports quota.
   */
  async #ensureQuota(): Promise<void> {
    if (this.#quota === undefined) await this.#askUsage();
    const floor = this.#config.quotaFloor;
    if (this.#quota === undefined || this.#quota.remaining > floor) return;
    if (Date.now() - this.#quota.observedAt.getTime() >= this.#config.quotaRecheckMs) {
      await this.#askUsage();
      if (this.#quota.remaining > floor) return;
    }
    // From the later of the reading and the last question asked, so that a usage endpoint that failed is not asked at once again.
    const recheckAt = Math.max(this.#quota.observedAt.getTime(), this.#usageAskedAt ?? 0) + this.#config.quotaRecheckMs;
    throw new SoundchartsError(
      'quota_exhausted',
      `SoundCharts quota floor reached: ${this.#quota.remaining} calls left in the current term, floor ${floor}; ` +
        `no call is made until SoundCharts reports more (asked again from ${new Date(recheckAt).toISOString()})`,
      { retryAfterSeconds: Math.max(1, Math.ceil((recheckAt - Date.now()) / 1000)) },
    );
  }

  /** Asks GET /api/v2/team/usage (not billed) now, for a page that shows the quota; undefined when it did not say. */
  async readUsage(): Promise<QuotaReading | undefined> {
    const before = this.#quota;
    this.#usageAskedAt = Date.now();
    const outcome = await this.#attempt(this.#url(USAGE_PATH), { what: 'the quota left (usage)', notFound: 'No usage endpoint on SoundCharts' });
    return 'error' in outcome || this.#quota === before ? undefined : this.#quota;
  }

  /** GET /api/v2/team/usage, not billed: its x-quota-remaining. A failure leaves the reading as it was. */
  async #askUsage(): Promise<void> {
    if (this.#usageAskedAt !== undefined && Date.now() - this.#usageAskedAt < this.#config.quotaRecheckMs) return;
    this.#usageAskedAt = Date.now();
    const outcome = await this.#attempt(this.#url(USAGE_PATH), { what: 'the quota left (usage)', notFound: 'No usage endpoint on SoundCharts' });
    if ('error' in outcome) logger().warn({ kind: outcome.error.kind, status: outcome.error.status }, `SoundCharts usage not read: ${outcome.error.message}`);
  }

  /** Another process's newer reading replaces this one's: a floor another worker reached stops this one too. */
  async #adoptSharedQuota(): Promise<void> {
    const shared = await this.#config.shared?.latestQuota();
    if (shared && (this.#quota === undefined || shared.observedAt > this.#quota.observedAt)) this.#quota = shared;
  }

  async #observeQuota(reading: QuotaReading): Promise<void> {
    this.#quota = reading;
    await this.#config.onQuota?.(reading);
  }

  #backoffMs(attempt: number): number {
    // Full jitter: anywhere from zero to the exponential ceiling, so that clients retrying together spread out.
    return Math.random() * Math.min(this.#config.maxDelayMs, this.#config.baseDelayMs * 2 ** attempt);
  }

  /** A call answered 200 counts as ok only once its body reads as the contract says. */
  #parseCounted<Schema extends z.ZodType>(text: string, schema: Schema, call: Call): { data: z.output<Schema>; json: unknown } {
    try {
      const parsed = this.#parse(text, schema, call);
      recordSoundchartsCall('ok');
      return parsed;
    } catch (error) {
      recordSoundchartsCall(error instanceof SoundchartsError ? error.kind : 'invalid_response');
      throw error;
    }
  }

  /** One billed call, retried as the contract says; the body is validated before anything is returned. */
  async #get<Schema extends z.ZodType>(target: string | URL, schema: Schema, call: Call): Promise<{ data: z.output<Schema>; json: unknown }> {
    const url = typeof target === 'string' ? this.#url(target) : target;
    for (let attempt = 0; ; attempt += 1) {
      await this.#adoptSharedQuota();
      await this.#ensureQuota();
      const outcome = await this.#attempt(url, call);
      if ('text' in outcome) return this.#parseCounted(outcome.text, schema, call);
      if (!outcome.unsent) recordSoundchartsCall(outcome.error.kind);
      const { error, retryable, waitMs } = outcome;
      if (!retryable || attempt >= this.#config.maxRetries) throw error;
      const delayMs = waitMs ?? this.#backoffMs(attempt);
      logger().warn(
        { kind: error.kind, status: error.status, attempt: attempt + 1, delayMs: Math.round(delayMs) },
        `SoundCharts call retried: ${error.message}`,
      );
      await sleep(delayMs);
    }
  }

  async #attempt(url: URL, call: Call): Promise<{ text: string } | Failure> {
    let response: Response;
    let text: string;
    // A pause longer than the client would wait after a 429 of its own fails at once, as that 429 would:
    // an admin's refresh answers "try again later" rather than hanging, a worker moves on.
    const pausedMs = await this.#config.shared?.waitForSlot(this.#config.maxRetryAfterMs);
    if (pausedMs !== undefined) {
      const seconds = secondsOf(pausedMs) ?? RATE_LIMIT_RETRY_AFTER_SECONDS;
      const error = new SoundchartsError('rate_limited', `SoundCharts rate limit: calls are paused for ${seconds} s after a 429 (${call.what})`, {
        retryAfterSeconds: seconds,
      });
      return { error, retryable: false, unsent: true };
    }
    try {
      response = await this.#config.fetch(url, {
        headers: { accept: 'application/json', 'x-app-id': this.#config.appId, 'x-api-key': this.#config.apiKey },
        signal: AbortSignal.timeout(this.#config.timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      const error = isTimeout(cause)
        ? new SoundchartsError('timeout', `SoundCharts did not answer within ${this.#config.timeoutMs} ms (${call.what})`, { cause })
        : new SoundchartsError(
            'upstream_failure',
            `Could not reach SoundCharts (${call.what}): ${cause instanceof Error ? cause.message : String(cause)}`,
            { cause },
          );
      return { error, retryable: true };
    }
    const quota = quotaHeaderSchema.safeParse(response.headers.get('x-quota-remaining') ?? '');
    if (quota.success) await this.#observeQuota({ remaining: quota.data, observedAt: new Date() });
    if (response.ok) return { text };
    const reset = rateLimitResetSchema.safeParse(response.headers.get('x-ratelimit-reset') ?? '');
    const failure = this.#failure(
      {
        status: response.status,
        message: errorMessageOf(text, response.status),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        rateLimitResetMs: reset.success ? reset.data : undefined,
      },
      call,
    );
    if (failure.error.kind === 'rate_limited') {
      await this.#config.shared?.pause(failure.waitMs ?? RATE_LIMIT_RETRY_AFTER_SECONDS * 1000);
    }
    if (failure.error.kind === 'quota_exhausted') {
      // Whatever the header said, nothing more is spent until SoundCharts reports quota again; other processes learn it too.
      await this.#observeQuota({ remaining: Math.min(0, quota.success ? quota.data : 0), observedAt: new Date() });
    }
    return failure;
  }

  #failure({ status, message, retryAfterMs, rateLimitResetMs }: ErrorAnswer, call: Call): Failure {
    const fail = (kind: SoundchartsErrorKind, text: string, retryAfterSeconds?: number): SoundchartsError =>
      new SoundchartsError(kind, text, { status, retryAfterSeconds, upstreamMessage: message });
    const waitTooLong = retryAfterMs !== undefined && retryAfterMs > this.#config.maxRetryAfterMs;
    switch (status) {
      case 400:
        return { error: fail('rejected', `SoundCharts rejected the request for ${call.what} (HTTP 400): "${message}"`), retryable: false };
      case 401:
        return { error: fail('unauthorized', `SoundCharts refused the credentials (HTTP 401): "${message}"`), retryable: false };
      case 403:
        return { error: fail('not_in_plan', `The SoundCharts plan does not include ${call.what} (HTTP 403): "${message}"`), retryable: false };
      case 404:
        return { error: fail('not_found', call.notFound), retryable: false };
      case 429: {
        if (!isRateLimitMessage(message)) {
          // Quota exhausted: retrying would only be refused again, or billed as overage.
          return {
            error: fail(
              'quota_exhausted',
              `SoundCharts quota exhausted for the current term: "${message}"; no call is made until SoundCharts reports quota again`,
              Math.ceil(this.#config.quotaRecheckMs / 1000),
            ),
            retryable: false,
          };
        }
        // The per-minute limit: wait until its window starts again, then retry.
        const waitMs = retryAfterMs ?? rateLimitResetMs;
        return {
          error: fail('rate_limited', `SoundCharts rate limit hit (${call.what}): "${message}"`, secondsOf(waitMs) ?? RATE_LIMIT_RETRY_AFTER_SECONDS),
          retryable: waitMs === undefined || waitMs <= this.#config.maxRetryAfterMs,
          waitMs,
        };
      }
      default:
        return {
          error: fail('upstream_failure', `SoundCharts failed with HTTP ${status} (${call.what}): "${message}"`, secondsOf(retryAfterMs)),
          retryable: status >= 500 && !waitTooLong,
          waitMs: retryAfterMs,
        };
    }
  }

  #parse<Schema extends z.ZodType>(text: string, schema: Schema, call: Call): { data: z.output<Schema>; json: unknown } {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw invalidResponse(call, 'the body is not JSON', cause);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw invalidResponse(call, describeIssues(parsed.error));
    return { data: parsed.data, json };
  }
}
