// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { tracks } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { demoCatalogue } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { seededRandom } from '@/lib/demo/seeded-random';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { ensureBuild } from '@/scripts/next-build';
import { launchNextServer } from '@/scripts/server-process';
import type { RunningServer } from '@/scripts/server-process';
import { formatTable } from '@/scripts/text-table';
import { drive, median, quantile } from './load-test';
import type { LoadResult } from './load-test';

/**
 * A production server holding many open event streams (the track pages people keep open): its
 * memory and chart throughput without and with them, and how long a change takes to reach every
 * stream when another process writes it. On PostgreSQL, where several processes share the data.
 */

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '500' },
    duration: { type: 'string', default: '10' },
    'dist-dir': { type: 'string', default: '.next-bench' },
  },
});
const options = z
  .object({
    streams: z.coerce.number().int().min(1).max(5_000),
    duration: z.coerce.number().int().min(1),
    'dist-dir': z.string().regex(/^\.next[\w-]*$/, 'a folder named .next or .next-<something>'),
  })
  .parse(values);

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server; the benchmark creates its own database there.');
  process.exit(1);
}

const END_DATE = '2026-10-31';
const catalogue = demoCatalogue({ trackCount: 20, platformsPerTrack: 4, seed: 'bench-streams' });
const uuids = catalogue.map((track) => track.uuid);
// The streams are spread over these tracks; a change of all of them reaches every stream.
const WATCHED = uuids.slice(0, 10);

/** Resident memory of a process, from /proc (Linux). */
function residentMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024;
}

type OpenStream = { close: () => void; nextChange: () => Promise<number> };

/** One event stream, resolved once the server's greeting arrived; nextChange resolves at its next change event. */
function openStream(agent: http.Agent, url: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    let waiting: ((at: number) => void) | undefined;
    const request = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`${url} answered ${response.statusCode}`));
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.includes(': connected')) {
          buffer = buffer.slice(buffer.indexOf(': connected') + 11);
          resolve({
            close: () => request.destroy(),
            nextChange: () => new Promise((done) => (waiting = done)),
          });
        }
        if (buffer.includes('event: change')) {
          buffer = '';
          waiting?.(performance.now());
        }
      });
    });
    request.on('error', reject);
  });
}

function chartLoad(server: RunningServer, seed: string): Promise<LoadResult> {
  const random = seededRandom(seed);
  return drive({
    url: server.url,
    connections: 8,
    durationSeconds: options.duration,
    nextPath: () => {
      const end = addDays(END_DATE, -random.int(0, 60));
      return `/soundcharts/audience/chart/${random.pick(uuids)}/spotify/?start_date=${addDays(end, -364)}&end_date=${end}`;
    },
  });
}

async function main(): Promise<void> {
  ensureBuild(options['dist-dir']);
  const fresh = await createFreshPostgres(serverUrl as string);
  const writer = await openDatabase({ kind: 'postgres', url: fresh.url, max: 2 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  let server: RunningServer | undefined;
  const streams: OpenStream[] = [];
  try {
    await seedDemoCatalogue(writer.db, { trackCount: 20, platformsPerTrack: 4, seed: 'bench-streams', endDate: END_DATE });
    server = await launchNextServer(options['dist-dir'], { DATABASE_URL: fresh.url, LOG_LEVEL: 'warn' });
    const pid = server.process.pid as number;
    await chartLoad(server, 'warm-up');
    const without = await chartLoad(server, 'without');
    const memoryWithout = residentMb(pid);

    const opening = performance.now();
    for (let index = 0; index < options.streams; index += 1) {
      streams.push(await openStream(agent, `${server.url}/soundcharts/audience/events/${WATCHED[index % WATCHED.length]}/`));
    }
    const openedInMs = performance.now() - opening;
    const memoryWith = residentMb(pid);
    const withStreams = await chartLoad(server, 'with');

    // A write by this process, another than the server: the server hears it by NOTIFY and fans it out.
    const arrivals = streams.map((stream) => stream.nextChange());
    const ids = (await writer.db.select({ id: tracks.id }).from(tracks).where(inArray(tracks.uuid, WATCHED))).map((row) => ({ trackId: row.id }));
    const writing = performance.now();
    await writer.db.transaction((tx) => recordAudienceChanges(tx, ids));
    // A stream may hear of the commit before its acknowledgement reaches the writer: counted from the start of the write.
    const committedAt = writing;
    const delays = (await Promise.all(arrivals)).map((at) => Math.max(0, at - committedAt)).sort((a, b) => a - b);

    console.log(`${options.streams} event streams on ${WATCHED.length} tracks, opened in ${(openedInMs / 1000).toFixed(1)} s; chart load: 8 connections for ${options.duration} s.\n`);
    console.log(
      formatTable(
        ['', 'server RSS MB', 'chart req/s', 'chart p50 ms', 'chart p99 ms'],
        [
          ['no streams', memoryWithout.toFixed(0), without.requestsPerSecond.toFixed(0), without.p50Ms.toFixed(1), without.p99Ms.toFixed(1)],
          [`${options.streams} streams`, memoryWith.toFixed(0), withStreams.requestsPerSecond.toFixed(0), withStreams.p50Ms.toFixed(1), withStreams.p99Ms.toFixed(1)],
        ],
      ),
    );
    console.log(
      `\nMemory per open stream: ${(((memoryWith - memoryWithout) * 1024) / options.streams).toFixed(1)} KB; ` +
        `chart req/s with the streams open: ${(withStreams.requestsPerSecond / without.requestsPerSecond).toFixed(2)} of without.`,
    );
    console.log(
      `A change written by another process reached all ${delays.length} streams: median ${median(delays).toFixed(0)} ms, ` +
        `p99 ${quantile(delays, 0.99).toFixed(0)} ms, last ${(delays.at(-1) ?? Number.NaN).toFixed(0)} ms after the write began.`,
    );
  } finally {
    for (const stream of streams) stream.close();
    agent.destroy();
    await server?.close();
    await writer.close();
    await fresh.drop();
  }
}

await main();
