// First: the .env files must be in process.env before any module reads it.
import '@/scripts/load-env';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { sql as drizzleSql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { addDays, daysBetween, todayUtc } from '@/lib/dates';
import { seededRandom } from '@/lib/demo/seeded-random';
import { recordAudienceChanges } from '@/lib/live/record-change';
import { prune } from '@/lib/operations/prune';
import type { PruneReport } from '@/lib/operations/prune';
import { formatTable } from '@/scripts/text-table';
import { BENCH_END_DATE, benchServerUrl, benchUrl, prepareBenchDatabase } from './bench-database';
import { readFor, readSummary, sorted, startReads } from './chart-reads';
import type { ChartRead } from './chart-reads';
import { comparisonChartSql, explainStatements, singleChartSql } from './chart-sql';
import { median, quantile } from './load-test';

/**
 * Should track_audience_time_series be partitioned by date? The label's catalogue (about 100
 * million rows, bench_chart_100m) as it is, one table, against the same rows in yearly partitions
 * (bench_chart_100m_yearly, made from it once and reused), in one run:
 * 1. the chart statements on each, rounds alternating which goes first;
 * 2. removing the oldest year from a throwaway copy of each while charts are read: the batched
 *    deletes of lib/operations/prune.ts on the table, dropping the year's partition (with what a
 *    prune also does: a change recorded for every pair it shortens, the list's figures kept right);
 * 3. then removing the next day from each, the daily prune of a retention in force: batched
 *    deletes either way, as no partition holds one day.
 * How to run it and what it measured: README.md, "Benchmarks".
 */

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'read-seconds': { type: 'string', default: '10' },
    connections: { type: 'string', default: '4' },
    'batch-size': { type: 'string', default: '10000' },
    'removal-only': { type: 'boolean', default: false },
    'day-only': { type: 'boolean', default: false },
  },
});
const options = z
  .object({
    rounds: z.coerce.number().int().min(1),
    'read-seconds': z.coerce.number().positive(),
    connections: z.coerce.number().int().min(1).max(64),
    'batch-size': z.coerce.number().int().min(1),
    'removal-only': z.boolean(),
    'day-only': z.boolean(),
  })
  .parse(values);

const serverUrl = benchServerUrl();

const log = (line: string): void => console.log(line);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const YEARLY = 'bench_chart_100m_yearly';
const FIRST_YEAR = 2023;
const LAST_YEAR = Number(BENCH_END_DATE.slice(0, 4)) + 1;
const firstKept = `${FIRST_YEAR + 1}-01-01`;
const yearStart = addDays(BENCH_END_DATE, -364);

