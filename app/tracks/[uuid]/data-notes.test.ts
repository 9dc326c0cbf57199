import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSIONED_SONG_UUID } from '@/lib/demo/versioned-song';
import { defaultBackend, SEED_END_DATE, startSeededApp } from '@/test/seeded-app';
import type { SeededApp } from '@/test/seeded-app';
import { storeVersionedSong } from '@/test/versioned-song-store';

/** The track page of a song with several versions, rendered by the production build. */
describe('track page data notes', () => {
  let app: SeededApp;
  beforeAll(async () => {
    app = await startSeededApp({ backend: defaultBackend(), trackCount: 0, afterSeed: (db) => storeVersionedSong(db, SEED_END_DATE) });
  });
  afterAll(async () => {
    await app?.close();
  });

  const page = async (query: string): Promise<string> => {
    const response = await fetch(`${app.server.url}/tracks/${VERSIONED_SONG_UUID}${query}`);
    expect(response.status).toBe(200);
    // React separates adjacent text with empty comments; the reader sees the text alone.
    return (await response.text()).replaceAll('<!-- -->', '');
  };

  it('lists the version added and the provisional days under the chart, as a titled list', async () => {
    const html = await page('?range=all&mode=daily&platforms=spotify');
    expect(html).toMatch(/<section class="data-events" aria-labelledby="data-events-title"><h3 id="data-events-title">Data notes<\/h3><ul>/);
    expect(html).toContain('<time dateTime="2025-06-01">Jun 1, 2025</time>: a version was added on Spotify (identifier');
    expect(html).toContain('<code>7kXNp4ymSkb0bWuP2DJRqd</code>) with 12,345,678 streams to date.');
    expect(html).toContain('Provisional on Spotify: Jan 15, 2025, Jan 30, 2026, Jan 31, 2026.');
    expect(html).toContain('a version added does not count as a change');
  });

  it('leaves the notes out when the range holds no event', async () => {
    const html = await page('?range=custom&from=2025-07-01&to=2025-07-31&platforms=spotify');
    expect(html).toContain('Audience over time');
    expect(html).not.toContain('Data notes');
  });
});
