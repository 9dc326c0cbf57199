import type postgres from 'postgres';
import { quantile } from './load-test';

export type ChartRead = { text: string; values: unknown[] };
export type Reads = { latencies: number[]; stop: () => Promise<void> };

/**
 * `connections` loops sending the statement `next()` gives, prepared, until stopped: the chart
 * route's database work without the server around it. Each latency is one round trip, in ms.
 */
export function startReads(sql: postgres.Sql, next: () => ChartRead, connections: number): Reads {
  const latencies: number[] = [];
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      const { text, values } = next();
      const started = performance.now();
      await sql.unsafe(text, values as never[], { prepare: true }).values();
      latencies.push(performance.now() - started);
    }
  };
  const loops = Array.from({ length: connections }, loop);
  return {
    latencies,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Reads for `seconds`, then their latencies. */
export async function readFor(sql: postgres.Sql, next: () => ChartRead, connections: number, seconds: number): Promise<number[]> {
  const reads = startReads(sql, next, connections);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await reads.stop();
  return reads.latencies;
}

export function sorted(latencies: readonly number[]): number[] {
  return [...latencies].sort((a, b) => a - b);
}

export function readSummary(latencies: readonly number[]): string {
  const ordered = sorted(latencies);
  return `${ordered.length} reads, p50 ${quantile(ordered, 0.5).toFixed(1)} ms, p99 ${quantile(ordered, 0.99).toFixed(1)} ms`;
}
