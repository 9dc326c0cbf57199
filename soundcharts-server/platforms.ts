/** SoundCharts' platform referential as this server serves it: code (lowercase, hyphenated) and display name. */
export type ReferentialPlatform = { code: string; name: string };

export const referentialPlatforms: readonly ReferentialPlatform[] = [
  { code: 'spotify', name: 'Spotify' },
  { code: 'apple-music', name: 'Apple Music' },
  { code: 'deezer', name: 'Deezer' },
  { code: 'youtube', name: 'YouTube' },
  { code: 'youtube-shorts', name: 'YouTube Shorts' },
  { code: 'shazam', name: 'Shazam' },
  { code: 'tiktok', name: 'TikTok' },
  { code: 'instagram', name: 'Instagram' },
  { code: 'soundcloud', name: 'SoundCloud' },
  { code: 'audiomack', name: 'Audiomack' },
  { code: 'genius', name: 'Genius' },
  { code: 'gaana', name: 'Gaana' },
  { code: 'jiosaavn', name: 'JioSaavn' },
  { code: 'melon', name: 'Melon' },
  { code: 'line-music', name: 'Line Music' },
  { code: 'anghami', name: 'Anghami' },
  { code: 'boomplay', name: 'Boomplay' },
];

const knownCodes = new Set(referentialPlatforms.map((platform) => platform.code));

/** Our catalogue slugs follow the platform_identifier convention: a code's hyphens are the slug's underscores. */
export function catalogueSlugForCode(code: string): string | undefined {
  return knownCodes.has(code) ? code.replaceAll('-', '_') : undefined;
}

/**
 * Codes in the referential that SoundCharts' current docs give no song audience series. This server
 * serves one for them by default (the demo's Apple Music and Deezer lines come from it); told to keep
 * to the docs, it answers them with the 400 that SoundCharts gives an invalid platform code.
 */
export const codesWithoutDocumentedSongAudience: ReadonlySet<string> = new Set(['apple-music', 'deezer']);
