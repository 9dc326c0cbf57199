// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { z } from 'zod';
import { addDays } from '@/lib/dates';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { seededRandom } from '@/lib/demo/seeded-random';
import type { Random } from '@/lib/demo/seeded-random';
import { ensureBuild } from '@/scripts/next-build';
import { launchNextServer, startServerProcess } from '@/scripts/server-process';
import type { RunningServer } from '@/scripts/server-process';
import { BENCH_END_DATE, benchCatalogue, benchServerUrl, prepareBenchDatabase } from './bench-database';
import { benchChartStatements, explainStatements } from './chart-sql';
import { drive, median } from './load-test';
import type { LoadResult } from './load-test';
import { formatTable } from '@/scripts/text-table';

/**
 * The chart API under load: the production Next.js server against a bare node:http server that
 * runs the same SQL and sends the same bytes (bench/bare-server.ts), on a 9.4-million-row catalogue
 * in a real PostgreSQL. How to run it and what it measured: README.md, "Benchmarks".
 */

const POOL_MAX = 10;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8,32' },
    explain: { type: 'boolean', default: false },
    'dist-dir': { type: 'string', default: '.next-bench' },
    database: { type: 'string', default: 'bench_chart' },
  },
});
const options = z
  .object({
    rounds: z.coerce.number().int().min(1),
    duration: z.coerce.number().int().min(1),
    warmup: z.coerce.number().int().min(0),
    connections: z
      .string()
      .transform((list) => list.split(',').map(Number))
      .pipe(z.array(z.number().int().min(1).max(1024)).min(1)),
    explain: z.boolean(),
    'dist-dir': z.string().regex(/^\.next[\w-]*$/, 'a folder named .next or .next-<something>'),
    database: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case database name'),
  })
  .parse(values);

const serverUrl = benchServerUrl();

/**
 * expectStatus: the status every reply must have (any 2xx when not given). tracks: the tracks asked
 * for (all by default). conditional: each request carries the ETag its path answered before, so the
 * reply is a 304; the bare server has no ETags, so such a route runs on the Next.js server only.
 */
type Route = {
  name: string;
  path: (uuid: string, random: Random) => string;
  expectStatus?: number;
  tracks?: readonly string[];
  conditional?: boolean;
};
const yearStart = addDays(BENCH_END_DATE, -364);
const catalogue = benchCatalogue();
const uuids = catalogue.map((track) => track.uuid);
// Few enough that every reply is in the reply cache after the warm-up, as for the charts people open.
const HOT_TRACKS = uuids.slice(0, 50);
const oneYear = (uuid: string): string => `/soundcharts/audience/chart/${uuid}/spotify/?start_date=${yearStart}&end_date=${BENCH_END_DATE}`;
const routes: Route[] = [
  {
    // A year ending on one of the last 61 days, of any of the 1,001 tracks: 61,061 distinct requests,
    // so nearly every one misses the reply cache and runs the query, as every request did before it.
    name: 'uncached: one platform, one year',
    path: (uuid, random) => {
      const end = addDays(BENCH_END_DATE, -random.int(0, 60));
      return `/soundcharts/audience/chart/${uuid}/spotify/?start_date=${addDays(end, -364)}&end_date=${end}`;
    },
  },
  { name: 'cache hit: one platform, one year', path: oneYear, tracks: HOT_TRACKS },
  { name: '304: one platform, one year', path: oneYear, tracks: HOT_TRACKS, conditional: true, expectStatus: 304 },
  // Each server's floor: a fixed JSON 404 for a path that is no route, without the database. What
  // the Next.js server costs here, before any of the app's own work, bounds the ratios above.
  { name: 'floor: JSON 404, no database', path: (uuid) => `/soundcharts/no-such-route/${uuid}`, expectStatus: 404 },
];
const GOAL_ROUTE = routes[0] as Route;
const FLOOR_ROUTE = routes[3] as Route;
const GOALS = { requestsRatio: 0.7, p99Ratio: 1.5, cachedToFloor: 0.9 };
const FLOOR_GOAL_ROUTES = [routes[1], routes[2]] as Route[];

