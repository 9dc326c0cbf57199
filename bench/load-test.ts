import autocannon from 'autocannon';

export type LoadResult = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Replies of another status than expected, socket errors and timeouts: a run with any of them measured something else. */
  failures: number;
};

export type LoadOptions = {
  url: string;
  connections: number;
  durationSeconds: number;
  /** The path and query of each request, asked for anew before every request. */
  nextPath: () => string;
  /** Headers of a request for a path (If-None-Match with the ETag the path last answered). */
  headersFor?: (path: string) => Record<string, string>;
  /** The status every reply must have; any 2xx when not given. */
  expectStatus?: number;
};

/** The value at quantile q of ascending values, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Drives a server with autocannon for a while. Latencies are taken from every response, in
 * fractions of a millisecond, rather than from autocannon's whole-millisecond histogram.
 */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const expected = (status: number): boolean =>
    options.expectStatus === undefined ? status >= 200 && status < 300 : status === options.expectStatus;
  let unexpected = 0;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const path = options.nextPath();
          return { ...request, path, headers: { ...request.headers, ...options.headersFor?.(path) } };
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (expected(statusCode)) latencies.push(responseTimeMs);
    else unexpected += 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / result.duration,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    requests: latencies.length,
    failures: unexpected + result.errors + result.timeouts,
  };
}
