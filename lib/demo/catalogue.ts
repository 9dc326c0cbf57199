import { addDays, daysBetween, fromDayNumber, toDayNumber } from '@/lib/dates';
import { hashSeed, seededRandom } from './seeded-random';
import type { Random } from './seeded-random';
import { versionedSong } from './versioned-song';

/**
 * A deterministic catalogue of tracks and their daily cumulative audience. Every value depends only
 * on the seed, the track, the platform and the date, never on the end date asked for: the history
 * up to a day is the same whenever it is generated, so a later run only adds days.
 */

export const DEMO_HISTORY_START = '2023-01-01';
export const BAD_GUY_UUID = '7d534228-5165-11e9-9375-549f35161576';

export type CatalogueTrack = {
  uuid: string;
  name: string;
  creditName: string;
  isrc: string;
  releaseDate: string;
  /** Our platform slugs (spotify, apple_music, ...) this track has a series on. */
  platforms: readonly string[];
};

export type CataloguePoint = { date: string; value: number };

type PlatformProfile = { slug: string; dailyAtPeak: number; identifiers: (random: Random) => string[] };

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const token = (random: Random, length: number, alphabet = base62): string =>
  Array.from({ length }, () => alphabet[random.int(0, alphabet.length - 1)]).join('');
const numeric = (random: Random, length: number): string => token(random, length, '0123456789');

const profiles: readonly PlatformProfile[] = [
  { slug: 'spotify', dailyAtPeak: 1_500_000, identifiers: (r) => [token(r, 22)] },
  { slug: 'youtube', dailyAtPeak: 900_000, identifiers: (r) => [token(r, 11)] },
  { slug: 'apple_music', dailyAtPeak: 120_000, identifiers: (r) => [numeric(r, 10)] },
  { slug: 'shazam', dailyAtPeak: 25_000, identifiers: (r) => [numeric(r, 9)] },
  // TikTok counts videos per sound, and a song often has several sounds: several plots a day.
  { slug: 'tiktok', dailyAtPeak: 8_000, identifiers: (r) => [numeric(r, 19), numeric(r, 19)] },
  { slug: 'soundcloud', dailyAtPeak: 60_000, identifiers: (r) => [numeric(r, 10)] },
  { slug: 'deezer', dailyAtPeak: 40_000, identifiers: (r) => [numeric(r, 10)] },
  { slug: 'instagram', dailyAtPeak: 3_000, identifiers: (r) => [numeric(r, 16)] },
  { slug: 'genius', dailyAtPeak: 9_000, identifiers: (r) => [numeric(r, 7)] },
  { slug: 'audiomack', dailyAtPeak: 20_000, identifiers: (r) => [numeric(r, 8)] },
];

const DEMO_PLATFORM_SLUGS: readonly string[] = profiles.map((profile) => profile.slug);

const titleWords = [
  'Midnight', 'Golden', 'Paper', 'Electric', 'Velvet', 'Silver', 'Neon', 'Broken', 'Wild', 'Quiet',
  'Burning', 'Crystal', 'Hollow', 'Summer', 'Winter', 'Runaway', 'Lucky', 'Fading', 'Sugar', 'Violet',
  'Northern', 'Lonely', 'Savage', 'Tender', 'Endless', 'Scarlet', 'Rising', 'Falling', 'Secret', 'Honey',
];
const titleNouns = [
  'Hearts', 'Echo', 'Skyline', 'Fever', 'Ocean', 'Lights', 'Roses', 'Thunder', 'Dreams', 'Highway',
  'Mirror', 'Paradise', 'Shadows', 'Satellite', 'Gravity', 'Horizon', 'Letters', 'Rain', 'Fire', 'Waves',
  'Garden', 'Signal', 'Motel', 'Diamonds', 'Avenue', 'Comet', 'Daylight', 'Static', 'Orbit', 'Stranger',
];
const firstNames = [
  'Nova', 'Mila', 'Theo', 'Ari', 'Luca', 'Zara', 'Ezra', 'Ines', 'Kai', 'Leon', 'Maya', 'Omar', 'Rosa',
  'Sami', 'Tove', 'Yara', 'Jules', 'Noor', 'Felix', 'Lena',
];
const lastNames = [
  'Reyes', 'Holm', 'Vance', 'Okafor', 'Lindqvist', 'Moreau', 'Castillo', 'Novak', 'Sato', 'Brennan',
  'Duval', 'Kaur', 'Petrov', 'Silva', 'Walsh', 'Ibarra', 'Keller', 'Mensah', 'Rossi', 'Tanaka',
];

