import { fillPlaceholders } from 'drizzle-orm';
import type postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { comparisonChartStatement, singleChartStatement } from '@/lib/chart/queries';
import type { ComparisonChartParams, SingleChartParams } from '@/lib/chart/queries';

/**
 * The chart API's two statements as plain SQL text, taken once from the very builders the app
 * prepares (lib/chart/queries.ts) through a Drizzle instance with no connection: the bare server
 * sends these texts through postgres-js without an ORM, and the benchmark explains them.
 */

export type Statement<Params> = { text: string; params: (values: Params) => unknown[] };

function statement<Params extends Record<string, unknown>>(query: { toSQL: () => { sql: string; params: unknown[] } }): Statement<Params> {
  const { sql, params } = query.toSQL();
  return { text: sql, params: (values) => fillPlaceholders(params, values) };
}

const mock = drizzle.mock({ schema }) as unknown as Database;

export const singleChartSql = statement<SingleChartParams>(singleChartStatement(mock));
export const comparisonChartSql = statement<ComparisonChartParams>(comparisonChartStatement(mock));

export type ExplainedStatement = { title: string; text: string; params: unknown[] };

/** The two statements the chart benchmarks time, for one track: one platform over a year, and every platform's last 365 days. */
export function benchChartStatements(trackUuid: string, yearStart: string, yearEnd: string): ExplainedStatement[] {
  return [
    {
      title: 'one platform, one year',
      text: singleChartSql.text,
      params: singleChartSql.params({ trackUuid, platformSlug: 'spotify', startDate: yearStart, endDate: yearEnd, limit: null }),
    },
    {
      title: 'all platforms, limit=365',
      text: comparisonChartSql.text,
      params: comparisonChartSql.params({ trackUuid, platformSlugs: null, startDate: null, endDate: null, limit: 365 }),
    },
  ];
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement, run once before so that the plan is a warm server's, logged under its title. */
export async function explainStatements(
  sql: postgres.Sql,
  statements: readonly ExplainedStatement[],
  heading: (title: string) => string,
  log: (line: string) => void,
): Promise<void> {
  for (const { title, text, params } of statements) {
    await sql.unsafe(text, params as never[]);
    const plan = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers) ${text}`, params as never[]);
    log(heading(title));
    for (const row of plan) log(`    ${row['QUERY PLAN']}`);
  }
}