async function onServer<T>(work: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A file-level copy of a database: seconds for 12 GB, where a logged copy would write it all to the WAL. */
async function copyDatabase(template: string, name: string): Promise<string> {
  await onServer(async (admin) => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name} template ${template} strategy file_copy`);
  });
  return benchUrl(serverUrl, name);
}

async function dropDatabase(name: string): Promise<void> {
  await onServer((admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
}

async function catalogueStamp(url: string): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ fingerprint: string }[]>`select fingerprint from bench_catalogue`;
    return row?.fingerprint;
  } finally {
    await sql.end();
  }
}

/**
 * The series table turned into yearly range partitions on the date, in one transaction: the
 * table renamed aside, a partitioned one made like it, a partition a year (one ahead, as a cron
 * would keep), its rows moved over, then the same keys, indexes, foreign keys and triggers.
 */
async function partitionByYear(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`set local maintenance_work_mem = '1GB'`;
      const indexes = await tx<{ name: string; definition: string; constraint: string | null }[]>`
        select i.relname as name, pg_get_indexdef(i.oid) as definition,
               (select pg_get_constraintdef(c.oid) from pg_constraint c where c.conindid = i.oid) as constraint
        from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = 'track_audience_time_series'::regclass`;
      const foreignKeys = await tx<{ name: string; definition: string }[]>`
        select conname as name, pg_get_constraintdef(oid) as definition
        from pg_constraint where conrelid = 'track_audience_time_series'::regclass and contype = 'f'`;
      const triggers = await tx<{ definition: string }[]>`
        select pg_get_triggerdef(oid) as definition
        from pg_trigger where tgrelid = 'track_audience_time_series'::regclass and not tgisinternal`;
      await tx`alter table track_audience_time_series rename to track_audience_time_series_plain`;
      for (const index of indexes) await tx.unsafe(`alter index "${index.name}" rename to "${index.name}_plain"`);
      await tx`create table track_audience_time_series (like track_audience_time_series_plain including defaults including constraints)
        partition by range (date)`;
      for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
        await tx.unsafe(
          `create table track_audience_time_series_y${year} partition of track_audience_time_series
           for values from ('${year}-01-01') to ('${year + 1}-01-01')`,
        );
      }
      await tx`insert into track_audience_time_series select * from track_audience_time_series_plain`;
      await tx`drop table track_audience_time_series_plain`;
      for (const index of indexes) {
        await tx.unsafe(
          index.constraint ? `alter table track_audience_time_series add constraint "${index.name}" ${index.constraint}` : index.definition,
        );
      }
      for (const key of foreignKeys) await tx.unsafe(`alter table track_audience_time_series add constraint "${key.name}" ${key.definition}`);
      for (const trigger of triggers) await tx.unsafe(trigger.definition);
    });
    await sql`vacuum (analyze) track_audience_time_series`;
  } finally {
    await sql.end();
  }
}

/** The yearly copy of the plain database, made unless one of the same catalogue is there. */
async function prepareYearly(plainUrl: string): Promise<string> {
  const url = benchUrl(serverUrl, YEARLY);
  const [exists] = await onServer((admin) => admin`select 1 from pg_database where datname = ${YEARLY}`);
  if (exists) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [partitioned] = await sql`select 1 from pg_partitioned_table where partrelid = 'track_audience_time_series'::regclass`;
    await sql.end();
    if (partitioned && (await catalogueStamp(url)) === (await catalogueStamp(plainUrl))) {
      log(`${YEARLY} already holds the catalogue in yearly partitions; keeping it.`);
      return url;
    }
  }
  log(`Making ${YEARLY}: a copy of the catalogue, then its series table in yearly partitions...`);
  const started = performance.now();
  await copyDatabase(new URL(plainUrl).pathname.slice(1), YEARLY);
  const copiedInMs = performance.now() - started;
  await partitionByYear(url);
  log(`  copied in ${seconds(copiedInMs)}, partitioned in ${seconds(performance.now() - started - copiedInMs)}.`);
  return url;
}

async function describe(name: string, url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const sizes = await sql<{ name: string; size: string }[]>`
      select c.relname as name, pg_size_pretty(pg_total_relation_size(c.oid)) as size
      from pg_class c
      where c.oid = 'track_audience_time_series'::regclass
         or c.oid in (select inhrelid from pg_inherits where inhparent = 'track_audience_time_series'::regclass)
      order by c.relname`;
    const [total] = await sql<{ size: string }[]>`
      select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as size from pg_class c
      where c.oid = 'track_audience_time_series'::regclass
         or c.oid in (select inhrelid from pg_inherits where inhparent = 'track_audience_time_series'::regclass)`;
    log(`${name}: ${total?.size} with indexes${sizes.length > 1 ? `; ${sizes.map((row) => `${row.name} ${row.size}`).join(', ')}` : ''}.`);
  } finally {
    await sql.end();
  }
}

type Statement = { name: string; read: (uuid: string, slug: string) => ChartRead };
const statements: Statement[] = [
  {
    name: 'one platform, one year',
    read: (trackUuid, platformSlug) => ({
      text: singleChartSql.text,
      values: singleChartSql.params({ trackUuid, platformSlug, startDate: yearStart, endDate: BENCH_END_DATE, limit: null }),
    }),
  },
  {
    name: 'one platform, all time',
    read: (trackUuid, platformSlug) => ({
      text: singleChartSql.text,
      values: singleChartSql.params({ trackUuid, platformSlug, startDate: null, endDate: null, limit: null }),
    }),
  },
  {
    name: 'all platforms, limit=365',
    read: (trackUuid) => ({
      text: comparisonChartSql.text,
      values: comparisonChartSql.params({ trackUuid, platformSlugs: null, startDate: null, endDate: null, limit: 365 }),
    }),
  },
];

type Catalogue = { uuids: string[]; slugs: string[] };

/** The same sequence of random tracks and platforms for each database that is given this seed. */
function reads(statement: Statement, catalogue: Catalogue, seed: string): () => ChartRead {
  const random = seededRandom(seed);
  return () => statement.read(random.pick(catalogue.uuids), random.pick(catalogue.slugs));
}

async function explain(name: string, sql: postgres.Sql, catalogue: Catalogue): Promise<void> {
  const uuid = catalogue.uuids[Math.floor(catalogue.uuids.length / 2)] as string;
  const planned = statements.map((statement) => ({ title: statement.name, ...statement.read(uuid, 'spotify') }));
  await explainStatements(sql, planned.map(({ title, text, values: params }) => ({ title, text, params })), (title) => `  EXPLAIN ANALYZE ${title} on ${name}:`, log);
}

type Layout = { name: 'table' | 'yearly'; sql: postgres.Sql };

async function compareCharts(layouts: readonly Layout[], catalogue: Catalogue): Promise<void> {
  log(`\nChart statements, ${options.connections} connections, ${options['read-seconds']} s per database and round:`);
  const results = new Map<string, { p50: number[]; p99: number[]; reads: number[] }>();
  for (let round = 1; round <= options.rounds; round += 1) {
    const order = round % 2 === 1 ? layouts : [...layouts].reverse();
    for (const statement of statements) {
      for (const layout of order) {
        const latencies = sorted(
          await readFor(layout.sql, reads(statement, catalogue, `${statement.name}:${round}`), options.connections, options['read-seconds']),
        );
        const key = `${statement.name}|${layout.name}`;
        const result = results.get(key) ?? { p50: [], p99: [], reads: [] };
        result.p50.push(quantile(latencies, 0.5));
        result.p99.push(quantile(latencies, 0.99));
        result.reads.push(latencies.length / options['read-seconds']);
        results.set(key, result);
        log(`round ${round}  ${statement.name.padEnd(26)} ${layout.name.padEnd(6)} ${readSummary(latencies)}`);
      }
    }
  }
  const rows = statements.map((statement) => {
    const table = results.get(`${statement.name}|table`);
    const yearly = results.get(`${statement.name}|yearly`);
    if (!table || !yearly) throw new Error(`no result for ${statement.name}`);
    const ratio = (a: number[], b: number[]): string => median(a.map((value, index) => value / (b[index] as number))).toFixed(2);
    return [
      statement.name,
      Math.round(median(table.reads)).toLocaleString('en-US'),
      median(table.p50).toFixed(2),
      median(table.p99).toFixed(2),
      Math.round(median(yearly.reads)).toLocaleString('en-US'),
      median(yearly.p50).toFixed(2),
      median(yearly.p99).toFixed(2),
      ratio(yearly.p50, table.p50),
      ratio(yearly.p99, table.p99),
    ];
  });
  log(
    formatTable(
      ['statement', 'table reads/s', 'p50 ms', 'p99 ms', 'yearly reads/s', 'p50 ms', 'p99 ms', 'yearly/table p50', 'yearly/table p99'],
      rows,
    ),
  );
}

const pairRows = z.array(z.object({ trackId: z.number(), platformId: z.number(), lastDate: z.string(), rows: z.number() }));

/** Drops the oldest year's partition, recording what a prune records, with the lock held as briefly as it can be. */
async function dropOldestYear(url: string): Promise<{ rows: number; pairs: number; steps: string }> {
  const handle = await openDatabase({ kind: 'postgres', url, max: 1 });
  const partition = drizzleSql.raw(`track_audience_time_series_y${FIRST_YEAR}`);
  try {
    return await handle.db.transaction(async (tx) => {
      const started = performance.now();
      const pairs = pairRows.parse(
        await tx.execute(drizzleSql`
          select track_id as "trackId", platform_id as "platformId", max(date)::text as "lastDate", count(*)::int as rows
          from ${partition} group by track_id, platform_id`),
      );
      const pairsFoundMs = performance.now();
      await recordAudienceChanges(
        tx,
        pairs.map(({ trackId, platformId, lastDate }) => ({ trackId, platformId, lastDate })),
      );
      const recordedMs = performance.now();
      // From here to the commit no chart can read the table: dropping a partition locks its parent.
      await tx.execute(drizzleSql`drop table ${partition}`);
      const droppedMs = performance.now();
      // A pair whose latest point went with the year has other figures now, or none.
      await tx.execute(drizzleSql`
        select refresh_track_list_figures(coalesce(array_agg(track_id), '{}'), coalesce(array_agg(platform_id), '{}'))
        from track_list_figures where latest_date < ${firstKept}`);
      const done = performance.now();
      return {
        rows: pairs.reduce((sum, pair) => sum + pair.rows, 0),
        pairs: pairs.length,
        steps:
          `finding the pairs it shortens ${seconds(pairsFoundMs - started)}, recording their changes ${seconds(recordedMs - pairsFoundMs)}, ` +
          `drop ${((droppedMs - recordedMs) / 1000).toFixed(3)} s, list figures ${((done - droppedMs) / 1000).toFixed(3)} s`,
      };
    });
  } finally {
    await handle.close();
  }
}

async function pruneTo(url: string, keepFrom: string): Promise<PruneReport> {
  const handle = await openDatabase({ kind: 'postgres', url, max: 1 });
  try {
    return await prune(
      handle.db,
      { audienceRetentionDays: daysBetween(keepFrom, todayUtc()), ingestRunsRetentionDays: 90, rateLimitWindowSeconds: 600 },
      { batchSize: options['batch-size'] },
    );
  } finally {
    await handle.close();
  }
}

const pointsRemoved = (report: PruneReport): number => report.steps.find((step) => step.step.startsWith('audience points'))?.rows ?? 0;

/** Charts read before, during and after `removal` on the database at url; what it did, and the reads. */
async function whileReading(url: string, catalogue: Catalogue, removal: () => Promise<string>): Promise<void> {
  const sql = postgres(url, { max: options.connections, onnotice: () => {} });
  try {
    const oneYear = statements[0] as Statement;
    const before = await readFor(sql, reads(oneYear, catalogue, 'before'), options.connections, options['read-seconds']);
    const during = startReads(sql, reads(oneYear, catalogue, 'during'), options.connections);
    const started = performance.now();
    let what: string;
    try {
      what = await removal();
    } finally {
      await during.stop();
    }
    const tookMs = performance.now() - started;
    const after = await readFor(sql, reads(oneYear, catalogue, 'after'), options.connections, options['read-seconds']);
    const alone = sorted([...before, ...after]);
    const busy = sorted(during.latencies);
    log(`  ${what} in ${seconds(tookMs)}.`);
    log(`  one-year charts, ${options.connections} connections: before ${readSummary(before)}; during ${readSummary(busy)}; after ${readSummary(after)}`);
    log(
      `  during / alone: p50 ${(quantile(busy, 0.5) / quantile(alone, 0.5)).toFixed(2)}, p99 ${(quantile(busy, 0.99) / quantile(alone, 0.99)).toFixed(2)}, ` +
        `slowest read ${(busy.at(-1) ?? 0).toFixed(1)} ms`,
    );
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  const plain = await prepareBenchDatabase(serverUrl, log, { catalogue: 'large' });
  const yearlyUrl = await prepareYearly(plain.url);
  await describe('one table', plain.url);
  await describe('yearly partitions', yearlyUrl);

  const tableSql = postgres(plain.url, { max: options.connections, onnotice: () => {} });
  const layouts: Layout[] = [
    { name: 'table', sql: tableSql },
    { name: 'yearly', sql: postgres(yearlyUrl, { max: options.connections, onnotice: () => {} }) },
  ];
  const plainDatabase = new URL(plain.url).pathname.slice(1);
  try {
    const catalogue: Catalogue = {
      uuids: (await tableSql<{ uuid: string }[]>`select uuid from tracks order by id`).map((row) => row.uuid),
      slugs: (await tableSql<{ slug: string }[]>`select slug from platforms order by id`).map((row) => row.slug),
    };
    if (!options['removal-only'] && !options['day-only']) {
      for (const layout of layouts) await explain(layout.name, layout.sql, catalogue);
      await compareCharts(layouts, catalogue);
    }
    await Promise.all(layouts.map((layout) => layout.sql.end()));

    const tableWork = await copyDatabase(plainDatabase, `${plainDatabase}_prune`);
    const yearlyWork = await copyDatabase(YEARLY, `${YEARLY}_prune`);
    try {
      if (!options['day-only']) {
        log(`\nRemoving ${FIRST_YEAR} (the oldest year) from throwaway copies, one-year charts read throughout:`);
        log('One table, lib/operations/prune.ts (batched deletes):');
        await whileReading(tableWork, catalogue, async () => {
          const report = await pruneTo(tableWork, firstKept);
          return `${pointsRemoved(report).toLocaleString('en-US')} points removed in batches of ${options['batch-size'].toLocaleString('en-US')}`;
        });
        log("Yearly partitions, the year's partition dropped:");
        await whileReading(yearlyWork, catalogue, async () => {
          const dropped = await dropOldestYear(yearlyWork);
          return `${dropped.rows.toLocaleString('en-US')} points of ${dropped.pairs.toLocaleString('en-US')} pairs removed (${dropped.steps})`;
        });
      }

      const day = options['day-only'] ? `${FIRST_YEAR}-01-01` : firstKept;
      log(`\nThe daily prune of a retention in force, removing ${day} (the oldest day), batched deletes either way:`);
      for (const [name, url] of [['one table', tableWork], ['yearly partitions', yearlyWork]] as const) {
        log(`${name}:`);
        await whileReading(url, catalogue, async () => {
          const report = await pruneTo(url, addDays(day, 1));
          return `${pointsRemoved(report).toLocaleString('en-US')} points removed`;
        });
      }
    } finally {
      await dropDatabase(`${plainDatabase}_prune`);
      await dropDatabase(`${YEARLY}_prune`);
    }
  } finally {
    await Promise.all(layouts.map((layout) => layout.sql.end()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
