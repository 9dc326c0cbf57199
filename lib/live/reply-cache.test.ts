import { describe, expect, it } from 'vitest';
import { ReplyCache } from './reply-cache';

const reply = (etag: string, bytes: number) => ({ etag, body: new Uint8Array(bytes), headers: { 'content-type': 'application/json' } });

describe('ReplyCache', () => {
  it('answers only for the versions an entry was built from', () => {
    const cache = new ReplyCache(1_000);
    cache.set('chart a', '1:5', reply('"x"', 10));
    expect(cache.get('chart a', '1:5')?.etag).toBe('"x"');
    expect(cache.get('chart a', '1:6')).toBeUndefined();
    expect(cache.get('chart b', '1:5')).toBeUndefined();
  });

  it('evicts the least recently used within its byte budget and keeps nothing over a tenth of it', () => {
    const cache = new ReplyCache(1_000);
    cache.set('a', 'v', reply('"a"', 100));
    cache.set('b', 'v', reply('"b"', 100));
    cache.set('too big', 'v', reply('"t"', 101));
    expect(cache.get('too big', 'v')).toBeUndefined();
    for (let index = 0; index < 10; index += 1) {
      expect(cache.get('a', 'v')).toBeDefined();
      cache.set(`filler ${index}`, 'v', reply('"f"', 100));
    }
    expect(cache.get('a', 'v')).toBeDefined();
    expect(cache.get('b', 'v')).toBeUndefined();
    expect(cache.get('filler 0', 'v')).toBeUndefined();
    expect(cache.get('filler 9', 'v')).toBeDefined();
  });
});
