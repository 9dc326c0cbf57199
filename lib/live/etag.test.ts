import { describe, expect, it } from 'vitest';
import { matchesIfNoneMatch, strongEtag } from './etag';

describe('ETags', () => {
  it('are strong, and differ when any part differs', () => {
    const etag = strongEtag(['build', 'chart {"mode":"cumulative"}', '3:17']);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(strongEtag(['build', 'chart {"mode":"cumulative"}', '3:17'])).toBe(etag);
    expect(strongEtag(['build', 'chart {"mode":"cumulative"}', '3:18'])).not.toBe(etag);
    expect(strongEtag(['other build', 'chart {"mode":"cumulative"}', '3:17'])).not.toBe(etag);
    expect(strongEtag(['build', 'chart {"mode":"daily"}', '3:17'])).not.toBe(etag);
  });

  it('match If-None-Match by the weak comparison GET uses: lists, W/ forms and *', () => {
    expect(matchesIfNoneMatch(null, '"a"')).toBe(false);
    expect(matchesIfNoneMatch('"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b", W/"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"ab"', '"a"')).toBe(false);
    expect(matchesIfNoneMatch('a', '"a"')).toBe(false);
  });
});
