import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { trackListFigures, tracks } from '@/db/schema';
import { testDatabases } from '@/test/databases';
import { addDays } from '@/lib/dates';
import { demoCatalogue, demoSeries } from '@/lib/demo/catalogue';
import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { versionedSongDays } from '@/lib/demo/versioned-song';
import { referenceTotals } from '@/test/identifier-reference';
import { storeVersionedSong } from '@/test/versioned-song-store';
import { DEFAULT_TRACK_LIST_QUERY, listTracks, parseTrackListQuery, platformsInUse, trackListQueryString, TRACKS_PER_PAGE } from './track-list';

const END = '2025-07-31';
const TRACK_COUNT = 30;
const catalogue = demoCatalogue({ trackCount: TRACK_COUNT });
const EMPTY_UUID = '0f0e0d0c-0b0a-1909-8807-060504030201';

/** The figures computed straight from the generated series, independently of the SQL. */
function expectedFigures(track: CatalogueTrack, slug: string) {
  const series = demoSeries(track, slug, END);
  const latest = series.at(-1);
  if (!latest) return undefined;
  const back = (days: number): number | null => {
    const from = addDays(latest.date, -days - 7);
    const to = addDays(latest.date, -days);
    const candidates = series.filter((point) => point.date >= from && point.date <= to);
    const point = candidates.at(-1);
    return point ? latest.value - point.value : null;
  };
  return { latestDate: latest.date, latest: latest.value, change7: back(7), change28: back(28) };
}

describe('track list query parameters', () => {
  it('fall back to defaults when malformed', () => {
    expect(parseTrackListQuery({ q: ['  bad ', 'x'], sort: 'drop', dir: 'sideways', platform: 'Not A Slug', page: '-3' })).toEqual({
      ...DEFAULT_TRACK_LIST_QUERY,
      q: 'bad',
    });
    expect(parseTrackListQuery({ page: '2.5' }).page).toBe(1);
  });

  it('sort figures largest first unless asked otherwise', () => {
    expect(parseTrackListQuery({ sort: 'change7' })).toMatchObject({ sort: 'change7', dir: 'desc' });
    expect(parseTrackListQuery({ sort: 'artist', dir: 'desc' })).toMatchObject({ sort: 'artist', dir: 'desc' });
  });

  it('write only what differs from the defaults', () => {
    expect(trackListQueryString(DEFAULT_TRACK_LIST_QUERY)).toBe('');
    expect(trackListQueryString({ q: 'a b', sort: 'latest', dir: 'desc', platform: 'youtube', page: 3 })).toBe(
      '?q=a+b&sort=latest&platform=youtube&page=3',
    );
    expect(trackListQueryString({ ...DEFAULT_TRACK_LIST_QUERY, platform: 'youtube' })).toBe('');
  });
});

describe.each(testDatabases())('track list on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seedDemoCatalogue(handle.db, { trackCount: TRACK_COUNT, endDate: END });
    await handle.db.insert(tracks).values({ uuid: EMPTY_UUID, name: 'Aaa No Data Yet', creditName: '100% Newcomer' });
  });
  afterAll(() => handle.close());

  it('pages through every track in title order', async () => {
    const first = await listTracks(handle.db, DEFAULT_TRACK_LIST_QUERY);
    const second = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, page: 2 });
    expect(first.total).toBe(TRACK_COUNT + 2);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(TRACKS_PER_PAGE);
    expect(second.rows).toHaveLength(TRACK_COUNT + 2 - TRACKS_PER_PAGE);
    const names = [...first.rows, ...second.rows].map((row) => row.name);
    const expected = ['Aaa No Data Yet', ...catalogue.map((track) => track.name)].sort((a, b) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
    );
    expect(names).toEqual(expected);
    expect(first.rows[0]).toMatchObject({ name: 'Aaa No Data Yet', platforms: [] });
  });

  it('answers a page past the end with the total and no rows', async () => {
    const page = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, page: 9 });
    expect(page).toMatchObject({ total: TRACK_COUNT + 2, rows: [] });
  });

  it('gives each track its latest value and its 7- and 28-day changes on every platform', async () => {
    const page = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, q: 'billie' });
    expect(page.total).toBe(1);
    const [badGuy] = page.rows;
    const source = catalogue[0]!;
    expect(badGuy?.platforms.map((figures) => figures.slug).sort()).toEqual([...source.platforms].sort());
    for (const figures of badGuy!.platforms) {
      expect(figures).toMatchObject({ slug: figures.slug, ...expectedFigures(source, figures.slug) });
    }
    const spotify = badGuy!.platforms.find((figures) => figures.slug === 'spotify');
    expect(spotify).toMatchObject({ name: 'Spotify', metricName: 'Streams', color: '#3b82f6' });
  });

  it('searches titles and artists, case-insensitively, with wildcards taken literally', async () => {
    const byTitle = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, q: 'BAD G' });
    expect(byTitle.rows.map((row) => row.name)).toEqual(['bad guy']);
    const literal = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, q: '100%' });
    expect(literal.rows.map((row) => row.creditName)).toEqual(['100% Newcomer']);
    const wildcard = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, q: '_' });
    expect(wildcard.total).toBe(0);
  });

  it.each(['latest', 'change7', 'change28'] as const)('sorts by a platform figure (%s), tracks without it last', async (sort) => {
    const query = { ...DEFAULT_TRACK_LIST_QUERY, sort, dir: 'desc' as const, platform: 'youtube' };
    const pages = [await listTracks(handle.db, query), await listTracks(handle.db, { ...query, page: 2 })];
    const rows = pages.flatMap((page) => page.rows);
    const keys = rows.map((row) => {
      const source = catalogue.find((track) => track.uuid === row.uuid);
      return source ? (expectedFigures(source, 'youtube')?.[sort] ?? null) : null;
    });
    const known = keys.filter((key): key is number => key !== null);
    expect(known.length).toBeGreaterThan(2);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(keys.slice(known.length).every((key) => key === null)).toBe(true);
  });

  it('sorts by release date both ways', async () => {
    const ascending = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, sort: 'released', dir: 'asc' });
    const dates = ascending.rows.map((row) => row.releaseDate).filter((date): date is string => date !== null);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe(catalogue.map((track) => track.releaseDate).sort()[0]);
    const descending = await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, sort: 'released', dir: 'desc' });
    expect(descending.rows[0]?.releaseDate).toBe(catalogue.map((track) => track.releaseDate).sort().at(-1));
  });
});

