import { describe, expect, it } from 'vitest';
import { BAD_GUY_UUID, demoCatalogue, demoSeries } from './catalogue';

describe('demo catalogue', () => {
  const catalogue = demoCatalogue();
  const badGuy = catalogue.find((track) => track.uuid === BAD_GUY_UUID);

  it('holds the README example and at least 20 more tracks with unique uuids', () => {
    expect(badGuy).toMatchObject({ name: 'bad guy', creditName: 'Billie Eilish' });
    expect(catalogue.length).toBeGreaterThanOrEqual(21);
    expect(new Set(catalogue.map((track) => track.uuid)).size).toBe(catalogue.length);
  });

  it("pins the README example's values inside a longer history", () => {
    if (!badGuy) throw new Error('no bad guy');
    const spotify = demoSeries(badGuy, 'spotify', '2026-11-25');
    const apple = demoSeries(badGuy, 'apple_music', '2026-11-25');
    const around = (points: typeof spotify) =>
      points.filter((point) => point.date >= '2025-07-21' && point.date <= '2025-07-23').map((point) => point.value);
    expect(around(spotify)).toEqual([2_763_701_395, 2_764_225_348, 2_764_759_050]);
    expect(around(apple)).toEqual([1_500_000, 1_550_000, 1_600_000]);
    expect(spotify.length).toBeGreaterThan(700);
  });

  it('is deterministic and does not depend on the end date asked for', () => {
    const track = catalogue[3];
    if (!track) throw new Error('no track');
    const slug = track.platforms[0] ?? 'spotify';
    const long = demoSeries(track, slug, '2026-11-25');
    const short = demoSeries(track, slug, '2025-06-30');
    expect(short.length).toBeGreaterThan(0);
    expect(long.slice(0, short.length)).toEqual(short);
    expect(demoSeries(demoCatalogue()[3] ?? track, slug, '2026-11-25')).toEqual(long);
  });

  it('produces cumulative series: never decreasing, dates ascending, some days missing', () => {
    let gaps = 0;
    let violations = 0;
    for (const track of catalogue) {
      for (const slug of track.platforms) {
        const points = demoSeries(track, slug, '2026-11-25');
        for (let i = 1; i < points.length; i += 1) {
          const previous = points[i - 1];
          const current = points[i];
          if (!previous || !current) continue;
          if (current.date <= previous.date || current.value < previous.value) violations += 1;
          if (Date.parse(current.date) - Date.parse(previous.date) > 86_400_000) gaps += 1;
        }
      }
    }
    expect(violations).toBe(0);
    expect(gaps).toBeGreaterThan(0);
  });

  it('can give every track exactly the asked number of platforms', () => {
    const wide = demoCatalogue({ trackCount: 10, platformsPerTrack: 8, seed: 'bench' });
    expect(wide.slice(1).every((track) => track.platforms.length === 8)).toBe(true);
  });
});