/** Random tracks from a seed: both servers of a round are asked for the same tracks in the same order. */
function pathSource(route: Route, seed: string): () => string {
  const random = seededRandom(`${route.name}:${seed}`);
  return () => route.path(random.pick(route.tracks ?? uuids), random);
}

/** The ETag each path of a conditional route answers now, for its If-None-Match. */
async function currentEtags(server: RunningServer, route: Route): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  for (const uuid of route.tracks ?? uuids) {
    const path = route.path(uuid, seededRandom('etag'));
    const response = await fetch(`${server.url}${path}`);
    await response.arrayBuffer();
    const etag = response.headers.get('etag');
    if (!etag) throw new Error(`${path} answered without an ETag`);
    etags.set(path, etag);
  }
  return etags;
}

const log = (line: string): void => console.log(line);
const fixed = (value: number, digits = 1): string => value.toFixed(digits);

async function verifySameBodies(servers: readonly NamedServer[]): Promise<void> {
  const paths = routes.filter((route) => route.expectStatus === undefined).flatMap((route) => {
    const next = pathSource(route, 'verify');
    return [route.path(BAD_GUY_UUID, seededRandom('verify')), ...Array.from({ length: 20 }, next)];
  });
  paths.push(
    oneYear('00000000-0000-1000-8000-000000000000'),
    `/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?start_date=2025-02-30`,
    `/soundcharts/audience/chart/${BAD_GUY_UUID}/?platforms=spotify,deezer&limit=30`,
    `/soundcharts/audience/chart/${BAD_GUY_UUID}/apple_music?limit=7`,
  );
  let bytes = 0;
  for (const path of paths) {
    const replies = await Promise.all(
      servers.map(async ({ server }) => {
        const response = await fetch(`${server.url}${path}`);
        return `${response.status} ${response.headers.get('content-type')} ${await response.text()}`;
      }),
    );
    const [first = '', ...others] = replies;
    const different = others.findIndex((reply) => reply !== first);
    if (different >= 0) {
      const other = others[different] ?? '';
      let at = 0;
      while (at < first.length && first[at] === other[at]) at += 1;
      throw new Error(
        `${servers[0]?.name} and ${servers[different + 1]?.name} differ on ${path} at byte ${at}:\n` +
          `  ${first.slice(Math.max(0, at - 60), at + 60)}\n  ${other.slice(Math.max(0, at - 60), at + 60)}`,
      );
    }
    bytes += first.length;
  }
  log(`Verified ${paths.length} URLs: identical status, content type and body on both servers (${Math.round(bytes / paths.length / 1024)} KB a reply on average).`);
}

async function explainChartQueries(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const uuid = pathSource(GOAL_ROUTE, 'explain')().split('/')[4] ?? BAD_GUY_UUID;
    await explainStatements(sql, benchChartStatements(uuid, yearStart, BENCH_END_DATE), (title) => `\nEXPLAIN ANALYZE, ${title} (track ${uuid}):`, log);
  } finally {
    await sql.end();
  }
}

type NamedServer = { name: 'next' | 'bare'; server: RunningServer };
type Measurement = { route: Route; connections: number; server: NamedServer['name']; round: number; result: LoadResult };

