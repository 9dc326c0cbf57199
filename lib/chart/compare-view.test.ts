import { describe, expect, it } from 'vitest';
import { compareHref, parseCompareView } from './compare-view';

const A = '7d534228-5165-11e9-9375-549f35161576';
const B = '11111111-2222-1333-8444-555555555555';

describe('parseCompareView', () => {
  it('reads the compare route parameters', () => {
    expect(parseCompareView({ tracks: `${A},${B}`, platform: 'youtube', align: 'release', mode: 'avg7', scale: 'indexed' })).toStrictEqual({
      tracks: [A, B],
      platform: 'youtube',
      align: 'release',
      mode: 'avg7',
      scale: 'indexed',
    });
  });

  it("takes the list page's repeated track fields, and leaves out malformed and repeated tracks", () => {
    expect(parseCompareView({ track: [A, 'nope', B, A.toUpperCase()] }).tracks).toEqual([A, B]);
    expect(parseCompareView({ track: A, tracks: B }).tracks).toEqual([B, A]);
  });

  it('falls back to the defaults on malformed values', () => {
    expect(parseCompareView({ platform: 'Not a slug!', align: 'sideways', mode: ['weekly'], scale: 'cubic' })).toStrictEqual({
      tracks: [],
      platform: 'spotify',
      align: 'calendar',
      mode: 'cumulative',
      scale: undefined,
    });
  });
});

describe('compareHref', () => {
  const view = { tracks: [A, B], platform: 'spotify', align: 'calendar' as const, mode: 'cumulative' as const, scale: undefined };
  it('writes the page URL without defaults, and the download of the same view', () => {
    expect(compareHref(view)).toBe(`/compare?tracks=${A},${B}&platform=spotify`);
    expect(compareHref({ ...view, align: 'release', mode: 'daily' }, 'csv')).toBe(
      `/soundcharts/audience/compare/?tracks=${A},${B}&platform=spotify&align=release&mode=daily&format=csv`,
    );
  });

  it('keeps a scale asked for in the page URL, and leaves it out of the download, which has no scale', () => {
    expect(compareHref({ ...view, scale: 'linear' })).toBe(`/compare?tracks=${A},${B}&platform=spotify&scale=linear`);
    expect(compareHref({ ...view, scale: 'log' }, 'xlsx')).toBe(`/soundcharts/audience/compare/?tracks=${A},${B}&platform=spotify&format=xlsx`);
  });
});
