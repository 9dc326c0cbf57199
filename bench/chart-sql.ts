import { fillPlaceholders } from 'drizzle-orm';
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
