// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import os from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { z } from 'zod';
import { addDays } from '@/lib/dates';
import { seededRandom } from '@/lib/demo/seeded-random';
import type { Random } from '@/lib/demo/seeded-random';
import { ensureBuild } from '@/scripts/next-build';
import { launchNextServer, startServerProcess } from '@/scripts/server-process';
import type { RunningServer } from '@/scripts/server-process';
import { formatTable } from '@/scripts/text-table';
import { BENCH_END_DATE, benchCatalogue, benchServerUrl, prepareBenchDatabase } from './bench-database';
import type { BenchCatalogueName, BenchDatabase } from './bench-database';
import { benchChartStatements, explainStatements } from './chart-sql';
import { drive, median, quantile } from './load-test';

/**
 * The chart API and the list page on a label's catalogue (10,651 tracks × 8 platforms, about 100
 * million rows) against the standard one (1,001 tracks, about 9.4 million), in one run: the same
 * routes on the production Next.js server and on the bare server (bench/bare-server.ts), each
 * database behind servers of its own, rounds alternating which goes first. Both databases are
 * loaded once and reused (bench/bench-database.ts). How to run it and what it measured: README.md,
 * "Benchmarks".
 */

const POOL_MAX = 10;
const GOALS = { latencyRatio: 1.2, listMedianMs: 150 };

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
    'list-requests': { type: 'string', default: '30' },
    'dist-dir': { type: 'string', default: '.next-bench' },
  },
});
const options = z
  .object({
    rounds: z.coerce.number().int().min(1),
    duration: z.coerce.number().int().min(1),
    warmup: z.coerce.number().int().min(0),
    connections: z.coerce.number().int().min(1).max(1024),
    'list-requests': z.coerce.number().int().min(1).max(10_000),
    'dist-dir': z.string().regex(/^\.next[\w-]*$/, 'a folder named .next or .next-<something>'),
  })
  .parse(values);

const serverUrl = benchServerUrl();

const log = (line: string): void => console.log(line);
const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const yearStart = addDays(BENCH_END_DATE, -364);

type Route = { name: string; path: (uuid: string, random: Random) => string };
/**
 * What is measured is the database's share, so no reply may come from the app's reply cache, which
 * would favour the smaller catalogue (more repeats). A max_points above any series' length leaves
 * the reply exactly the full one (lib/chart/downsample.ts) but makes each request another cache key.
 */
const uncached = (random: Random): string => `max_points=${random.int(1_000, 10_000)}`;
const routes: Route[] = [
  {
    name: 'one platform, one year',
    path: (uuid, random) => `/soundcharts/audience/chart/${uuid}/spotify/?start_date=${yearStart}&end_date=${BENCH_END_DATE}&${uncached(random)}`,
  },
  { name: 'all platforms, limit=365', path: (uuid, random) => `/soundcharts/audience/chart/${uuid}/?limit=365&${uncached(random)}` },
];

/** The list page as analysts use it on a large catalogue: a search, the biggest tracks first, a page deep in. */
const listPaths = ['/?q=rain', '/?sort=latest&dir=desc', '/?sort=change28&dir=desc&platform=youtube', '/?page=200'];

type Catalogue = { name: BenchCatalogueName; database: BenchDatabase; uuids: string[] };
type Side = { catalogue: Catalogue; kind: 'next' | 'bare'; server: RunningServer };

/** Random tracks from a seed: every server of a round is asked for the same sequence of its catalogue's tracks. */
function pathSource(route: Route, uuids: readonly string[], seed: string): () => string {
  const random = seededRandom(`${route.name}:${seed}`);
  return () => route.path(random.pick(uuids), random);
}

