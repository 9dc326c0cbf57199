import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue } from '@/lib/demo/catalogue';
import { startSeededApp } from '@/test/seeded-app';
import type { SeededApp, SeededAppOptions } from '@/test/seeded-app';

const CHART = `/soundcharts/audience/chart/${BAD_GUY_UUID}`;
const [, second] = demoCatalogue({ trackCount: 3 });
if (!second) throw new Error('the demo catalogue has fewer tracks than expected');
const COMPARE = `/soundcharts/audience/compare/?tracks=${BAD_GUY_UUID},${second.uuid}&platform=spotify`;

type Reply = {
  chart_data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
  data_events?: unknown[];
  downsampled?: { method: string; points: number; from_points: number };
};

/** The full reply's values in each bucket of the down-sampled labels: the days after the previous label up to this one. */
function buckets(full: Reply, sampledLabels: readonly string[], row: number): (number | null)[][] {
  const { labels, datasets } = full.chart_data;
  const values = datasets[row]?.data ?? [];
  let from = 0;
  return sampledLabels.map((label) => {
    const to = labels.indexOf(label);
    const bucket = values.slice(from, to + 1);
    from = to + 1;
    return bucket;
  });
}

const present = (values: readonly (number | null)[]): number[] => values.filter((value): value is number => value !== null);

const backends: SeededAppOptions['backend'][] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('max_points over HTTP on %s', (backend) => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend });
  });
  afterAll(async () => app?.close());

  const get = (pathAndQuery: string) => fetch(`${app.server.url}${pathAndQuery}`, { redirect: 'manual' });
  const text = async (pathAndQuery: string): Promise<string> => {
    const response = await get(pathAndQuery);
    expect(response.status).toBe(200);
    return response.text();
  };
  const withParam = (route: string, query: string): string => `${route}${route.includes('?') ? '&' : '?'}${query}`;

  const routes = [
    ['one platform', `${CHART}/spotify/?limit=120`],
    ['several platforms', `${CHART}/?platforms=spotify,apple_music,youtube&limit=120`],
    ['several platforms with their sum', `${CHART}/?platforms=apple_music,deezer&limit=120&aggregate=sum`],
    ['several tracks', `${COMPARE}&limit=120`],
    // bad guy's demo data starts 1374 days after its release.
    ['several tracks since release', `${COMPARE}&align=release&limit=1500`],
  ] as const;

  it.each(routes)('answers %s byte for byte as without max_points when no series is longer', async (_, route) => {
    const full = await text(route);
    const count = (JSON.parse(full) as Reply).chart_data.labels.length;
    expect(count).toBeGreaterThanOrEqual(120);
    expect(await text(withParam(route, `max_points=${count}`))).toBe(full);
    expect(await text(withParam(route, 'max_points=10000'))).toBe(full);
    expect(await text(withParam(route, `max_points=${count}&mode=daily`))).toBe(await text(withParam(route, 'mode=daily')));
  });

  it.each(routes)('cuts %s to at most N points on shared labels, first and last day kept, totals the last of each bucket', async (_, route) => {
    const full = JSON.parse(await text(route)) as Reply;
    const sampled = JSON.parse(await text(withParam(route, 'max_points=13'))) as Reply;
    const { labels, datasets } = sampled.chart_data;
    expect(labels).toHaveLength(13);
    expect(labels[0]).toBe(full.chart_data.labels[0]);
    expect(labels.at(-1)).toBe(full.chart_data.labels.at(-1));
    expect(labels.every((label) => full.chart_data.labels.includes(label))).toBe(true);
    expect(datasets.map((dataset) => dataset.label)).toEqual(full.chart_data.datasets.map((dataset) => dataset.label));
    expect(sampled.data_events).toEqual(full.data_events);
    expect(sampled.downsampled).toEqual({ method: 'last', points: 13, from_points: full.chart_data.labels.length });
    datasets.forEach((dataset, row) => {
      expect(dataset.data).toHaveLength(13);
      expect(dataset.data).toEqual(buckets(full, labels, row).map((bucket) => present(bucket).at(-1) ?? null));
    });
  });

  it('gives the mean of each bucket in the daily modes', async () => {
    for (const mode of ['daily', 'avg7', 'avg28']) {
      const route = `${CHART}/?platforms=spotify,apple_music&limit=300&mode=${mode}`;
      const full = JSON.parse(await text(route)) as Reply;
      const sampled = JSON.parse(await text(`${route}&max_points=40`)) as Reply;
      expect(sampled.chart_data.labels).toHaveLength(40);
      expect(sampled.downsampled).toEqual({ method: 'mean', points: 40, from_points: 300 });
      sampled.chart_data.datasets.forEach((dataset, row) => {
        buckets(full, sampled.chart_data.labels, row).forEach((bucket, index) => {
          const values = present(bucket);
          const value = dataset.data[index];
          if (values.length === 0) expect(value).toBeNull();
          else expect(value).toBeCloseTo(values.reduce((sum, item) => sum + item, 0) / values.length, 3);
        });
      });
    }
  });

  it('exports the down-sampled rows', async () => {
    const response = await get(`${CHART}/spotify/?limit=120&max_points=12&format=csv`);
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\r\n').filter((line) => line !== '');
    expect(lines).toHaveLength(13);
  });

  it.each([
    ['0', 'must be at least 2'],
    ['1', 'must be at least 2'],
    ['-5', 'must be an integer from 2 to 10000'],
    ['2.5', 'must be an integer from 2 to 10000'],
    ['ten', 'must be an integer from 2 to 10000'],
    ['10001', 'must be at most 10000'],
    ['99999999999999999999', 'must be an integer from 2 to 10000'],
  ])('refuses max_points=%s with a 400 saying why', async (value, message) => {
    for (const route of [`${CHART}/spotify/`, `${CHART}/`, COMPARE]) {
      const response = await get(withParam(route, `max_points=${value}`));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { success: boolean; error: string };
      expect(body.success).toBe(false);
      expect(body.error).toContain(`max_points: ${message}`);
    }
  });
});
