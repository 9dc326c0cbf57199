import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Next.js may load a module once per route bundle: the metrics live on globalThis so that every
// route of the process counts into the same registry.
type Metrics = {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  soundchartsCalls: Counter<'outcome'>;
  liveStreams: Gauge;
};

const holder = globalThis as typeof globalThis & { __audienceMetrics?: Metrics };

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'audience_process_' });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'audience_http_request_duration_seconds',
      help: 'API requests by method, route pattern and status, with their latency (the _count is the request count)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    soundchartsCalls: new Counter({
      name: 'audience_soundcharts_calls_total',
      help: 'HTTP calls this process made to SoundCharts, retries included, by outcome (ok or the error kind)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    liveStreams: new Gauge({
      name: 'audience_live_streams_open',
      help: 'Live-update streams this process holds open',
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  holder.__audienceMetrics ??= createMetrics();
  return holder.__audienceMetrics;
}

export function recordRequest(labels: { method: string; route: string; status: number }, seconds: number): void {
  metrics().requestDuration.observe({ method: labels.method, route: labels.route, status: String(labels.status) }, seconds);
}

export function recordSoundchartsCall(outcome: string): void {
  metrics().soundchartsCalls.inc({ outcome });
}

/**
 * For a live-update stream: call when it opens, and call what it returns when it closes (more than
 * once is harmless), so the gauge counts the streams open now.
 */
export function liveStreamOpened(): () => void {
  metrics().liveStreams.inc();
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    metrics().liveStreams.dec();
  };
}
