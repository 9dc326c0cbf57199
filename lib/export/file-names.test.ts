import { describe, expect, it } from 'vitest';
import { exportFileName } from './file-names';

describe('exportFileName', () => {
  const base = { trackName: 'bad guy', trackUuid: '7d534228-5165-11e9-9375-549f35161576', platforms: ['spotify'], labels: ['2025-07-21', '2025-07-23'] };
  it('names the track, the platforms, a derived mode and the dates', () => {
    expect(exportFileName({ ...base, mode: 'cumulative' }, 'csv')).toBe('bad-guy_spotify_2025-07-21_2025-07-23.csv');
    expect(exportFileName({ ...base, platforms: ['spotify', 'apple_music'], mode: 'avg7' }, 'xlsx')).toBe(
      'bad-guy_spotify-apple-music_avg7_2025-07-21_2025-07-23.xlsx',
    );
  });

  it('keeps to ASCII, falls back to the uuid and says when there is no data', () => {
    expect(exportFileName({ ...base, trackName: 'Déjà Vu / Remix', mode: 'daily', labels: [] }, 'csv')).toBe('deja-vu-remix_spotify_daily_no-data.csv');
    expect(exportFileName({ ...base, trackName: '夜に駆ける', platforms: [], mode: 'cumulative' }, 'csv')).toBe(
      '7d534228-5165-11e9-9375-549f35161576_no-platform_2025-07-21_2025-07-23.csv',
    );
  });
});
