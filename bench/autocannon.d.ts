// The part of autocannon's API the benchmarks use; the package ships no types of its own.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Called before every request; may change the request (its path, say) and returns it. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  };

  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    requests?: Request[];
    headers?: Record<string, string>;
  };

  export type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; total?: number } & Record<
    `p${string}`,
    number
  >;

  export type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    latency: Histogram;
    requests: Histogram & { sent: number };
    throughput: Histogram;
  };

  export type Instance = EventEmitter &
    PromiseLike<Result> & {
      stop: () => void;
      on(
        event: 'response',
        listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
      ): Instance;
    };

  export default function autocannon(options: Options): Instance;
}
