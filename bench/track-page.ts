// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { addDays, daysBetween } from '@/lib/dates';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueOptions } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { ensureBuild } from '@/scripts/next-build';
import { formatTable } from '@/scripts/text-table';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { launchNextServer } from '@/scripts/server-process';
import type { RunningServer } from '@/scripts/server-process';
import { median, quantile } from './load-test';

/**
 * The track page of a track with 8 platforms × 10 years of daily data (--years), on the production
 * build: the median time the server takes to render it (one request at a time, after a warm-up)
 * and the HTML it sends, with the chart down-sampled as shipped (TRACK_CHART_POINTS) and, on the
 * same build and data, with every point sent (TRACK_CHART_POINTS at its maximum: the page before
 * down-sampling, but for the table's latest days); and the JavaScript it makes the browser load,
 * gzipped, against the app's own 404 page (the floor every page of this stack pays). On PGlite,
 * and on PostgreSQL too when DATABASE_URL is set.
 */

const GOALS = { medianRenderMs: 150, htmlKb: 150, extraScriptKb: 60 };
const START_DATE = '2023-01-01';
const catalogueOptions: CatalogueOptions = { trackCount: 6, platformsPerTrack: 8, seed: 'bench-track-page' };
const EVERY_POINT = '100000';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
    years: { type: 'string', default: '10' },
    'dist-dir': { type: 'string', default: '.next-bench' },
  },
});
const options = z
  .object({
    requests: z.coerce.number().int().min(1).max(10_000),
    warmup: z.coerce.number().int().min(0).max(1_000),
    years: z.coerce.number().int().min(1).max(20),
    'dist-dir': z.string().regex(/^\.next[\w-]*$/, 'a folder named .next or .next-<something>'),
  })
  .parse(values);
// The demo history starts on START_DATE (lib/demo/catalogue.ts) and runs to the seed's end date, here in the future.
const END_DATE = addDays(addDays(START_DATE, Math.round(options.years * 365.25)), -1);

// The demo history starts on START_DATE; a track released before it has the whole history on each platform.
const benchTrack = demoCatalogue(catalogueOptions).find((track) => track.platforms.length === 8 && track.releaseDate < START_DATE);
if (!benchTrack) throw new Error('the bench catalogue has no track released before the history starts');
const trackPath = `/tracks/${benchTrack.uuid}`;
const pointsPerPlatform = benchTrack.platforms.map((slug) => demoSeries(benchTrack, slug, END_DATE, catalogueOptions.seed).length);

/** `env` and `twin` open the same data: PGlite admits one process, so the second server gets a copy. */
type Backend = { name: string; env: Record<string, string>; twin: Record<string, string>; drop: () => Promise<void> };

async function seededPglite(): Promise<Backend> {
  const parent = mkdtempSync(path.join(tmpdir(), 'audience-bench-page-'));
  const dir = path.join(parent, 'pglite');
  const handle = await openDatabase({ kind: 'pglite', dir });
  await seedDemoCatalogue(handle.db, { ...catalogueOptions, endDate: END_DATE });
  await handle.close();
  const copy = path.join(parent, 'pglite-twin');
  cpSync(dir, copy, { recursive: true });
  return {
    name: 'PGlite',
    env: { DATABASE_URL: '', PGLITE_DIR: dir },
    twin: { DATABASE_URL: '', PGLITE_DIR: copy },
    drop: async () => rmSync(parent, { recursive: true, force: true }),
  };
}

async function seededPostgres(serverUrl: string): Promise<Backend> {
  const fresh = await createFreshPostgres(serverUrl);
  const handle = await openDatabase({ kind: 'postgres', url: fresh.url });
  await seedDemoCatalogue(handle.db, { ...catalogueOptions, endDate: END_DATE });
  await handle.close();
  return { name: 'PostgreSQL', env: { DATABASE_URL: fresh.url }, twin: { DATABASE_URL: fresh.url }, drop: fresh.drop };
}

async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

type RenderTimes = { medianMs: number; p90Ms: number; bytes: number };

/** The same page on two servers, one request at a time, alternating which goes first so that both see the same noise. */
async function renderTimes(urls: readonly [string, string]): Promise<[RenderTimes, RenderTimes]> {
  for (let index = 0; index < options.warmup; index += 1) for (const url of urls) await timedGet(url);
  const times: [number[], number[]] = [[], []];
  const bytes = [0, 0];
  for (let index = 0; index < options.requests; index += 1) {
    for (const side of index % 2 === 0 ? [0, 1] : [1, 0]) {
      const url = urls[side] as string;
      const { ms, status, body } = await timedGet(url);
      if (status !== 200) throw new Error(`${url} answered ${status}`);
      times[side]?.push(ms);
      bytes[side] = Buffer.byteLength(body);
    }
  }
  const figures = (side: 0 | 1): RenderTimes => {
    const sorted = [...times[side]].sort((a, b) => a - b);
    return { medianMs: median(sorted), p90Ms: quantile(sorted, 0.9), bytes: bytes[side] ?? 0 };
  };
  return [figures(0), figures(1)];
}

