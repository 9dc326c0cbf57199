import { describe, expect, it } from 'vitest';
import { trackExportHref } from './links';

describe('trackExportHref', () => {
  const range = { start: '2025-01-01', end: '2025-12-31' };
  it('asks the comparison route for the platforms, dates and mode of the view', () => {
    expect(trackExportHref('7d534228-5165-11e9-9375-549f35161576', { platforms: ['spotify', 'apple_music'], range, mode: 'average7' }, 'csv')).toBe(
      '/soundcharts/audience/chart/7d534228-5165-11e9-9375-549f35161576/?platforms=spotify,apple_music&start_date=2025-01-01&end_date=2025-12-31&mode=avg7&format=csv',
    );
  });

  it('leaves the default mode out', () => {
    expect(trackExportHref('u', { platforms: ['spotify'], range, mode: 'cumulative' }, 'xlsx')).toBe(
      '/soundcharts/audience/chart/u/?platforms=spotify&start_date=2025-01-01&end_date=2025-12-31&format=xlsx',
    );
  });
});
