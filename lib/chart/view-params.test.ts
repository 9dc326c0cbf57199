import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACK_VIEW, parseTrackView, resolveRange, togglePlatform, trackViewHref, trackViewQuery } from './view-params';

describe('parseTrackView', () => {
  it('gives the default view for no parameters', () => {
    expect(parseTrackView({})).toEqual(DEFAULT_TRACK_VIEW);
  });

  it('reads every control', () => {
    expect(
      parseTrackView({ platforms: 'spotify,shazam', range: 'custom', from: '2025-01-01', to: '2025-03-01', mode: 'average7', scale: 'indexed', table: 'all' }),
    ).toEqual({ platforms: ['spotify', 'shazam'], range: 'custom', from: '2025-01-01', to: '2025-03-01', mode: 'average7', scale: 'indexed', table: 'all' });
  });

  it('ignores malformed values one by one, keeping the good ones', () => {
    expect(
      parseTrackView({ platforms: 'spotify,DROP TABLE,,spotify', range: '7y', from: '2025-02-30', to: 'x', mode: ['daily', 'cumulative'], scale: '' }),
    ).toEqual({ ...DEFAULT_TRACK_VIEW, platforms: ['spotify'], mode: 'daily' });
  });

  it('treats a list with no valid slug as no choice', () => {
    expect(parseTrackView({ platforms: ',,,' }).platforms).toBeUndefined();
  });
});

describe('resolveRange', () => {
  const extent = { start: '2023-01-01', end: '2025-11-20' };

  it('counts presets back from the newest point, both ends included', () => {
    expect(resolveRange({ range: '30d', from: undefined, to: undefined }, extent)).toEqual({ start: '2025-10-22', end: '2025-11-20' });
    expect(resolveRange({ range: '1y', from: undefined, to: undefined }, extent)).toEqual({ start: '2024-11-21', end: '2025-11-20' });
    expect(resolveRange({ range: 'all', from: '2024-01-01', to: undefined }, extent)).toEqual(extent);
  });

  it('fills a custom range from the data and swaps reversed ends', () => {
    expect(resolveRange({ range: 'custom', from: '2025-07-01', to: undefined }, extent)).toEqual({ start: '2025-07-01', end: '2025-11-20' });
    expect(resolveRange({ range: 'custom', from: '2025-07-31', to: '2025-07-01' }, extent)).toEqual({ start: '2025-07-01', end: '2025-07-31' });
  });
});

describe('view links', () => {
  it('leave defaults out', () => {
    expect(trackViewQuery(DEFAULT_TRACK_VIEW)).toBe('');
    expect(trackViewHref('abc', { ...DEFAULT_TRACK_VIEW, platforms: ['spotify', 'apple_music'], scale: 'log' })).toBe(
      '/tracks/abc?platforms=spotify,apple_music&scale=log',
    );
  });

  it('keep an explicit linear scale, which the page would otherwise be free to replace', () => {
    expect(trackViewQuery({ ...DEFAULT_TRACK_VIEW, scale: 'linear' })).toBe('?scale=linear');
    expect(parseTrackView({ scale: 'linear' }).scale).toBe('linear');
    expect(parseTrackView({ scale: 'cubic' }).scale).toBeUndefined();
  });

  it('keep custom dates only for a custom range', () => {
    expect(trackViewQuery({ ...DEFAULT_TRACK_VIEW, range: '30d', from: '2025-01-01' })).toBe('?range=30d');
    expect(trackViewQuery({ ...DEFAULT_TRACK_VIEW, range: 'custom', from: '2025-01-01', to: '2025-02-01' })).toBe(
      '?range=custom&from=2025-01-01&to=2025-02-01',
    );
  });

  it('round-trip through the parser', () => {
    const view = { ...DEFAULT_TRACK_VIEW, platforms: ['youtube'], range: 'custom' as const, from: '2024-05-01', to: '2024-06-01', mode: 'daily' as const };
    expect(parseTrackView(Object.fromEntries(new URLSearchParams(trackViewQuery(view))))).toEqual(view);
  });
});

describe('togglePlatform', () => {
  const available = ['spotify', 'apple_music', 'youtube'];

  it('switches one off and back on, in catalogue order', () => {
    expect(togglePlatform(available, available, 'apple_music')).toEqual(['spotify', 'youtube']);
    expect(togglePlatform(['youtube', 'spotify'], available, 'apple_music')).toBeUndefined();
  });

  it('refuses to switch off the last one', () => {
    expect(togglePlatform(['youtube'], available, 'youtube')).toEqual(['youtube']);
  });
});

describe('forecast in the view', () => {
  it('is read from forecast=N (1 to 180 days), kept in links, and ignored when malformed', () => {
    expect(parseTrackView({ forecast: '30' }).forecast).toBe(30);
    expect(parseTrackView({ forecast: ['90', '30'] }).forecast).toBe(90);
    for (const bad of ['0', '181', 'x', '2.5', '-1']) expect(parseTrackView({ forecast: bad }).forecast).toBeUndefined();
    expect(trackViewQuery({ ...DEFAULT_TRACK_VIEW, forecast: 30 })).toBe('?forecast=30');
  });
});

describe('table rows in the view', () => {
  it('is the latest days unless table=all, which links keep', () => {
    expect(parseTrackView({}).table).toBe('latest');
    expect(parseTrackView({ table: 'all' }).table).toBe('all');
    expect(parseTrackView({ table: 'some' }).table).toBe('latest');
    expect(trackViewQuery({ ...DEFAULT_TRACK_VIEW, range: 'all', table: 'all' })).toBe('?range=all&table=all');
    expect(trackViewQuery({ ...DEFAULT_TRACK_VIEW, table: 'latest' })).toBe('');
  });
});