/**
 * Every script chunk a page makes the browser load: those in script tags and those the React
 * Server Components payload inlined in the HTML names for its client components.
 */
function scriptChunks(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/(?:\/_next\/)?static\/chunks\/[\w\-.~/]+?\.js/g)) {
    found.add(match[0].startsWith('/_next/') ? match[0] : `/_next/${match[0]}`);
  }
  return [...found].sort();
}

type Scripts = { chunks: string[]; gzippedBytes: number };

async function pageScripts(server: RunningServer, pagePath: string): Promise<Scripts> {
  const { body } = await timedGet(`${server.url}${pagePath}`);
  const chunks = scriptChunks(body);
  let gzippedBytes = 0;
  for (const chunk of chunks) {
    const response = await fetch(`${server.url}${chunk}`);
    if (!response.ok) throw new Error(`${chunk} answered ${response.status}`);
    gzippedBytes += gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length;
  }
  return { chunks, gzippedBytes };
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
const ms = (value: number): string => value.toFixed(1);

const views = [
  ['default view (1 year, 8 platforms)', ''],
  [`all ${options.years} years, 8 platforms`, '?range=all'],
  [`all ${options.years} years, 7-day average, indexed`, '?range=all&mode=average7&scale=indexed'],
] as const;

type Renders = [string, RenderTimes, RenderTimes][];

/** Every view on the app as shipped and on the same build drawing every point, side by side. */
async function measure(backend: Backend): Promise<{ renders: Renders; page: Scripts; notFound: Scripts }> {
  const shipped = await launchNextServer(options['dist-dir'], { ...backend.env, LOG_LEVEL: 'warn' });
  try {
    const everyPoint = await launchNextServer(options['dist-dir'], { ...backend.twin, LOG_LEVEL: 'warn', TRACK_CHART_POINTS: EVERY_POINT });
    try {
      const renders: Renders = [];
      for (const [name, query] of views) {
        const [after, before] = await renderTimes([`${shipped.url}${trackPath}${query}`, `${everyPoint.url}${trackPath}${query}`]);
        renders.push([name, after, before]);
      }
      const page = await pageScripts(shipped, `${trackPath}?range=all`);
      const notFound = await pageScripts(shipped, '/no-such-page');
      return { renders, page, notFound };
    } finally {
      await everyPoint.close();
    }
  } finally {
    await shipped.close();
  }
}

ensureBuild(options['dist-dir']);
console.log(
  `Track "${benchTrack.name}": ${benchTrack.platforms.length} platforms, ${pointsPerPlatform.join('/')} daily points ` +
    `(${START_DATE} to ${END_DATE}, ${daysBetween(START_DATE, END_DATE) + 1} days); ${options.requests} requests after ${options.warmup} to warm up.\n`,
);

const serverUrl = process.env.DATABASE_URL;
const backends = [seededPglite, ...(serverUrl ? [() => seededPostgres(serverUrl)] : [])];
let failed = false;
for (const seed of backends) {
  const backend = await seed();
  try {
    const { renders, page, notFound } = await measure(backend);
    console.log(`${backend.name}: server render time and HTML of /tracks/{uuid}, chart down-sampled (as shipped) and with every point`);
    console.log(
      formatTable(
        ['view', 'median ms', 'p90 ms', 'HTML KB', 'every point: median ms', 'p90 ms', 'HTML KB', 'ratio: median', 'HTML'],
        renders.map(([name, after, before]) => [
          name,
          ms(after.medianMs),
          ms(after.p90Ms),
          kb(after.bytes),
          ms(before.medianMs),
          ms(before.p90Ms),
          kb(before.bytes),
          (after.medianMs / before.medianMs).toFixed(2),
          (after.bytes / before.bytes).toFixed(2),
        ]),
      ),
    );
    const extra = page.gzippedBytes - notFound.gzippedBytes;
    console.log(`\nJavaScript sent, gzipped: track page ${kb(page.gzippedBytes)} KB in ${page.chunks.length} chunks; ` +
      `404 page ${kb(notFound.gzippedBytes)} KB in ${notFound.chunks.length} chunks; difference ${kb(extra)} KB.`);
    const worst = Math.max(...renders.map(([, after]) => after.medianMs));
    const largest = Math.max(...renders.map(([, after]) => after.bytes));
    const renderOk = worst < GOALS.medianRenderMs;
    const htmlOk = largest < GOALS.htmlKb * 1024;
    const scriptOk = extra <= GOALS.extraScriptKb * 1024;
    console.log(`Goals: median render < ${GOALS.medianRenderMs} ms: ${renderOk ? 'met' : 'MISSED'} (worst view ${ms(worst)} ms); ` +
      `HTML < ${GOALS.htmlKb} KB: ${htmlOk ? 'met' : 'MISSED'} (largest ${kb(largest)} KB); ` +
      `at most ${GOALS.extraScriptKb} KB more script than the 404 page: ${scriptOk ? 'met' : 'MISSED'}.\n`);
    failed ||= !renderOk || !htmlOk || !scriptOk;
  } finally {
    await backend.drop();
  }
}
process.exitCode = failed ? 1 : 0;
