import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { migratePostgres } from '@/db/client';
import { env } from '@/lib/env';
import { demoCatalogue, demoIdentifiers, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';

/**
 * The benchmarks' catalogues: tracks on 8 platforms each, daily from 2023-01-01 to a fixed end date.
 * `standard` is 1,001 tracks (about 9.4 million rows), `large` 10,651 (about 100 million), a label's
 * catalogue. The end date is fixed, not today, so that a database loaded once is reused by every later run.
 */
const BENCH_SEED = 'bench';
export const BENCH_END_DATE = '2026-10-31';
const BENCH_PLATFORMS_PER_TRACK = 8;

export type BenchCatalogueName = 'standard' | 'large';
const catalogues: Record<BenchCatalogueName, { database: string; tracks: number }> = {
  standard: { database: 'bench_chart', tracks: 1000 },
  large: { database: 'bench_chart_100m', tracks: 10_650 },
};

export function benchCatalogue(name: BenchCatalogueName = 'standard'): CatalogueTrack[] {
  return demoCatalogue({ trackCount: catalogues[name].tracks, platformsPerTrack: BENCH_PLATFORMS_PER_TRACK, seed: BENCH_SEED });
}

function benchSeries(track: CatalogueTrack, platformSlug: string): ReturnType<typeof demoSeries> {
  return demoSeries(track, platformSlug, BENCH_END_DATE, BENCH_SEED);
}

export type BenchDatabase = { url: string; rows: number; loadedInMs: number | undefined };

/** DATABASE_URL, the PostgreSQL server the benchmarks make their databases on; without it, the process ends saying so. */
export function benchServerUrl(): string {
  const serverUrl = env().DATABASE_URL;
  if (serverUrl) return serverUrl;
  console.error('Set DATABASE_URL to a PostgreSQL server; the benchmark creates its own databases there.');
  process.exit(1);
}

/** The URL of a benchmark database on the server that serverUrl points at. */
export function benchUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * What the loaded data depends on: the catalogue's parameters, its tracks and a sample of its series
 * (so a change to the generator shows). Cheap to compute, unlike the millions of points themselves;
 * a database stamped with the same fingerprint holds the same data. Migrations are not part of it:
 * like a production database, a loaded one is migrated in place, which for 100 million rows is
 * minutes where a reload is most of an hour.
 */
function catalogueFingerprint(catalogue: readonly CatalogueTrack[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ seed: BENCH_SEED, end: BENCH_END_DATE, tracks: catalogue.length, platforms: BENCH_PLATFORMS_PER_TRACK }));
  hash.update(JSON.stringify(catalogue));
  for (const track of catalogue.slice(0, 3)) {
    for (const slug of track.platforms) hash.update(JSON.stringify([benchSeries(track, slug), demoIdentifiers(track, slug, BENCH_SEED)]));
  }
  return hash.digest('hex');
}

/** CSV in chunks of one series each: small enough to stream, large enough to keep COPY fast. */
function* seriesCsv(
  catalogue: readonly CatalogueTrack[],
  trackIds: ReadonlyMap<string, number>,
  platformIds: ReadonlyMap<string, number>,
  counter: { rows: number },
): Generator<string> {
  for (const track of catalogue) {
    const trackId = trackIds.get(track.uuid);
    for (const slug of track.platforms) {
      const platformId = platformIds.get(slug);
      if (trackId === undefined || platformId === undefined) throw new Error(`No id for ${track.uuid} on ${slug}`);
      // Identifiers are alphanumeric; a track with several joins them with commas, hence the quotes.
      const prefix = `${trackId},${platformId},`;
      const suffix = `,"${demoIdentifiers(track, slug, BENCH_SEED).join(',')}"\n`;
      const points = benchSeries(track, slug);
      counter.rows += points.length;
      yield points.map((point) => `${prefix}${point.date},${point.value}${suffix}`).join('');
    }
  }
}

type Stamp = { fingerprint: string; rows: number };

async function readStamp(sql: postgres.Sql): Promise<Stamp | undefined> {
  await sql`create table if not exists bench_catalogue (fingerprint text not null, rows bigint not null, loaded_at timestamptz not null default now())`;
  const [stamp] = await sql<{ fingerprint: string; rows: string }[]>`select fingerprint, rows from bench_catalogue`;
  return stamp && { fingerprint: stamp.fingerprint, rows: Number(stamp.rows) };
}

/**
 * Creates and migrates the benchmark database next to serverUrl's, and loads the catalogue unless
 * it is stamped with the catalogue's fingerprint and still holds that many tracks and rows (by the
 * planner's estimate, which is instant; a count would read 1 GB). Loading streams CSV into COPY in
 * one transaction, with the series table's indexes dropped and rebuilt after (a sorted build is
 * several times faster than 9 million index inserts), then vacuums and analyzes so that plans and
 * visibility are those of a settled table. Needs a role that may create databases.
 */
