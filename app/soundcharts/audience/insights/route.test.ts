import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { daysBetween } from '@/lib/dates';
import { SEED_END_DATE, startSeededApp } from '@/test/seeded-app';
import type { SeededApp, SeededAppOptions } from '@/test/seeded-app';

const INSIGHTS = `/soundcharts/audience/insights/${BAD_GUY_UUID}`;

// Spotify's total restated a billion lower from 2025-07-22 on: a fall of 999,476,047 that day.
async function restateSpotify(db: Database): Promise<void> {
  await db.execute(sql`update track_audience_time_series s set audience_value = audience_value - 1000000000
    from tracks t, platforms p
    where s.track_id = t.id and s.platform_id = p.id and t.uuid = ${BAD_GUY_UUID} and p.slug = 'spotify' and s.date >= '2025-07-22'`);
}

type Reply = {
  success: boolean;
  as_of: string | null;
  trend: { latest_date: string; latest_value: number; change_7d: number | null; change_28d: number | null; growth_7d: number | null; growth_28d: number | null };
  spikes: { date: string; change: number; baseline: number; score: number }[];
  drops: { date: string; change: number }[];
  forecast: { method: string; labels: string[]; value: number[]; lower: number[]; upper: number[] } | null;
};

/** The change over the `days` days ending on the last label, falls left out, computed here from the totals alone. */
function changeFromTotals(labels: readonly string[], totals: readonly number[], days: number): number {
  const end = labels.at(-1) as string;
  let sum = 0;
  for (let index = 1; index < labels.length; index += 1) {
    const diff = (totals[index] as number) - (totals[index - 1] as number);
    if (diff < 0) continue;
    const from = daysBetween(end, labels[index - 1] as string);
    const to = daysBetween(end, labels[index] as string);
    const overlap = Math.min(to, 0) - Math.max(from, -days);
    if (overlap > 0) sum += (diff * overlap) / (to - from);
  }
  return sum;
}

const backends: SeededAppOptions['backend'][] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('insights over HTTP on %s', (backend) => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend, afterSeed: restateSpotify });
  });
  afterAll(async () => app?.close());

  const get = (pathAndQuery: string, init?: RequestInit) => fetch(`${app.server.url}${pathAndQuery}`, { redirect: 'manual', ...init });

  it('answers as of the latest stored day by default, with a 30-day forecast inside its interval', async () => {
    const response = await get(`${INSIGHTS}/youtube/`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Reply;
    expect(Object.keys(body)).toEqual(['success', 'track', 'platform', 'as_of', 'trend', 'spikes', 'drops', 'forecast']);
    expect(body.as_of).toBe(SEED_END_DATE);
    expect(body.trend.latest_date).toBe(SEED_END_DATE);
    expect(body.forecast?.labels).toHaveLength(30);
    expect(body.forecast?.labels[0]).toBe('2026-02-01');
    body.forecast?.value.forEach((value, index) => {
      expect(body.forecast?.lower[index]).toBeLessThanOrEqual(value);
      expect(body.forecast?.upper[index]).toBeGreaterThanOrEqual(value);
      expect(value).toBeGreaterThanOrEqual(body.trend.latest_value);
    });
    for (const spike of body.spikes) {
      expect(spike.score).toBeGreaterThanOrEqual(3.5);
      expect(spike.change).toBeGreaterThanOrEqual(1.5 * spike.baseline);
    }
  });

  it('uses only the data up to as_of, and leaves the drop out of the changes', async () => {
    const body = (await (await get(`${INSIGHTS}/spotify?as_of=2025-07-23&horizon=3`)).json()) as Reply;
    expect(body.as_of).toBe('2025-07-23');
    expect(body.drops).toEqual([{ date: '2025-07-22', change: -999_476_047 }]);
    expect(body.trend.latest_value).toBe(1_764_759_050);
    expect(body.forecast?.labels).toEqual(['2025-07-24', '2025-07-25', '2025-07-26']);
    const chart = (await (await get(`/soundcharts/audience/chart/${BAD_GUY_UUID}/spotify/?start_date=2025-05-01&end_date=2025-07-23`)).json()) as {
      chart_data: { labels: string[]; datasets: { data: number[] }[] };
    };
    const totals = chart.chart_data.datasets[0]?.data ?? [];
    expect(body.trend.change_7d).toBeCloseTo(changeFromTotals(chart.chart_data.labels, totals, 7), 3);
    expect(body.trend.change_28d).toBeCloseTo(changeFromTotals(chart.chart_data.labels, totals, 28), 3);
  });

  it.each([
    [`${INSIGHTS}/spotify/?horizon=0`, 400, 'Invalid query: horizon: must be at least 1'],
    [`${INSIGHTS}/spotify/?horizon=181`, 400, 'Invalid query: horizon: must be at most 180'],
    [`${INSIGHTS}/spotify/?horizon=2.5`, 400, 'Invalid query: horizon: must be a whole number of days from 1 to 180'],
    [`${INSIGHTS}/spotify/?as_of=2025-02-30`, 400, 'Invalid query: as_of: is not a real calendar date'],
    [`${INSIGHTS}/spotify/?as_of=2025-01-01&as_of=2025-01-02`, 400, 'as_of: given 2 times; give it once'],
    ['/soundcharts/audience/insights/not-a-uuid/spotify/', 400, 'Invalid path: trackUuid: must be a uuid like 7d534228-5165-11e9-9375-549f35161576'],
    ['/soundcharts/audience/insights/7d534228-5165-11e9-9375-000000000000/spotify/', 404, 'Track 7d534228-5165-11e9-9375-000000000000 not found'],
    [`${INSIGHTS}/myspace/`, 404, "Platform 'myspace' not found"],
  ])('answers %s with a JSON %i', async (route, status, error) => {
    const response = await get(route);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ success: false, error });
  });

  it('answers a track without data on the platform with empty insights', async () => {
    const body = (await (await get(`${INSIGHTS}/genius/`)).json()) as Reply;
    expect(body.as_of).toBeNull();
    expect(body.trend.latest_value).toBeNull();
    expect(body.spikes).toEqual([]);
    expect(body.forecast).toBeNull();
  });

  it('answers a method it does not serve with a JSON 405', async () => {
    const response = await get(`${INSIGHTS}/spotify/`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, OPTIONS');
  });
});
