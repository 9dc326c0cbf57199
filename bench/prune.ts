import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { z } from 'zod';
import { openDatabase } from '@/db/client';
import { addDays, todayUtc } from '@/lib/dates';
import { prune } from '@/lib/operations/prune';
import { describeIssues } from '@/lib/validation';
import { createFreshPostgres } from '@/scripts/fresh-postgres';
import { readFor, readSummary, sorted, startReads } from './chart-reads';
import type { ChartRead } from './chart-reads';
import { singleChartSql } from './chart-sql';
import { quantile } from './load-test';

/**
 * The prune against chart reads: a fresh database with `tracks` × `platforms` daily series of `days`
 * days (and as many identifier values), then one-year chart reads alone, while the prune removes
 * the oldest `remove-days` days, and alone again. It prints the prune's time and rate and the reads'
 * p50 and p99 in each phase.
 */

const optionsSchema = z.object({
  tracks: z.coerce.number().int().min(1).default(300),
  platforms: z.coerce.number().int().min(1).max(8).default(4),
  days: z.coerce.number().int().min(2).default(1095),
  'remove-days': z.coerce.number().int().min(1).default(365),
  'batch-size': z.coerce.number().int().min(1).default(10_000),
  connections: z.coerce.number().int().min(1).default(4),
  'read-seconds': z.coerce.number().positive().default(10),
});

/** One-year single-platform charts of random tracks, ending today. */
function oneYearCharts(uuids: readonly string[], slugs: readonly string[]): () => ChartRead {
  const today = todayUtc();
  return () => ({
    text: singleChartSql.text,
    values: singleChartSql.params({
      trackUuid: uuids[Math.floor(Math.random() * uuids.length)] as string,
      platformSlug: slugs[Math.floor(Math.random() * slugs.length)] as string,
      startDate: addDays(today, -365),
      endDate: today,
      limit: null,
    }),
  });
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL must name a PostgreSQL server where the role may create databases');
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(optionsSchema.shape).map((key) => [key, { type: 'string' as const }])),
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new Error(describeIssues(parsed.error));
  const options = parsed.data;

  const fresh = await createFreshPostgres(serverUrl);
  const sql = postgres(fresh.url, { max: options.connections + 1, onnotice: () => {} });
  const handle = await openDatabase({ kind: 'postgres', url: fresh.url, max: 2 });
  try {
    const loadStarted = performance.now();
    const today = todayUtc();
    await sql`insert into tracks (uuid, name) select gen_random_uuid(), 'Track ' || n from generate_series(1, ${options.tracks}) n`;
    const pairs = sql`from tracks t cross join (select id from platforms order by id limit ${options.platforms}) p
      cross join generate_series(${addDays(today, -options.days)}::date, ${addDays(today, -1)}::date, interval '1 day') d`;
    await sql`insert into track_audience_time_series (track_id, platform_id, date, audience_value)
      select t.id, p.id, d::date, t.id * 1000 + extract(doy from d)::int ${pairs}`;
    await sql`insert into track_audience_identifier_values (track_id, platform_id, identifier, date, value)
      select t.id, p.id, 'main', d::date, t.id * 1000 + extract(doy from d)::int ${pairs}`;
    await sql`vacuum analyze`;
    const [{ rows } = { rows: 0 }] = await sql<{ rows: number }[]>`select count(*)::int as rows from track_audience_time_series`;
    console.log(`Loaded ${rows.toLocaleString('en')} points and as many identifier values in ${Math.round((performance.now() - loadStarted) / 1000)} s.`);

    const uuids = (await sql<{ uuid: string }[]>`select uuid from tracks`).map((row) => row.uuid);
    const slugs = (await sql<{ slug: string }[]>`select slug from platforms order by id limit ${options.platforms}`).map((row) => row.slug);
    const charts = oneYearCharts(uuids, slugs);
    const readAlone = (): Promise<number[]> => readFor(sql, charts, options.connections, options['read-seconds']);

    const before = await readAlone();
    const during = startReads(sql, charts, options.connections);
    const pruneStarted = performance.now();
    const report = await prune(
      handle.db,
      { audienceRetentionDays: options.days - options['remove-days'], ingestRunsRetentionDays: 90, rateLimitWindowSeconds: 600 },
      { batchSize: options['batch-size'] },
    );
    const pruneMs = performance.now() - pruneStarted;
    await during.stop();
    const after = await readAlone();

    const removed = report.steps.reduce((sum, step) => sum + step.rows, 0);
    console.log(
      `Prune: ${removed.toLocaleString('en')} rows (${report.steps.map((step) => `${step.step}: ${step.rows}`).join('; ')}) in ` +
        `${(pruneMs / 1000).toFixed(1)} s, ${Math.round(removed / (pruneMs / 1000)).toLocaleString('en')} rows/s, batches of ${options['batch-size']}.`,
    );
    console.log(`One-year chart reads, ${options.connections} connections:`);
    console.log(`  before the prune  ${readSummary(before)}`);
    console.log(`  during the prune  ${readSummary(during.latencies)}`);
    console.log(`  after the prune   ${readSummary(after)}`);
    const alone = sorted([...before, ...after]);
    const duringSorted = sorted(during.latencies);
    console.log(
      `  during / alone: p50 ${(quantile(duringSorted, 0.5) / quantile(alone, 0.5)).toFixed(2)}, ` +
        `p99 ${(quantile(duringSorted, 0.99) / quantile(alone, 0.99)).toFixed(2)}`,
    );
  } finally {
    await handle.close();
    await sql.end();
    await fresh.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
