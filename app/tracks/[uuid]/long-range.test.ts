import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalogue } from '@/lib/demo/catalogue';
import type { CatalogueOptions } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { daysBetween } from '@/lib/dates';
import { defaultBackend, startSeededApp } from '@/test/seeded-app';
import type { SeededApp } from '@/test/seeded-app';

// Ten years of daily data, 2023-01-01 (the demo history's start) to 2032-12-31, on 8 platforms.
const END_DATE = '2032-12-31';
const DAYS = daysBetween('2023-01-01', END_DATE) + 1;
const options: CatalogueOptions = { trackCount: 1, platformsPerTrack: 8, seed: 'bench-track-page' };
const long = demoCatalogue(options)[1];
if (!long || long.platforms.length !== 8 || long.releaseDate >= '2023-01-01') throw new Error('the catalogue has no 8-platform track over the whole history');

/** The track page of a track with a decade of daily data on 8 platforms, rendered by the production build. */
describe('track page on a long range', () => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend: defaultBackend(), trackCount: 0, afterSeed: async (db) => void (await seedDemoCatalogue(db, { ...options, endDate: END_DATE })) });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  const page = async (query: string): Promise<string> => {
    const response = await fetch(`${app.server.url}/tracks/${long.uuid}${query}`);
    expect(response.status).toBe(200);
    return (await response.text()).replaceAll('<!-- -->', '');
  };
  const tableDays = (html: string): number => html.match(/<th scope="row"><time dateTime="/g)?.length ?? 0;

  it('sends "All" in under 150 KB: the chart down-sampled and saying so, the latest 92 days in the table', async () => {
    const html = await page('?range=all');
    expect(Buffer.byteLength(html)).toBeLessThan(150 * 1024);
    expect(html).toMatch(/each point of the chart stands for up to \d+ days and shows the total on the last of them/);
    expect(tableDays(html)).toBe(92);
    expect(html).toMatch(/Show all [\d,]+ days/);
    expect(html).toContain(`table=all`);
  });

  it('gives every day of the range in the table with table=all', async () => {
    const html = await page('?range=all&table=all&platforms=spotify');
    // The demo skips a few days a year, so a little under one row a day.
    expect(tableDays(html)).toBeGreaterThan(DAYS * 0.95);
    expect(tableDays(html)).toBeLessThanOrEqual(DAYS);
    expect(html).not.toMatch(/Show all [\d,]+ days/);
  });

  it('draws a year, under the maximum, with every point and no note', async () => {
    const html = await page('');
    expect(html).not.toContain('each point of the chart stands for');
  });
});