function report(measurements: readonly Measurement[]): void {
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const route of routes) {
    for (const connections of options.connections) {
      const of = (server: NamedServer['name'], ofRoute: Route = route) =>
        measurements.filter((m) => m.route === ofRoute && m.connections === connections && m.server === server);
      const next = of('next');
      const bare = of('bare');
      const floor = of('next', FLOOR_ROUTE);
      // Ratios are taken within a round, where the runs came back to back, then the median.
      const ratio = (runs: readonly Measurement[], against: readonly Measurement[], value: (m: Measurement) => number): number =>
        median(runs.flatMap((n) => {
          const other = against.find((m) => m.round === n.round);
          return other ? [value(n) / value(other)] : [];
        }));
      const requestsRatio = ratio(next, bare, (m) => m.result.requestsPerSecond);
      const p99Ratio = ratio(next, bare, (m) => m.result.p99Ms);
      const floorRatio = ratio(next, floor, (m) => m.result.requestsPerSecond);
      for (const [name, runs] of [['next', next], ['bare', bare]] as const) {
        if (runs.length === 0) continue;
        rows.push([
          route.name,
          String(connections),
          name,
          fixed(median(runs.map((m) => m.result.requestsPerSecond)), 0),
          fixed(median(runs.map((m) => m.result.p50Ms))),
          fixed(median(runs.map((m) => m.result.p99Ms))),
          name === 'next' && bare.length > 0 ? fixed(requestsRatio, 2) : '',
          name === 'next' && bare.length > 0 ? fixed(p99Ratio, 2) : '',
          name === 'next' ? fixed(floorRatio, 2) : '',
        ]);
      }
      if (route === GOAL_ROUTE) {
        const met = requestsRatio >= GOALS.requestsRatio && p99Ratio <= GOALS.p99Ratio;
        verdicts.push(
          `${route.name}, ${connections} connections: next/bare req/s ${fixed(requestsRatio, 2)} (goal >= ${GOALS.requestsRatio}), ` +
            `p99 ${fixed(p99Ratio, 2)} (goal <= ${GOALS.p99Ratio}): ${met ? 'met' : 'NOT met'}`,
        );
      }
      if (FLOOR_GOAL_ROUTES.includes(route)) {
        verdicts.push(
          `${route.name}, ${connections} connections: next/floor req/s ${fixed(floorRatio, 2)} (goal >= ${GOALS.cachedToFloor}): ` +
            `${floorRatio >= GOALS.cachedToFloor ? 'met' : 'NOT met'}`,
        );
      }
    }
  }
  log(`\nMedians over ${options.rounds} round(s) of ${options.duration} s each:\n`);
  log(formatTable(['route', 'conns', 'server', 'req/s', 'p50 ms', 'p99 ms', 'next/bare req/s', 'next/bare p99', 'next/floor req/s'], rows));
  log('');
  for (const verdict of verdicts) log(verdict);
  for (const connections of options.connections) {
    const of = (route: Route, server: NamedServer['name']) =>
      measurements.filter((m) => m.route === route && m.connections === connections && m.server === server);
    const ceiling = median(
      of(FLOOR_ROUTE, 'next').flatMap((floor) => {
        const bare = of(GOAL_ROUTE, 'bare').find((m) => m.round === floor.round);
        return bare ? [floor.result.requestsPerSecond / bare.result.requestsPerSecond] : [];
      }),
    );
    log(
      `${connections} connections: the Next.js server's floor (a JSON 404, no database) answers ${fixed(ceiling, 2)} of the bare ` +
        `server's req/s on ${GOAL_ROUTE.name}, the most an uncached Next.js route could reach here.`,
    );
  }
}

