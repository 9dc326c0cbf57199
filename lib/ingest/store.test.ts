import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceIdentifierValues, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { readIdentifierPlots } from './identifier-plots';
import type { FetchedSeries } from './identifier-plots';
import { earliestProvisionalDate, lastStoredDate, storeAudienceSeries } from './store';

const at = new Date('2025-08-31T12:00:00Z');
const later = new Date('2025-09-01T12:00:00Z');

/** Days of one identifier each, as SoundCharts would send them. */
function fetched(days: [date: string, value: number, identifier?: string][]): FetchedSeries {
  return readIdentifierPlots(
    days.map(([date, value, identifier = 'id1']) => {
      const plots = [{ identifier, value }];
      return { date, plots, raw: { date: `${date}T00:00:00+00:00`, plots } };
    }),
  );
}

describe.each(testDatabases())('audience store on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let trackId: number;
  let platformId: number;

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate track_audience_time_series, track_audience_identifier_values, track_audience_identifiers, tracks restart identity cascade`);
    const [track] = await handle.db.insert(tracks).values({ uuid: '7d534228-5165-11e9-9375-549f35161576', name: 'bad guy' }).returning();
    const [spotify] = await handle.db.select().from(platforms).where(eq(platforms.slug, 'spotify'));
    if (!track || !spotify) throw new Error('fixture missing');
    trackId = track.id;
    platformId = spotify.id;
  });

  const stored = () =>
    handle.db
      .select()
      .from(series)
      .where(and(eq(series.trackId, trackId), eq(series.platformId, platformId)))
      .orderBy(asc(series.date));

  it('counts created, updated and unchanged days, and rewrites only days that differ', async () => {
    const first = fetched([['2025-08-01', 10], ['2025-08-02', 20], ['2025-08-03', 30]]);
    expect(await storeAudienceSeries(handle.db, trackId, platformId, first, at, 2)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const second = fetched([['2025-08-02', 20], ['2025-08-03', 31], ['2025-08-04', 40]]);
    expect(await storeAudienceSeries(handle.db, trackId, platformId, second, later, 2)).toEqual({ created: 1, updated: 1, unchanged: 1 });
    const rows = await stored();
    expect(rows.map((entry) => [entry.date, entry.audienceValue, entry.platformIdentifier, entry.provisional, entry.fetchedAt.toISOString()])).toEqual([
      ['2025-08-01', 10, 'id1', false, at.toISOString()],
      ['2025-08-02', 20, 'id1', false, at.toISOString()],
      ['2025-08-03', 31, 'id1', false, later.toISOString()],
      ['2025-08-04', 40, 'id1', false, later.toISOString()],
    ]);
    expect(rows[2]?.apiData).toEqual({ date: '2025-08-03T00:00:00+00:00', plots: [{ identifier: 'id1', value: 31 }] });
    expect(await lastStoredDate(handle.db, trackId, platformId)).toBe('2025-08-04');
  });

  it('names the oldest provisional day, and none once the lagging version has reported', async () => {
    expect(await earliestProvisionalDate(handle.db, trackId, platformId)).toBeUndefined();
    // The album version (id2) reports only up to 08-02: 08-03 and 08-04 carry its last value.
    const day = (date: string, plots: { identifier: string; value: number }[]) => ({ date, plots, raw: { date: `${date}T00:00:00+00:00`, plots } });
    const lagging = readIdentifierPlots([
      day('2025-08-01', [{ identifier: 'id1', value: 10 }, { identifier: 'id2', value: 100 }]),
      day('2025-08-02', [{ identifier: 'id1', value: 11 }, { identifier: 'id2', value: 101 }]),
      day('2025-08-03', [{ identifier: 'id1', value: 12 }]),
      day('2025-08-04', [{ identifier: 'id1', value: 13 }]),
    ]);
    await storeAudienceSeries(handle.db, trackId, platformId, lagging, at);
    expect(await earliestProvisionalDate(handle.db, trackId, platformId)).toBe('2025-08-03');
    const caughtUp = readIdentifierPlots([
      day('2025-08-03', [{ identifier: 'id1', value: 12 }, { identifier: 'id2', value: 102 }]),
      day('2025-08-04', [{ identifier: 'id1', value: 13 }, { identifier: 'id2', value: 103 }]),
    ]);
    await storeAudienceSeries(handle.db, trackId, platformId, caughtUp, later);
    expect(await earliestProvisionalDate(handle.db, trackId, platformId)).toBeUndefined();
  });

  it('stores values up to Number.MAX_SAFE_INTEGER exactly', async () => {
    await storeAudienceSeries(handle.db, trackId, platformId, fetched([['2025-08-01', Number.MAX_SAFE_INTEGER]]), at);
    expect((await stored())[0]?.audienceValue).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('leaves earlier chunks and tables unwritten when a later statement fails inside the transaction', async () => {
    await storeAudienceSeries(handle.db, trackId, platformId, fetched([['2025-08-01', 1]]), at);
    const before = [await stored(), await handle.db.select().from(trackAudienceIdentifierValues)];
    // The check constraint refuses the negative value in the second chunk, after the first was written.
    const rows: FetchedSeries = {
      days: fetched([['2025-08-01', 5], ['2025-08-02', 6], ['2025-08-03', 7]]).days,
      values: [
        { date: '2025-08-01', identifier: 'id1', value: 5 },
        { date: '2025-08-02', identifier: 'id1', value: 6 },
        { date: '2025-08-03', identifier: 'id1', value: -1 },
      ],
    };
    await expect(handle.db.transaction((tx) => storeAudienceSeries(tx, trackId, platformId, rows, later, 2))).rejects.toThrow();
    expect([await stored(), await handle.db.select().from(trackAudienceIdentifierValues)]).toEqual(before);
  });

  it('writes a series longer than one chunk, and rewrites none of it the second time', async () => {
    const many = fetched(Array.from({ length: 12_000 }, (_, index) => [new Date(Date.UTC(1990, 0, 1 + index)).toISOString().slice(0, 10), index]));
    expect(await storeAudienceSeries(handle.db, trackId, platformId, many, at)).toEqual({ created: 12_000, updated: 0, unchanged: 0 });
    expect(await storeAudienceSeries(handle.db, trackId, platformId, many, at)).toEqual({ created: 0, updated: 0, unchanged: 12_000 });
  });
});
