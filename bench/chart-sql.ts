/**
 * The SQL text Drizzle generates for the chart queries of lib/audience-queries.ts, placeholder for
 * placeholder, as plain strings: the bare server sends them through postgres-js without an ORM,
 * and the benchmark explains them. Keep in step with lib/audience-queries.ts; the benchmark
 * compares the bare server's replies with the app's before it measures.
 */

export type Query = { text: string; params: (string | number)[] };
export type SeriesWindow = { startDate?: string; endDate?: string; limit?: number };

const series = '"track_audience_time_series"';
const trackColumns =
  '"id", "uuid", "name", "credit_name", "image_url", "release_date", "isrc", "audience_fetched_at", "created_at", "updated_at"';
const platformColumns =
  '"id", "slug", "name", "platform_type", "audience_metric_name", "platform_identifier", "color", "created_at", "updated_at"';

/** Collects parameters and hands out their placeholders, $1 first. */
function parameters(): { params: (string | number)[]; bind: (value: string | number) => string } {
  const params: (string | number)[] = [];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

function seriesScope(
  bind: (value: string | number) => string,
  trackId: number,
  platformIds: readonly number[] | number,
  window: SeriesWindow,
): string {
  const scope = [`${series}."track_id" = ${bind(trackId)}`];
  scope.push(
    typeof platformIds === 'number'
      ? `${series}."platform_id" = ${bind(platformIds)}`
      : `${series}."platform_id" in (${platformIds.map(bind).join(', ')})`,
  );
  if (window.startDate) scope.push(`${series}."date" >= ${bind(window.startDate)}`);
  if (window.endDate) scope.push(`${series}."date" <= ${bind(window.endDate)}`);
  return scope.join(' and ');
}

export function trackByUuidQuery(uuid: string): Query {
  return { text: `select ${trackColumns} from "tracks" where "tracks"."uuid" = $1 limit $2`, params: [uuid, 1] };
}

export function platformsBySlugsQuery(slugs: readonly string[]): Query {
  const { params, bind } = parameters();
  return { text: `select ${platformColumns} from "platforms" where "platforms"."slug" in (${slugs.map(bind).join(', ')})`, params };
}

export function platformsWithDataQuery(trackId: number): Query {
  return {
    text: `select ${platformColumns} from "platforms" where exists (select 1 from ${series} where ${series}."track_id" = $1 and ${series}."platform_id" = "platforms"."id") order by "platforms"."id" asc`,
    params: [trackId],
  };
}

/** One platform's points; with a limit they come newest first, for the caller to reverse. */
export function singleSeriesQuery(trackId: number, platformId: number, window: SeriesWindow): Query {
  const { params, bind } = parameters();
  const base = `select "date", "audience_value" from ${series} where (${seriesScope(bind, trackId, platformId, window)}) order by ${series}."date"`;
  return { text: window.limit === undefined ? `${base} asc` : `${base} desc limit ${bind(window.limit)}`, params };
}

export function comparisonSeriesQuery(trackId: number, platformIds: readonly number[], window: SeriesWindow): Query {
  const { params, bind } = parameters();
  let where = seriesScope(bind, trackId, platformIds, window);
  if (window.limit !== undefined) {
    const recent = seriesScope(bind, trackId, platformIds, window);
    where += ` and ${series}."date" >= (select min("recent_dates"."date") from (select distinct "date" from ${series} where (${recent}) order by ${series}."date" desc limit ${bind(window.limit)}) "recent_dates")`;
  }
  return {
    text: `select "platform_id", "date", "audience_value" from ${series} where (${where}) order by ${series}."date" asc, ${series}."platform_id" asc`,
    params,
  };
}