async function main(): Promise<void> {
  const database = await prepareBenchDatabase(serverUrl, log, { database: options.database });
  const distDir = options['dist-dir'];
  ensureBuild(distDir);
  // The app logs a line per request, as in production: that cost is part of what is measured.
  const requestLog = path.join(os.tmpdir(), `audience-bench-next-${process.pid}.log`);
  const servers: NamedServer[] = [];
  const closeAll = () => Promise.all(servers.map(({ server }) => server.close()));
  process.once('SIGINT', () => void closeAll().finally(() => process.exit(130)));
  try {
    servers.push({
      name: 'next',
      server: await launchNextServer(distDir, { DATABASE_URL: database.url, LOG_LEVEL: 'info' }, { stdoutFile: requestLog }),
    });
    servers.push({
      name: 'bare',
      server: await startServerProcess('bare server', () => ['--conditions=react-server', '--import', 'tsx', 'bench/bare-server.ts'], {
        DATABASE_URL: database.url,
        NODE_ENV: 'production',
        POOL_MAX: String(POOL_MAX),
      }),
    });
    await verifySameBodies(servers);

    const [pgVersion] = await (async () => {
      const sql = postgres(database.url, { max: 1 });
      try {
        return (await sql<{ version: string }[]>`select current_setting('server_version') as version`).map((row) => row.version);
      } finally {
        await sql.end();
      }
    })();
    log(
      `Node ${process.version}, PostgreSQL ${pgVersion}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => fixed(load, 2)).join(' ')}; ` +
        `${database.rows.toLocaleString('en-US')} rows, ${uuids.length} tracks; pool of ${POOL_MAX} connections in each server.`,
    );

    if (options.warmup > 0) {
      log(`Warming up (${options.warmup} s per server and route)...`);
      for (const route of routes) {
        for (const { server } of servers.filter(({ name }) => name === 'next' || !route.conditional)) {
          await drive({
            url: server.url,
            connections: 8,
            durationSeconds: options.warmup,
            nextPath: pathSource(route, 'warmup'),
            expectStatus: route.conditional ? 200 : route.expectStatus,
          });
        }
      }
    }
    if (options.explain) await explainChartQueries(database.url);

    const nextServer = servers.find(({ name }) => name === 'next')?.server as RunningServer;
    const etags = new Map<Route, Map<string, string>>();
    for (const route of routes.filter((candidate) => candidate.conditional)) etags.set(route, await currentEtags(nextServer, route));
    const measurements: Measurement[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const route of routes) {
        for (const connections of options.connections) {
          // Alternating which server goes first spreads any drift of the machine over both.
          const order = (round % 2 === 1 ? servers : [...servers].reverse()).filter(({ name }) => name === 'next' || !route.conditional);
          const routeEtags = etags.get(route);
          for (const { name, server } of order) {
            const result = await drive({
              url: server.url,
              connections,
              durationSeconds: options.duration,
              nextPath: pathSource(route, `${connections}:${round}`),
              headersFor: routeEtags ? (path) => ({ 'if-none-match': routeEtags.get(path) ?? '' }) : undefined,
              expectStatus: route.expectStatus,
            });
            if (result.failures > 0) throw new Error(`${name} answered ${result.failures} requests with an error on ${route.name}`);
            measurements.push({ route, connections, server: name, round, result });
            log(
              `round ${round}  ${route.name.padEnd(29)} ${String(connections).padStart(3)} conns  ${name.padEnd(4)} ` +
                `${fixed(result.requestsPerSecond, 0).padStart(5)} req/s  p50 ${fixed(result.p50Ms).padStart(6)} ms  p99 ${fixed(result.p99Ms).padStart(6)} ms`,
            );
          }
        }
      }
    }
    report(measurements);
    const nextRequests = measurements.filter((m) => m.server === 'next').reduce((sum, m) => sum + m.result.requests, 0);
    await servers[0]?.server.close();
    const logLines = readFileSync(requestLog, 'utf8').split('\n').filter((line) => line.includes('"msg":"request"')).length;
    log(
      `\nThe Next.js server wrote ${logLines.toLocaleString('en-US')} request log lines ` +
        `(${nextRequests.toLocaleString('en-US')} measured requests, plus the warm-up and the checks).`,
    );
    if (logLines < nextRequests) throw new Error('The Next.js server logged fewer requests than it answered.');
    log(`Load average at the end: ${os.loadavg().map((load) => fixed(load, 2)).join(' ')}`);
  } finally {
    await closeAll();
    rmSync(requestLog, { force: true });
  }
}

await main();