async function describeDatabase(catalogue: Catalogue): Promise<void> {
  const sql = postgres(catalogue.database.url, { max: 1, onnotice: () => {} });
  try {
    const sizes = await sql<{ name: string; size: string }[]>`
      select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size
      from pg_class c
      where c.oid = 'track_audience_time_series'::regclass
         or c.oid in (select indexrelid from pg_index where indrelid = 'track_audience_time_series'::regclass)
      order by pg_relation_size(c.oid) desc`;
    const [total] = await sql<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('track_audience_time_series')) as size`;
    log(
      `${catalogue.name}: ${catalogue.database.rows.toLocaleString('en-US')} rows, ${catalogue.uuids.length.toLocaleString('en-US')} tracks; ` +
        `track_audience_time_series ${total?.size} in all: ${sizes.map((row) => `${row.name} ${row.size}`).join(', ')}.`,
    );
    const uuid = catalogue.uuids[Math.floor(catalogue.uuids.length / 2)] as string;
    await explainStatements(sql, benchChartStatements(uuid, yearStart, BENCH_END_DATE), (title) => `  EXPLAIN ANALYZE ${title} on ${catalogue.name}:`, log);
  } finally {
    await sql.end();
  }
}

/** One request at a time: what a reader waits for the list page, server side. */
async function listTimes(server: RunningServer, path: string): Promise<number[]> {
  const times: number[] = [];
  for (let request = 0; request < options['list-requests'] + 3; request += 1) {
    const started = performance.now();
    const response = await fetch(`${server.url}${path}`);
    await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    // The first three warm the route up.
    if (request >= 3) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

type Measurement = { side: Side; route: Route; round: number; p50Ms: number; p99Ms: number; requestsPerSecond: number };

function report(measurements: readonly Measurement[]): void {
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const route of routes) {
    for (const kind of ['next', 'bare'] as const) {
      const of = (name: BenchCatalogueName) => measurements.filter((m) => m.route === route && m.side.kind === kind && m.side.catalogue.name === name);
      const standard = of('standard');
      const large = of('large');
      // Ratios within a round, where both ran back to back, then the median over rounds.
      const paired = large.map((l) => ({ l, s: standard.find((s) => s.round === l.round) })).filter((pair) => pair.s);
      const p50Ratio = median(paired.map(({ l, s }) => l.p50Ms / (s?.p50Ms ?? 1)));
      const p99Ratio = median(paired.map(({ l, s }) => l.p99Ms / (s?.p99Ms ?? 1)));
      for (const [name, runs] of [['9.4M', standard], ['100M', large]] as const) {
        rows.push([
          route.name,
          kind,
          name,
          fixed(median(runs.map((m) => m.requestsPerSecond)), 0),
          fixed(median(runs.map((m) => m.p50Ms))),
          fixed(median(runs.map((m) => m.p99Ms))),
          name === '100M' ? fixed(p50Ratio, 2) : '',
          name === '100M' ? fixed(p99Ratio, 2) : '',
        ]);
      }
      const met = p50Ratio <= GOALS.latencyRatio && p99Ratio <= GOALS.latencyRatio;
      verdicts.push(
        `${route.name}, ${kind}: 100M/9.4M p50 ${fixed(p50Ratio, 2)}, p99 ${fixed(p99Ratio, 2)} (goal <= ${GOALS.latencyRatio}): ${met ? 'met' : 'NOT met'}`,
      );
    }
  }
  log(`\nMedians over ${options.rounds} round(s) of ${options.duration} s at ${options.connections} connections:\n`);
  log(formatTable(['route', 'server', 'rows', 'req/s', 'p50 ms', 'p99 ms', '100M/9.4M p50', '100M/9.4M p99'], rows));
  log('');
  for (const verdict of verdicts) log(verdict);
}

async function main(): Promise<void> {
  const catalogues: Catalogue[] = [];
  for (const name of ['standard', 'large'] as const) {
    const database = await prepareBenchDatabase(serverUrl, log, { catalogue: name });
    catalogues.push({ name, database, uuids: benchCatalogue(name).map((track) => track.uuid) });
  }
  for (const catalogue of catalogues) await describeDatabase(catalogue);

  const distDir = options['dist-dir'];
  ensureBuild(distDir);
  const sides: Side[] = [];
  const closeAll = () => Promise.all(sides.map(({ server }) => server.close()));
  process.once('SIGINT', () => void closeAll().finally(() => process.exit(130)));
  try {
    for (const catalogue of catalogues) {
      sides.push({ catalogue, kind: 'next', server: await launchNextServer(distDir, { DATABASE_URL: catalogue.database.url, LOG_LEVEL: 'warn' }) });
      sides.push({
        catalogue,
        kind: 'bare',
        server: await startServerProcess('bare server', () => ['--conditions=react-server', '--import', 'tsx', 'bench/bare-server.ts'], {
          DATABASE_URL: catalogue.database.url,
          NODE_ENV: 'production',
          POOL_MAX: String(POOL_MAX),
        }),
      });
    }
    log(
      `\nNode ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => fixed(load, 2)).join(' ')}; ` +
        `pool of ${POOL_MAX} connections in each server.`,
    );

    if (options.warmup > 0) {
      log(`Warming up (${options.warmup} s per server and route)...`);
      for (const route of routes) {
        for (const side of sides) {
          await drive({ url: side.server.url, connections: options.connections, durationSeconds: options.warmup, nextPath: pathSource(route, side.catalogue.uuids, 'warmup') });
        }
      }
    }

    const measurements: Measurement[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const route of routes) {
        // Alternating the order spreads any drift of the machine over both catalogues.
        const order = round % 2 === 1 ? sides : [...sides].reverse();
        for (const side of order) {
          const result = await drive({
            url: side.server.url,
            connections: options.connections,
            durationSeconds: options.duration,
            nextPath: pathSource(route, side.catalogue.uuids, String(round)),
          });
          if (result.failures > 0) throw new Error(`${side.kind} on ${side.catalogue.name} answered ${result.failures} requests with an error`);
          measurements.push({ side, route, round, ...result });
          log(
            `round ${round}  ${route.name.padEnd(25)} ${side.kind.padEnd(4)} ${side.catalogue.name.padEnd(8)} ` +
              `${fixed(result.requestsPerSecond, 0).padStart(5)} req/s  p50 ${fixed(result.p50Ms).padStart(6)} ms  p99 ${fixed(result.p99Ms).padStart(6)} ms`,
          );
        }
      }
    }
    report(measurements);

    const largeNext = sides.find((side) => side.kind === 'next' && side.catalogue.name === 'large');
    if (largeNext) {
      log(`\nThe list page on ${largeNext.catalogue.uuids.length.toLocaleString('en-US')} tracks, one request at a time (${options['list-requests']} each):\n`);
      const rows: string[][] = [];
      for (const path of listPaths) {
        const times = await listTimes(largeNext.server, path);
        const p50 = median(times);
        rows.push([path, fixed(p50), fixed(quantile(times, 0.9)), p50 < GOALS.listMedianMs ? 'met' : 'NOT met']);
      }
      log(formatTable(['page', 'median ms', 'p90 ms', `goal < ${GOALS.listMedianMs} ms`], rows));
    }
    log(`\nLoad average at the end: ${os.loadavg().map((load) => fixed(load, 2)).join(' ')}`);
  } finally {
    await closeAll();
  }
}

await main();
