// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { daysBetween } from '@/lib/dates';
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
 * The track page of a track with 8 platforms × 3 years of daily data, on the production build:
 * the median time the server takes to render it (one request at a time, after a warm-up), and the
 * JavaScript it makes the browser load, gzipped, against the app's own 404 page (the floor every
 * page of this stack pays). On PGlite, and on PostgreSQL too when DATABASE_URL is set.
 */

const GOALS = { medianRenderMs: 150, extraScriptKb: 60 };
const END_DATE = '2025-12-31';
const START_DATE = '2023-01-01';
const catalogueOptions: CatalogueOptions = { trackCount: 6, platformsPerTrack: 8, seed: 'bench-track-page' };

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
    'dist-dir': { type: 'string', default: '.next-bench' },
  },
});
const options = z
  .object({
    requests: z.coerce.number().int().min(1).max(10_000),
    warmup: z.coerce.number().int().min(0).max(1_000),
    'dist-dir': z.string().regex(/^\.next[\w-]*$/, 'a folder named .next or .next-<something>'),
  })
  .parse(values);

// The demo history starts on START_DATE; a track released before it has a full three years on each platform.
const benchTrack = demoCatalogue(catalogueOptions).find((track) => track.platforms.length === 8 && track.releaseDate < START_DATE);
if (!benchTrack) throw new Error('the bench catalogue has no track released before the history starts');
const trackPath = `/tracks/${benchTrack.uuid}`;
const pointsPerPlatform = benchTrack.platforms.map((slug) => demoSeries(benchTrack, slug, END_DATE, catalogueOptions.seed).length);

type Backend = { name: string; env: Record<string, string>; drop: () => Promise<void> };

async function seededPglite(): Promise<Backend> {
  const parent = mkdtempSync(path.join(tmpdir(), 'audience-bench-page-'));
  const dir = path.join(parent, 'pglite');
  const handle = await openDatabase({ kind: 'pglite', dir });
  await seedDemoCatalogue(handle.db, { ...catalogueOptions, endDate: END_DATE });
  await handle.close();
  return { name: 'PGlite', env: { DATABASE_URL: '', PGLITE_DIR: dir }, drop: async () => rmSync(parent, { recursive: true, force: true }) };
}

async function seededPostgres(serverUrl: string): Promise<Backend> {
  const fresh = await createFreshPostgres(serverUrl);
  const handle = await openDatabase({ kind: 'postgres', url: fresh.url });
  await seedDemoCatalogue(handle.db, { ...catalogueOptions, endDate: END_DATE });
  await handle.close();
  return { name: 'PostgreSQL', env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
}

async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

type RenderTimes = { medianMs: number; p90Ms: number; bytes: number };

async function renderTimes(url: string): Promise<RenderTimes> {
  for (let index = 0; index < options.warmup; index += 1) await timedGet(url);
  const times: number[] = [];
  let bytes = 0;
  for (let index = 0; index < options.requests; index += 1) {
    const { ms, status, body } = await timedGet(url);
    if (status !== 200) throw new Error(`${url} answered ${status}`);
    times.push(ms);
    bytes = Buffer.byteLength(body);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p90Ms: quantile(sorted, 0.9), bytes };
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

async function measure(backend: Backend): Promise<{ renders: [string, RenderTimes][]; page: Scripts; notFound: Scripts }> {
  const server = await launchNextServer(options['dist-dir'], { ...backend.env, LOG_LEVEL: 'warn' });
  try {
    const base = `${server.url}${trackPath}`;
    const renders: [string, RenderTimes][] = [];
    for (const [name, query] of [
      ['default view (1 year, 8 platforms)', ''],
      ['all 3 years, 8 platforms', '?range=all'],
      ['all 3 years, 7-day average, indexed', '?range=all&mode=average7&scale=indexed'],
    ] as const) {
      renders.push([name, await renderTimes(`${base}${query}`)]);
    }
    const page = await pageScripts(server, `${trackPath}?range=all`);
    const notFound = await pageScripts(server, '/no-such-page');
    return { renders, page, notFound };
  } finally {
    await server.close();
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
    console.log(`${backend.name}: server render time of /tracks/{uuid}`);
    console.log(
      formatTable(
        ['view', 'median ms', 'p90 ms', 'HTML KB'],
        renders.map(([name, times]) => [name, ms(times.medianMs), ms(times.p90Ms), kb(times.bytes)]),
      ),
    );
    const extra = page.gzippedBytes - notFound.gzippedBytes;
    console.log(`\nJavaScript sent, gzipped: track page ${kb(page.gzippedBytes)} KB in ${page.chunks.length} chunks; ` +
      `404 page ${kb(notFound.gzippedBytes)} KB in ${notFound.chunks.length} chunks; difference ${kb(extra)} KB.`);
    const worst = Math.max(...renders.map(([, times]) => times.medianMs));
    const renderOk = worst < GOALS.medianRenderMs;
    const scriptOk = extra <= GOALS.extraScriptKb * 1024;
    console.log(`Goals: median render < ${GOALS.medianRenderMs} ms: ${renderOk ? 'met' : 'MISSED'} (worst view ${ms(worst)} ms); ` +
      `at most ${GOALS.extraScriptKb} KB more script than the 404 page: ${scriptOk ? 'met' : 'MISSED'}.\n`);
    failed ||= !renderOk || !scriptOk;
  } finally {
    await backend.drop();
  }
}
process.exitCode = failed ? 1 : 0;
