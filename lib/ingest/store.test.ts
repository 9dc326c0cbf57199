import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import type { AudienceRow } from './aggregate-plots';
import { lastStoredDate, upsertAudienceRows } from './store';

const at = new Date('2025-08-31T12:00:00Z');
const later = new Date('2025-09-01T12:00:00Z');
const row = (date: string, value: number, identifier = 'id1'): AudienceRow => ({
  date,
  value,
  identifier,
  apiData: { date: `${date}T00:00:00+00:00`, plots: [{ identifier, value }] },
});

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
    await handle.db.execute(sql`truncate track_audience_time_series, tracks restart identity cascade`);
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

  it('counts created, updated and unchanged rows, and rewrites only rows that differ', async () => {
    const first = [row('2025-08-01', 10), row('2025-08-02', 20), row('2025-08-03', 30)];
    expect(await upsertAudienceRows(handle.db, trackId, platformId, first, at, 2)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const second = [row('2025-08-02', 20), row('2025-08-03', 31), row('2025-08-04', 40), row('2025-08-01', 10, 'id2')];
    expect(await upsertAudienceRows(handle.db, trackId, platformId, second, later, 2)).toEqual({ created: 1, updated: 2, unchanged: 1 });
    const rows = await stored();
    expect(rows.map((entry) => [entry.date, entry.audienceValue, entry.platformIdentifier, entry.fetchedAt.toISOString()])).toEqual([
      ['2025-08-01', 10, 'id2', later.toISOString()],
      ['2025-08-02', 20, 'id1', at.toISOString()],
      ['2025-08-03', 31, 'id1', later.toISOString()],
      ['2025-08-04', 40, 'id1', later.toISOString()],
    ]);
    expect(rows[2]?.apiData).toEqual({ date: '2025-08-03T00:00:00+00:00', plots: [{ identifier: 'id1', value: 31 }] });
    expect(await lastStoredDate(handle.db, trackId, platformId)).toBe('2025-08-04');
  });

  it('stores values up to Number.MAX_SAFE_INTEGER exactly', async () => {
    await upsertAudienceRows(handle.db, trackId, platformId, [row('2025-08-01', Number.MAX_SAFE_INTEGER)], at);
    expect((await stored())[0]?.audienceValue).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('leaves earlier chunks unwritten when a later chunk fails inside the transaction', async () => {
    await upsertAudienceRows(handle.db, trackId, platformId, [row('2025-08-01', 1)], at);
    const before = await stored();
    // The check constraint refuses the negative value in the second chunk, after the first was written.
    const rows = [row('2025-08-01', 5), row('2025-08-02', 6), row('2025-08-03', -1)];
    await expect(
      handle.db.transaction((tx) => upsertAudienceRows(tx, trackId, platformId, rows, later, 2)),
    ).rejects.toThrow();
    expect(await stored()).toEqual(before);
  });

  it('writes a series longer than one chunk, and rewrites none of it the second time', async () => {
    const many = Array.from({ length: 12_000 }, (_, index) => row(new Date(Date.UTC(1990, 0, 1 + index)).toISOString().slice(0, 10), index));
    expect(await upsertAudienceRows(handle.db, trackId, platformId, many, at)).toEqual({ created: 12_000, updated: 0, unchanged: 0 });
    expect(await upsertAudienceRows(handle.db, trackId, platformId, many, at)).toEqual({ created: 0, updated: 0, unchanged: 12_000 });
  });
});