/** database: another name than the catalogue's own, so that branches with different migrations do not share one. */
export async function prepareBenchDatabase(
  serverUrl: string,
  log: (line: string) => void,
  options: { catalogue?: BenchCatalogueName; database?: string } = {},
): Promise<BenchDatabase> {
  const name = options.catalogue ?? 'standard';
  const database = options.database ?? catalogues[name].database;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!exists) await admin.unsafe(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = benchUrl(serverUrl, database);
  await migratePostgres({ kind: 'postgres', url });

  const catalogue = benchCatalogue(name);
  const fingerprint = catalogueFingerprint(catalogue);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const stamp = await readStamp(sql);
    const [{ tracks, estimate } = { tracks: 0, estimate: 0 }] = await sql<{ tracks: number; estimate: number }[]>`
      select (select count(*)::int from tracks) as tracks,
             (select reltuples::bigint::float8 from pg_class where relname = 'track_audience_time_series') as estimate`;
    if (stamp?.fingerprint === fingerprint && tracks === catalogue.length && Math.abs(estimate - stamp.rows) < stamp.rows * 0.01) {
      log(`Benchmark database ${database} already holds this catalogue (${stamp.rows.toLocaleString('en-US')} rows); keeping it.`);
      return { url, rows: stamp.rows, loadedInMs: undefined };
    }

    log(`Loading ${catalogue.length} tracks × ${BENCH_PLATFORMS_PER_TRACK} platforms into ${database}...`);
    const started = performance.now();
    const counter = { rows: 0 };
    let copiedInMs = 0;
    await sql.begin(async (tx) => {
      await tx`delete from bench_catalogue`;
      // Replica mode skips the foreign-key triggers, which would otherwise check 19 million
      // references one by one after COPY; the catalogue's ids are consistent by construction.
      await tx`set local session_replication_role = replica`;
      await tx`set local maintenance_work_mem = '1GB'`;
      await tx`truncate tracks restart identity cascade`;
      const indexes = await tx<{ name: string; definition: string; constraint: string | null }[]>`
        select i.relname as name, pg_get_indexdef(i.oid) as definition,
               (select pg_get_constraintdef(c.oid) from pg_constraint c where c.conindid = i.oid) as constraint
        from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = 'track_audience_time_series'::regclass`;
      for (const index of indexes) {
        await tx.unsafe(
          index.constraint
            ? `alter table track_audience_time_series drop constraint "${index.name}"`
            : `drop index "${index.name}"`,
        );
      }
      const stored: { id: number; uuid: string }[] = [];
      // In slices: one statement's parameters stop at 65,535, six a track.
      for (let start = 0; start < catalogue.length; start += 5_000) {
        stored.push(
          ...(await tx<{ id: number; uuid: string }[]>`
            insert into tracks ${tx(
              catalogue.slice(start, start + 5_000).map((track) => ({
                uuid: track.uuid,
                name: track.name,
                credit_name: track.creditName,
                isrc: track.isrc,
                release_date: track.releaseDate,
                audience_fetched_at: new Date(),
              })),
            )}
            returning id, uuid`),
        );
      }
      const platformRows = await tx<{ id: number; slug: string }[]>`select id, slug from platforms`;
      const copy = await tx`
        copy track_audience_time_series (track_id, platform_id, date, audience_value, platform_identifier)
        from stdin with (format csv)`.writable();
      await pipeline(
        Readable.from(
          seriesCsv(
            catalogue,
            new Map(stored.map((row) => [row.uuid, row.id])),
            new Map(platformRows.map((row) => [row.slug, row.id])),
            counter,
          ),
        ),
        copy,
      );
      copiedInMs = performance.now() - started;
      for (const index of indexes) {
        await tx.unsafe(
          index.constraint
            ? `alter table track_audience_time_series add constraint "${index.name}" ${index.constraint}`
            : index.definition,
        );
      }
      // Replica mode left the triggers that keep the list's figures idle: those are worked out once, here.
      await tx`select refresh_track_list_figures(array_agg(t.id), array_agg(p.id)) from tracks t cross join platforms p`;
      await tx`insert into bench_catalogue (fingerprint, rows) values (${fingerprint}, ${counter.rows})`;
    });
    const indexedInMs = performance.now() - started;
    await sql`vacuum (analyze) track_audience_time_series`;
    await sql`vacuum (analyze) tracks`;
    const loadedInMs = performance.now() - started;
    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    log(
      `Loaded ${counter.rows.toLocaleString('en-US')} rows in ${seconds(loadedInMs)} s (COPY ${seconds(copiedInMs)} s, ` +
        `indexes ${seconds(indexedInMs - copiedInMs)} s, VACUUM ANALYZE ${seconds(loadedInMs - indexedInMs)} s).`,
    );
    return { url, rows: counter.rows, loadedInMs };
  } finally {
    await sql.end();
  }
}