describe.each(testDatabases())('platforms in use on $name', ({ open }) => {
  it('lists only platforms with data, in catalogue order', async () => {
    const handle = await open();
    try {
      expect(await platformsInUse(handle.db)).toEqual([]);
      await seedDemoCatalogue(handle.db, { trackCount: 0, endDate: END });
      expect((await platformsInUse(handle.db)).map((platform) => platform.slug)).toEqual([
        'spotify',
        'apple_music',
        'youtube',
        'shazam',
        'tiktok',
        'deezer',
      ]);
    } finally {
      await handle.close();
    }
  });
});

describe.each(testDatabases())('track list figures of a song with several versions on $name', ({ open }) => {
  it("counts only what the versions gained in 7 and 28 days, not a remaster's lifetime added in between", async () => {
    const handle = await open();
    try {
      // The remaster is added on 2025-06-01, within the week before the last day.
      await storeVersionedSong(handle.db, '2025-06-05');
      const [song] = (await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, q: 'paper skyline' })).rows;
      const days = referenceTotals(versionedSongDays('spotify', '2025-06-05').flatMap((day) => day.plots.map((plot) => ({ date: day.date, ...plot }))));
      const gained = (from: string): number => days.filter((day) => day.date > from).reduce((sum, day) => sum + (day.dailyChange ?? 0), 0);
      expect(song?.platforms.find((figures) => figures.slug === 'spotify')).toMatchObject({
        latestDate: '2025-06-05',
        latest: days.at(-1)?.total,
        change7: gained('2025-05-29'),
        change28: gained('2025-05-08'),
      });
      expect(song?.platforms.find((figures) => figures.slug === 'spotify')?.change7).toBeLessThan(2_000_000);
    } finally {
      await handle.close();
    }
  });
});

describe.each(testDatabases())('track list figures kept by the database on $name', ({ open }) => {
  it('sort by the latest value, and follow every insert, update and delete of points, whoever makes it', async () => {
    const handle = await open();
    try {
      await seedDemoCatalogue(handle.db, { trackCount: 4, endDate: END });
      const seeded = demoCatalogue({ trackCount: 4 });
      const byLatest = async () => (await listTracks(handle.db, { ...DEFAULT_TRACK_LIST_QUERY, sort: 'latest', dir: 'desc' })).rows;
      const spotifyOf = (row: { platforms: { slug: string; latest: number; latestDate: string; change7: number | null }[] } | undefined) =>
        row?.platforms.find((figures) => figures.slug === 'spotify');
      const expectedOrder = seeded
        .filter((track) => track.platforms.includes('spotify'))
        .sort((a, b) => (expectedFigures(b, 'spotify')?.latest ?? 0) - (expectedFigures(a, 'spotify')?.latest ?? 0))
        .map((track) => track.name);
      expect((await byLatest()).map((row) => row.name).slice(0, expectedOrder.length)).toEqual(expectedOrder);

      // The smallest track gets a day after END far above every other: first, with its new figures.
      const last = seeded.find((track) => track.name === expectedOrder.at(-1))!;
      const [{ id: trackId } = { id: 0 }] = await handle.db.select({ id: tracks.id }).from(tracks).where(eq(tracks.uuid, last.uuid));
      const spotify = sql`(select id from platforms where slug = 'spotify')`;
      const before = expectedFigures(last, 'spotify')!;
      await handle.db.execute(
        sql`insert into track_audience_time_series (track_id, platform_id, date, audience_value) values (${trackId}, ${spotify}, ${addDays(END, 1)}, 9000000000000)`,
      );
      let top = (await byLatest())[0];
      expect(top?.name).toBe(last.name);
      expect(spotifyOf(top)).toMatchObject({ latest: 9_000_000_000_000, latestDate: addDays(END, 1) });

      await handle.db.execute(sql`update track_audience_time_series set audience_value = ${before.latest + 5} where track_id = ${trackId} and date = ${addDays(END, 1)}`);
      top = (await byLatest()).find((row) => row.name === last.name);
      expect(spotifyOf(top)).toMatchObject({ latest: before.latest + 5, latestDate: addDays(END, 1) });

      await handle.db.execute(sql`delete from track_audience_time_series where track_id = ${trackId} and platform_id = ${spotify}`);
      top = (await byLatest()).find((row) => row.name === last.name);
      expect(spotifyOf(top)).toBeUndefined();
      expect(top?.platforms.length).toBe(last.platforms.length - 1);

      await handle.db.execute(sql`delete from tracks where id = ${trackId}`);
      expect((await byLatest()).map((row) => row.name)).not.toContain(last.name);
      expect(await handle.db.$count(trackListFigures, eq(trackListFigures.trackId, trackId))).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
