import { toDayNumber } from '@/lib/dates';
import { demoIdentifiers, demoSeries } from './catalogue';
import type { CatalogueTrack, CataloguePoint } from './catalogue';
import { hashSeed } from './seeded-random';
import { VERSIONED_SONG_UUID, versionedSongDays } from './versioned-song';

/** One day of a song on a platform as SoundCharts sends it: a plot per identifier that reported. */
export type DemoDay = { date: string; plots: { identifier: string; value: number }[] };

/**
 * Splits a day's value across a song's identifiers so that their sum is the value, each share growing
 * with the total; the order rotates with the day so that no consumer can rely on it.
 */
function splitAcrossIdentifiers(point: CataloguePoint, identifiers: readonly string[]): DemoDay['plots'] {
  const weights = identifiers.map((identifier) => 1 + (hashSeed(identifier) % 9));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  let rest = point.value;
  const plots = identifiers.map((identifier, index) => {
    const value = index === identifiers.length - 1 ? rest : Math.floor((point.value * (weights[index] ?? 1)) / totalWeight);
    rest -= value;
    return { identifier, value };
  });
  const shift = toDayNumber(point.date) % plots.length;
  return [...plots.slice(shift), ...plots.slice(0, shift)];
}

/** A track's days on a platform up to endDate, oldest first, with the plots SoundCharts would send for each. */
export function demoDays(track: CatalogueTrack, platformSlug: string, endDate: string): DemoDay[] {
  if (track.uuid === VERSIONED_SONG_UUID) return versionedSongDays(platformSlug, endDate);
  const identifiers = demoIdentifiers(track, platformSlug);
  return demoSeries(track, platformSlug, endDate).map((point) => ({ date: point.date, plots: splitAcrossIdentifiers(point, identifiers) }));
}
