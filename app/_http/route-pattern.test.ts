import { describe, expect, it } from 'vitest';
import { routePattern, UNMATCHED } from './route-pattern';

const uuid = '7d534228-5165-11e9-9375-549f35161576';

describe('routePattern', () => {
  it('names the dynamic segments by their params, with or without a trailing slash', () => {
    const params = { trackUuid: uuid, platformSlug: 'spotify' };
    expect(routePattern(`/soundcharts/audience/chart/${uuid}/spotify/`, params)).toBe('/soundcharts/audience/chart/{trackUuid}/{platformSlug}');
    expect(routePattern(`/soundcharts/audience/chart/${uuid}/spotify`, params)).toBe('/soundcharts/audience/chart/{trackUuid}/{platformSlug}');
    expect(routePattern('/api/health', {})).toBe('/api/health');
  });

  it('does not take a static segment for a param of the same text', () => {
    expect(routePattern(`/soundcharts/audience/chart/${uuid}/chart/`, { trackUuid: uuid, platformSlug: 'chart' })).toBe(
      '/soundcharts/audience/chart/{trackUuid}/{platformSlug}',
    );
  });

  it('matches percent-encoded segments by their decoded value', () => {
    expect(routePattern('/api/docs/assets/a%20b', { file: 'a b' })).toBe('/api/docs/assets/{file}');
  });

  it('folds a catch-all into one pattern, whatever the path', () => {
    expect(routePattern('/api/no/such/route', { path: ['no', 'such', 'route'] })).toBe('/api/{path*}');
    expect(routePattern('/soundcharts/x', { path: ['x'] })).toBe('/soundcharts/{path*}');
    expect(routePattern('/api', {})).toBe('/api');
  });

  it('never returns a raw path when a param is not found in it', () => {
    expect(routePattern('/tracks/abc', { trackUuid: 'xyz' })).toBe(UNMATCHED);
  });
});
