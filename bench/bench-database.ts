import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { migratePostgres } from '@/db/migrate';
import { demoCatalogue, demoIdentifiers, demoSeries } from '@/lib/demo-catalogue';
import type { CatalogueTrack } from '@/lib/demo-catalogue';

/**
 * The benchmark's catalogue: 1,001 tracks, each on 8 platforms, daily from 2023-01-01 to a fixed
 * end date (about 9.4 million rows). The end date is fixed, not today, so that a database loaded
 * once is reused by every later run.
 */
export const BENCH_SEED = 'bench';
export const BENCH_END_DATE = '2026-10-31';
export const BENCH_DATABASE_NAME = 'audience_bench';

export function benchCatalogue(): CatalogueTrack[] {
  return demoCatalogue({ trackCount: 1000, platformsPerTrack: 8, seed: BENCH_SEED });
}

export function benchSeries(track: CatalogueTrack, platformSlug: string): ReturnType<typeof demoSeries> {
  return demoSeries(track, platformSlug, BENCH_END_DATE, BENCH_SEED);
}

export type BenchDatabase = { url: string; rows: number; loadedInMs: number | undefined };

/** The URL of the benchmark's own database on the server that serverUrl points at. */
function benchUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE_NAME}`;
  return url.toString();
}

function expectedRows(catalogue: readonly CatalogueTrack[]): number {
  return catalogue.reduce(
    (total, track) => total + track.platforms.reduce((sum, slug) => sum + benchSeries(track, slug).length, 0),
    0,
  );
}

/** CSV in chunks of one series each: small enough to stream, large enough to keep COPY fast. */
function* seriesCsv(
  catalogue: readonly CatalogueTrack[],
  trackIds: ReadonlyMap<string, number>,
  platformIds: ReadonlyMap<string, number>,
): Generator<string> {
  for (const track of catalogue) {
    const trackId = trackIds.get(track.uuid);
    for (const slug of track.platforms) {
      const platformId = platformIds.get(slug);
      if (trackId === undefined || platformId === undefined) throw new Error(`No id for ${track.uuid} on ${slug}`);
      // Identifiers are alphanumeric; a track with several joins them with commas, hence the quotes.
      const prefix = `${trackId},${platformId},`;
      const suffix = `,"${demoIdentifiers(track, slug, BENCH_SEED).join(',')}"\n`;
      yield benchSeries(track, slug)
        .map((point) => `${prefix}${point.date},${point.value}${suffix}`)
        .join('');
    }
  }
}

/**
 * Creates and migrates the benchmark database next to serverUrl's, and loads the catalogue
 * unless it already holds exactly the expected rows. Loading streams CSV into COPY, in one
 * transaction, and then vacuums and analyzes so that plans and visibility are those of a settled
 * table. Needs a superuser (or a role that may create databases and set session_replication_role).
 */
export async function prepareBenchDatabase(serverUrl: string, log: (line: string) => void): Promise<BenchDatabase> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${BENCH_DATABASE_NAME}`;
    if (!exists) await admin.unsafe(`create database ${BENCH_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  const url = benchUrl(serverUrl);
  await migratePostgres({ kind: 'postgres', url });

  const catalogue = benchCatalogue();
  const expected = expectedRows(catalogue);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ tracks, rows } = { tracks: 0, rows: 0 }] = await sql<{ tracks: number; rows: number }[]>`
      select (select count(*)::int from tracks) as tracks,
             (select count(*)::int from track_audience_time_series) as rows`;
    if (tracks === catalogue.length && rows === expected) {
      log(`Benchmark database ${BENCH_DATABASE_NAME} already holds ${rows.toLocaleString('en-US')} rows; keeping them.`);
      return { url, rows, loadedInMs: undefined };
    }

    log(`Loading ${catalogue.length} tracks and ${expected.toLocaleString('en-US')} rows into ${BENCH_DATABASE_NAME}...`);
    const started = performance.now();
    await sql.begin(async (tx) => {
      // Replica mode skips the foreign-key triggers, which would otherwise check 19 million
      // references one by one after COPY; the catalogue's ids are consistent by construction.
      await tx`set local session_replication_role = replica`;
      await tx`truncate tracks restart identity cascade`;
      const stored = await tx<{ id: number; uuid: string }[]>`
        insert into tracks ${tx(
          catalogue.map((track) => ({
            uuid: track.uuid,
            name: track.name,
            credit_name: track.creditName,
            isrc: track.isrc,
            release_date: track.releaseDate,
            audience_fetched_at: new Date(),
          })),
        )}
        returning id, uuid`;
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
          ),
        ),
        copy,
      );
    });
    const copiedInMs = performance.now() - started;
    await sql`vacuum (analyze) track_audience_time_series`;
    await sql`vacuum (analyze) tracks`;
    const loadedInMs = performance.now() - started;
    log(
      `Loaded ${expected.toLocaleString('en-US')} rows in ${(loadedInMs / 1000).toFixed(1)} s ` +
        `(COPY ${(copiedInMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${((loadedInMs - copiedInMs) / 1000).toFixed(1)} s).`,
    );
    return { url, rows: expected, loadedInMs };
  } finally {
    await sql.end();
  }
}
