import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

const primary = 'postgres://audience:secret@db:5432/audience';

describe('DATABASE_REPLICA_URLS', () => {
  it('reads a comma list of postgres URLs, none when unset', () => {
    expect(parseEnv({}).DATABASE_REPLICA_URLS).toEqual([]);
    expect(
      parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: ' postgres://r1:5432/audience, postgresql://r2:5432/audience ,' }).DATABASE_REPLICA_URLS,
    ).toEqual(['postgres://r1:5432/audience', 'postgresql://r2:5432/audience']);
  });

  it('refuses what is not a postgres URL, and replicas without the primary they follow', () => {
    expect(() => parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'mysql://r1/audience' })).toThrow(
      'DATABASE_REPLICA_URLS.0: each of DATABASE_REPLICA_URLS must be a postgres:// URL',
    );
    expect(() => parseEnv({ DATABASE_REPLICA_URLS: 'postgres://r1:5432/audience' })).toThrow('replicas need DATABASE_URL');
  });
});