const badGuy: CatalogueTrack = {
  uuid: BAD_GUY_UUID,
  name: 'bad guy',
  creditName: 'Billie Eilish',
  isrc: 'USUM71900764',
  releaseDate: '2019-03-29',
  platforms: ['spotify', 'apple_music', 'youtube', 'shazam', 'tiktok', 'deezer'],
};

// The README's example reply, pinned exactly inside the generated history.
const anchors: Record<string, { date: string; values: readonly number[] }> = {
  [`${BAD_GUY_UUID}:spotify`]: { date: '2025-07-21', values: [2_763_701_395, 2_764_225_348, 2_764_759_050] },
  [`${BAD_GUY_UUID}:apple_music`]: { date: '2025-07-21', values: [1_500_000, 1_550_000, 1_600_000] },
};
const anchoredStarts: Record<string, string> = { [`${BAD_GUY_UUID}:apple_music`]: '2025-06-21' };

function uuidLike(random: Random): string {
  const hex = (length: number): string => token(random, length, '0123456789abcdef');
  return `${hex(8)}-${hex(4)}-11${hex(2)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

export type CatalogueOptions = {
  /** Tracks besides "bad guy". */
  trackCount?: number;
  /** Exactly this many platforms per track; by default 2 to 7. */
  platformsPerTrack?: number;
  seed?: string;
  /** Adds, after the others, a song with several versions per platform (lib/demo/versioned-song.ts). */
  versionedSong?: boolean;
};

export function demoCatalogue(options: CatalogueOptions = {}): CatalogueTrack[] {
  const { trackCount = 24, platformsPerTrack, seed = 'audience-demo', versionedSong: withVersionedSong = false } = options;
  const random = seededRandom(`${seed}:catalogue`);
  const titles = shuffled(titleWords.flatMap((word) => titleNouns.map((noun) => `${word} ${noun}`)), random);
  const tracks: CatalogueTrack[] = [badGuy];
  for (let index = 0; index < trackCount; index += 1) {
    const title = titles[index % titles.length] ?? 'Untitled';
    const round = Math.floor(index / titles.length);
    const count = platformsPerTrack ?? random.int(2, 7);
    const others = shuffled(
      DEMO_PLATFORM_SLUGS.filter((slug) => slug !== 'spotify'),
      random,
    ).slice(0, Math.max(0, Math.min(count, DEMO_PLATFORM_SLUGS.length) - 1));
    const year = random.int(2016, 2026);
    tracks.push({
      uuid: uuidLike(random),
      name: round === 0 ? title : `${title} (Vol. ${round + 1})`,
      creditName: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
      isrc: `${random.pick(['US', 'GB', 'FR', 'SE', 'DE', 'NG'])}${token(random, 3, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}${String(year).slice(2)}${numeric(random, 5)}`,
      releaseDate: fromDayNumber(random.int(toDayNumber('2016-01-01'), toDayNumber('2026-06-30'))),
      platforms: ['spotify', ...others],
    });
  }
  // Last, so that every other track keeps its place and its numbers.
  return withVersionedSong ? [...tracks, versionedSong] : tracks;
}

export function demoIdentifiers(track: CatalogueTrack, platformSlug: string, seed = 'audience-demo'): string[] {
  const profile = profiles.find((candidate) => candidate.slug === platformSlug);
  const random = seededRandom(`${seed}:${track.uuid}:${platformSlug}:ids`);
  return profile ? profile.identifiers(random) : [token(random, 12)];
}

type Shape = {
  start: string;
  initial: number;
  base: number;
  tau: number;
  spikes: { day: number; size: number; halfLife: number }[];
  plateaus: { from: number; to: number }[];
  gap: { from: number; to: number } | undefined;
};

function seriesShape(track: CatalogueTrack, platformSlug: string, seed: string): Shape {
  const random = seededRandom(`${seed}:${track.uuid}:${platformSlug}:shape`);
  const profile = profiles.find((candidate) => candidate.slug === platformSlug);
  const popularity = Math.exp(Math.log(0.01) * random.next());
  const tau = random.int(150, 700);
  const anchor = anchors[`${track.uuid}:${platformSlug}`];
  // An anchored series runs at the anchor's daily pace, so the pinned days do not stand out.
  const anchorDaily = anchor ? (anchor.values[1] ?? 0) - (anchor.values[0] ?? 0) : undefined;
  const decayAtAnchor = anchor ? 0.3 + 0.7 * Math.exp(-daysBetween(track.releaseDate, anchor.date) / tau) : 1;
  const base = anchorDaily !== undefined ? anchorDaily / decayAtAnchor : (profile?.dailyAtPeak ?? 10_000) * popularity;
  const launch = addDays(track.releaseDate, random.int(0, 21));
  const start = anchoredStarts[`${track.uuid}:${platformSlug}`] ?? (launch > DEMO_HISTORY_START ? launch : DEMO_HISTORY_START);
  const ageAtStart = Math.max(0, daysBetween(track.releaseDate, start));
  const startDay = toDayNumber(start);
  const spikes = Array.from({ length: anchor ? 0 : random.int(0, 3) }, () => ({
    day: startDay + random.int(20, 1400),
    size: 1 + random.next() * 7,
    halfLife: random.int(5, 40),
  }));
  const plateaus = Array.from({ length: random.int(0, 2) }, () => {
    const from = startDay + random.int(60, 1300);
    return { from, to: from + random.int(10, 60) };
  });
  const gapFrom = startDay + random.int(30, 1300);
  return {
    start,
    initial: Math.round(base * ageAtStart * (0.6 + random.next() * 0.8)),
    base,
    tau,
    spikes,
    plateaus,
    gap: random.chance(0.6) ? { from: gapFrom, to: gapFrom + random.int(3, 20) } : undefined,
  };
}

/** Daily cumulative values of one track on one platform, from its first day to `endDate`, days missing included. */
export function demoSeries(
  track: CatalogueTrack,
  platformSlug: string,
  endDate: string,
  seed = 'audience-demo',
): CataloguePoint[] {
  if (!track.platforms.includes(platformSlug)) return [];
  const shape = seriesShape(track, platformSlug, seed);
  const anchor = anchors[`${track.uuid}:${platformSlug}`];
  const random = seededRandom(hashSeed(`${seed}:${track.uuid}:${platformSlug}:days`));
  const startDay = toDayNumber(shape.start);
  const releaseDay = toDayNumber(track.releaseDate);
  const endDay = toDayNumber(endDate);
  const anchorDay = anchor ? toDayNumber(anchor.date) : Number.NaN;

  const days: number[] = [];
  const increments: number[] = [];
  const missing: boolean[] = [];
  // Generated to a fixed horizon at least, so that an anchor's scaling never depends on endDate.
  const lastDay = Math.max(endDay, anchor ? anchorDay + anchor.values.length : endDay);
  for (let day = startDay; day <= lastDay; day += 1) {
    const age = day - releaseDay;
    let rate = shape.base * (0.3 + 0.7 * Math.exp(-age / shape.tau)) * (age < 10 ? 1.5 + (10 - age) * 0.3 : 1);
    for (const spike of shape.spikes) {
      if (day >= spike.day) rate *= 1 + spike.size * Math.pow(0.5, (day - spike.day) / spike.halfLife);
    }
    const weekday = (day + 4) % 7;
    rate *= weekday === 5 ? 1.1 : weekday === 0 || weekday === 6 ? 1.05 : 1;
    rate *= 0.85 + 0.3 * random.next();
    const flat = shape.plateaus.some((plateau) => day >= plateau.from && day <= plateau.to);
    const gap = (shape.gap !== undefined && day >= shape.gap.from && day <= shape.gap.to) || random.chance(0.015);
    days.push(day);
    increments.push(flat ? 0 : Math.max(0, Math.round(rate)));
    missing.push(gap);
  }

  let initial = shape.initial;
  if (anchor) {
    const anchorIndex = anchorDay - startDay;
    anchor.values.forEach((_, offset) => {
      missing[anchorIndex + offset] = false;
      const previous = anchor.values[offset - 1];
      if (previous !== undefined) increments[anchorIndex + offset] = (anchor.values[offset] ?? 0) - previous;
    });
    const target = anchor.values[0] ?? 0;
    const before = increments.slice(1, anchorIndex + 1).reduce((sum, value) => sum + value, 0);
    const scale = before > target ? target / before : 1;
    for (let i = 1; i <= anchorIndex; i += 1) increments[i] = Math.floor((increments[i] ?? 0) * scale);
    initial = target - increments.slice(1, anchorIndex + 1).reduce((sum, value) => sum + value, 0);
  }

  const points: CataloguePoint[] = [];
  let value = initial;
  for (let i = 0; i < days.length; i += 1) {
    const day = days[i] as number;
    if (i > 0) value += increments[i] ?? 0;
    if (day > endDay) break;
    if (!missing[i]) points.push({ date: fromDayNumber(day), value });
  }
  return points;
}
