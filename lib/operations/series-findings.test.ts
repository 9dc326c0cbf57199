import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ingestPairState, platforms, trackAudienceTimeSeries as series, tracks } from '@/db/schema';
import { addDays } from '@/lib/dates';
import { seedDemoCatalogue } from '@/lib/demo/seed';
import { testDatabases } from '@/test/databases';
import { findSeriesProblems } from './series-findings';
import type { FindingsQuery } from './series-findings';

const now = new Date('2025-06-30T12:00:00Z');
const uuid = (n: number): string => `00000000-0000-1000-8000-${String(n).padStart(12, '0')}`;

describe.each(testDatabases())('data validation on $name', ({ open }) => {
  let handle: DatabaseHandle;
  const platformIds = new Map<string, number>();
  const trackIds: number[] = [];

  beforeAll(async () => {
    handle = await open();
    for (const row of await handle.db.select().from(platforms)) platformIds.set(row.slug, row.id);
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate track_audience_time_series, ingest_runs, ingest_pair_state, tracks restart identity cascade`);
    const inserted = await handle.db
      .insert(tracks)
      .values([1, 2, 3].map((n) => ({ uuid: uuid(n), name: `Track ${n}` })))
      .returning({ id: tracks.id });
    trackIds.splice(0, trackIds.length, ...inserted.map((row) => row.id));
  });

  /** Stores values day after day from `start`; null leaves the day out. */
  async function store(track: number, slug: string, start: string, values: readonly (number | null)[]): Promise<void> {
    const rows = values.flatMap((value, day) =>
      value === null ? [] : [{ trackId: trackIds[track - 1] as number, platformId: platformIds.get(slug) as number, date: addDays(start, day), audienceValue: value }],
    );
    await handle.db.insert(series).values(rows);
  }
  const query = (overrides: Partial<FindingsQuery> = {}): FindingsQuery => ({
    flatDays: 14,
    gapDays: 3,
    expectedPlatformSlugs: [],
    limitPerKind: 100,
    now,
    ...overrides,
  });
  const rising = (from: number, days: number, step = 10): number[] => Array.from({ length: days }, (_, day) => from + day * step);

  it('finds nothing in rising, complete series', async () => {
    await store(1, 'spotify', '2025-05-01', rising(1_000, 60));
    const report = await findSeriesProblems(handle.db, query());
    expect(report.findings).toEqual([]);
    expect(Object.values(report.counts).every((count) => count === 0)).toBe(true);
  });

  it('reports a total that falls with its size, the day before and the day of the drop', async () => {
    await store(1, 'spotify', '2025-05-01', [100, 200, 182_990_000, 91_550_000, 91_560_000]);
    await store(2, 'youtube', '2025-05-01', [10, 20, 30]);
    const report = await findSeriesProblems(handle.db, query());
    expect(report.counts.falling).toBe(1);
    expect(report.findings).toEqual([
      { kind: 'falling', trackUuid: uuid(1), trackName: 'Track 1', platformSlug: 'spotify', from: '2025-05-03', to: '2025-05-04', size: 91_440_000 },
    ]);
  });

  it('reports a value unchanged for more than --flat-days, and not one unchanged for exactly that many', async () => {
    await store(1, 'spotify', '2025-04-01', [...rising(100, 5), ...Array<number>(16).fill(500), ...rising(600, 5)]);
    await store(2, 'spotify', '2025-04-01', [...rising(100, 5), ...Array<number>(15).fill(500), ...rising(600, 5)]);
    const report = await findSeriesProblems(handle.db, query());
    expect(report.findings).toEqual([
      { kind: 'flat', trackUuid: uuid(1), trackName: 'Track 1', platformSlug: 'spotify', from: '2025-04-06', to: '2025-04-21', size: 15 },
    ]);
    expect((await findSeriesProblems(handle.db, query({ flatDays: 13 }))).counts.flat).toBe(2);
  });

  it('reports holes of more than --gap-days inside a series, with the days either side', async () => {
    const values: (number | null)[] = rising(100, 30);
    values.fill(null, 5, 9); // 4 days missing
    values.fill(null, 15, 18); // 3 days missing: allowed
    await store(1, 'deezer', '2025-05-01', values);
    const report = await findSeriesProblems(handle.db, query());
    expect(report.findings).toEqual([
      { kind: 'gap', trackUuid: uuid(1), trackName: 'Track 1', platformSlug: 'deezer', from: '2025-05-05', to: '2025-05-10', size: 4 },
    ]);
    expect((await findSeriesProblems(handle.db, query({ gapDays: 2 }))).counts.gap).toBe(2);
  });

  it('reports points dated after today, per pair', async () => {
    await store(1, 'spotify', '2025-06-28', rising(100, 5));
    const report = await findSeriesProblems(handle.db, query());
    expect(report.findings).toEqual([
      { kind: 'future', trackUuid: uuid(1), trackName: 'Track 1', platformSlug: 'spotify', from: '2025-07-01', to: '2025-07-02', size: 2 },
    ]);
  });

  it('reports expected pairs and pairs tried before that were never fetched, and no pair with data or a success', async () => {
    await store(1, 'spotify', '2025-06-01', rising(100, 10));
    const at = new Date('2025-06-29T00:00:00Z');
    const pair = (track: number, slug: string) => ({ trackId: trackIds[track - 1] as number, platformId: platformIds.get(slug) as number });
    await handle.db.insert(ingestPairState).values([
      { ...pair(2, 'spotify'), lastAttemptAt: at, lastStatus: 'succeeded', lastSucceededAt: at },
      { ...pair(1, 'tiktok'), lastAttemptAt: at, lastStatus: 'failed' },
    ]);
    const report = await findSeriesProblems(handle.db, query({ expectedPlatformSlugs: ['spotify'] }));
    expect(report.findings.map((finding) => `${finding.kind} ${finding.trackUuid?.slice(-1)} ${finding.platformSlug}`)).toEqual([
      'never_fetched 1 tiktok',
      'never_fetched 3 spotify',
    ]);
  });

  it('reports platforms without a SoundCharts code, and only those a track uses when narrowed to it', async () => {
    await handle.db.update(platforms).set({ platformIdentifier: ' ' }).where(sql`${platforms.slug} in ('deezer', 'shazam')`);
    try {
      await store(1, 'deezer', '2025-06-01', rising(100, 10));
      const all = await findSeriesProblems(handle.db, query());
      expect(all.findings.map((finding) => `${finding.kind} ${finding.platformSlug}`)).toEqual(['no_code deezer', 'no_code shazam']);
      const one = await findSeriesProblems(handle.db, query({ trackId: trackIds[0] }));
      expect(one.findings.map((finding) => finding.platformSlug)).toEqual(['deezer']);
    } finally {
      await handle.db.execute(sql`update platforms set platform_identifier = replace(slug, '_', '-') where btrim(platform_identifier) = ''`);
    }
  });

  it('narrows to a track and a platform, keeps limitPerKind findings per kind and counts them all', async () => {
    const falls = [100, 50, 60, 30, 40, 10];
    await store(1, 'spotify', '2025-05-01', falls);
    await store(1, 'youtube', '2025-05-01', falls);
    await store(2, 'spotify', '2025-05-01', falls);
    const narrow = await findSeriesProblems(handle.db, query({ trackId: trackIds[0], platformId: platformIds.get('youtube') }));
    expect(narrow.findings.map((finding) => `${finding.trackUuid?.slice(-1)} ${finding.platformSlug} ${finding.to}`)).toEqual([
      '1 youtube 2025-05-02',
      '1 youtube 2025-05-04',
      '1 youtube 2025-05-06',
    ]);
    const limited = await findSeriesProblems(handle.db, query({ limitPerKind: 2 }));
    expect(limited.counts.falling).toBe(9);
    expect(limited.findings).toHaveLength(2);
  });

  it('finds the plateaus and holes the demo catalogue is made with', async () => {
    await seedDemoCatalogue(handle.db, { trackCount: 4, endDate: '2025-06-30' });
    const report = await findSeriesProblems(handle.db, query());
    expect(report.counts.flat).toBeGreaterThan(0);
    expect(report.counts.gap).toBeGreaterThan(0);
    expect(report.counts.future).toBe(0);
    for (const finding of report.findings.filter((each) => each.kind === 'flat')) expect(finding.size).toBeGreaterThan(14);
  });
});
