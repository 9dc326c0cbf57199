import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { perceivedDistance } from './colour-vision';
import { COLOUR_DISTANCE_THRESHOLD, platformDash, platformDashName } from './platform-marks';

// The colours every database gets, read from the migration that inserts them.
const migration = readFileSync(path.join(import.meta.dirname, '../../db/migrations/0001_platform_catalogue.sql'), 'utf8');
const catalogue = [...migration.matchAll(/\('([a-z_]+)',.*'(#[0-9a-f]{6})'\)/g)].map(([, slug, color]) => ({
  slug: slug as string,
  color: color as string,
}));

describe('platform dash patterns', () => {
  it('reads the whole catalogue', () => {
    expect(catalogue.length).toBe(17);
  });

  it('differ for any two platforms whose colours look alike under protanopia or deuteranopia', () => {
    const clashes: string[] = [];
    for (const [index, first] of catalogue.entries()) {
      for (const second of catalogue.slice(index + 1)) {
        const closest = Math.min(
          perceivedDistance(first.color, second.color, 'protanopia'),
          perceivedDistance(first.color, second.color, 'deuteranopia'),
        );
        if (closest < COLOUR_DISTANCE_THRESHOLD && platformDashName(first.slug) === platformDashName(second.slug)) {
          clashes.push(`${first.slug}/${second.slug} (ΔE ${closest.toFixed(1)})`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('give the six platforms of a typical track six different patterns', () => {
    const six = ['spotify', 'apple_music', 'youtube', 'shazam', 'tiktok', 'deezer'].map((slug) => platformDash(slug).join(','));
    expect(new Set(six).size).toBe(6);
  });

  it('draw an unknown platform solid', () => {
    expect(platformDash('not_in_catalogue')).toEqual([]);
  });
});
