import { addDays, daysBetween } from '@/lib/dates';
import { seededRandom } from './seeded-random';
import type { CatalogueTrack } from './catalogue';
import type { DemoDay } from './plots';

/**
 * A song whose identifiers behave as SoundCharts' do for a song with several versions: on Spotify
 * a single reported every day but one, an album version that lags two days behind the others, and
 * a remaster linked half-way with twelve million streams to its name; on TikTok a sound used in one
 * video whose value is 1 every day, a growing sound, and a one-video sound added later. Every value
 * depends only on the identifier and the day, as the rest of the catalogue's.
 */

export const VERSIONED_SONG_UUID = '5e0c7a3a-8f21-11ec-b909-0242ac120002';

export const versionedSong: CatalogueTrack = {
  uuid: VERSIONED_SONG_UUID,
  name: 'Paper Skyline',
  creditName: 'Ines Lindqvist',
  isrc: 'SEXYZ2400017',
  releaseDate: '2024-03-01',
  platforms: ['spotify', 'tiktok'],
};

type Version = {
  identifier: string;
  from: string;
  /** Its lifetime total on its first day here. */
  initial: number;
  perDay: number;
  /** Days it does not report. */
  skips?: readonly string[];
  /** How many of the newest days it has not reported yet. */
  lagDays?: number;
};

const versions: Record<string, readonly Version[]> = {
  spotify: [
    { identifier: '4uLU6hMCjMI75M1A2tKUQC', from: '2024-03-01', initial: 180_000, perDay: 90_000, skips: ['2025-01-15'] },
    { identifier: '1rqqCSm0Qe4I9rUvWncaom', from: '2024-03-01', initial: 40_000, perDay: 35_000, lagDays: 2 },
    { identifier: '7kXNp4ymSkb0bWuP2DJRqd', from: '2025-06-01', initial: 12_345_678, perDay: 20_000 },
  ],
  tiktok: [
    { identifier: '7341995412578863109', from: '2024-03-01', initial: 1, perDay: 0 },
    { identifier: '7342280049185426182', from: '2024-03-02', initial: 12, perDay: 40 },
    { identifier: '7401559912004520710', from: '2024-08-10', initial: 1, perDay: 0 },
  ],
};

/** One version's cumulative values from its first day to endDate, days it does not report left out. */
function versionValues(version: Version, endDate: string): Map<string, number> {
  const random = seededRandom(`versioned-song:${version.identifier}`);
  const lastReported = addDays(endDate, -(version.lagDays ?? 0));
  const values = new Map<string, number>();
  let value = version.initial;
  for (let day = 0; day <= daysBetween(version.from, endDate); day += 1) {
    const date = addDays(version.from, day);
    if (day > 0) value += Math.round(version.perDay * (0.8 + 0.4 * random.next()));
    if (date <= lastReported && !version.skips?.includes(date)) values.set(date, value);
  }
  return values;
}

/** The song's days on a platform up to endDate, oldest first, each with the plots of the identifiers that reported it. */
export function versionedSongDays(platformSlug: string, endDate: string): DemoDay[] {
  const byDate = new Map<string, DemoDay>();
  for (const version of versions[platformSlug] ?? []) {
    for (const [date, value] of versionValues(version, endDate)) {
      const day = byDate.get(date) ?? { date, plots: [] };
      day.plots.push({ identifier: version.identifier, value });
      byDate.set(date, day);
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}
