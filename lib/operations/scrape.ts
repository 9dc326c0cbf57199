import { Gauge } from 'prom-client';
import { metrics } from './metrics';
import type { StoredFigures } from './stored-figures';

type StoredGauges = {
  ingestRuns: Gauge<'trigger' | 'status'>;
  quotaRemaining: Gauge<'reading'>;
  quotaObservedAt: Gauge<'reading'>;
  connections: Gauge<'state'>;
  databaseUp: Gauge;
};

const holder = globalThis as typeof globalThis & { __audienceStoredGauges?: StoredGauges };

function storedGauges(): StoredGauges {
  const registers = [metrics().registry];
  holder.__audienceStoredGauges ??= {
    ingestRuns: new Gauge({
      name: 'audience_ingest_runs',
      help: 'Ingest runs stored in the database (every instance), by trigger and status; read at scrape time',
      labelNames: ['trigger', 'status'],
      registers,
    }),
    // Labelled so that, with no reading stored, the series is absent rather than a misleading 0.
    quotaRemaining: new Gauge({
      name: 'audience_soundcharts_quota_remaining',
      help: 'The last SoundCharts quota reading stored (reading="last")',
      labelNames: ['reading'],
      registers,
    }),
    quotaObservedAt: new Gauge({
      name: 'audience_soundcharts_quota_observed_timestamp_seconds',
      help: 'When the last quota reading was taken',
      labelNames: ['reading'],
      registers,
    }),
    connections: new Gauge({
      name: 'audience_database_connections',
      help: 'Connections of every app instance to PostgreSQL, by state (pg_stat_activity); absent on the embedded database',
      labelNames: ['state'],
      registers,
    }),
    databaseUp: new Gauge({ name: 'audience_database_up', help: '1 when the figures above could be read from the database', registers }),
  };
  return holder.__audienceStoredGauges;
}

/** The registry in Prometheus' text format, with the stored figures as read now (undefined: the database did not answer). */
export async function metricsText(figures: StoredFigures | undefined): Promise<{ contentType: string; body: string }> {
  const gauges = storedGauges();
  for (const gauge of [gauges.ingestRuns, gauges.quotaRemaining, gauges.quotaObservedAt, gauges.connections]) gauge.reset();
  gauges.databaseUp.set(figures === undefined ? 0 : 1);
  if (figures !== undefined) {
    for (const run of figures.ingestRuns) gauges.ingestRuns.set({ trigger: run.trigger, status: run.status }, run.count);
    if (figures.quota !== undefined) {
      gauges.quotaRemaining.set({ reading: 'last' }, figures.quota.remaining);
      gauges.quotaObservedAt.set({ reading: 'last' }, figures.quota.observedAt.getTime() / 1000);
    }
    for (const connection of figures.connections ?? []) gauges.connections.set({ state: connection.state }, connection.count);
  }
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
