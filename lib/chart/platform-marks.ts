/**
 * What tells platforms apart besides colour: a dash pattern for each, drawn on the chart's lines,
 * its legend and the samples in the table's headings. Several catalogue colours look alike to
 * readers with a red-green deficiency (README, "Telling platforms apart"), and all of them do on a
 * grey printout; platforms whose colours come closer than COLOUR_DISTANCE_THRESHOLD under
 * simulation get different patterns (platform-marks.test.ts checks it against the catalogue).
 */

/** Segment and gap lengths in pixels, for a 2 px line; also valid as an SVG stroke-dasharray. */
const DASH_PATTERNS = {
  solid: [],
  dashed: [8, 4],
  dotted: [2, 3],
  dashDot: [8, 3, 2, 3],
  longDash: [16, 4],
  dashDotDot: [8, 3, 2, 3, 2, 3],
} as const satisfies Record<string, readonly number[]>;

export type DashName = keyof typeof DASH_PATTERNS;

/** CIE76 ΔE under simulated protanopia or deuteranopia below which two colours count as alike. */
export const COLOUR_DISTANCE_THRESHOLD = 20;

// The six platforms of the demo's "bad guy" come first and all differ; the rest are placed so that
// no two alike colours share a pattern.
const platformDashes: Record<string, DashName> = {
  spotify: 'solid',
  apple_music: 'dashed',
  youtube: 'dotted',
  shazam: 'dashDot',
  tiktok: 'longDash',
  deezer: 'dashDotDot',
  instagram: 'dashed',
  anghami: 'dotted',
  soundcloud: 'solid',
  genius: 'dashed',
  audiomack: 'dashDot',
  line_music: 'longDash',
  youtube_shorts: 'solid',
  melon: 'solid',
  gaana: 'solid',
  jiosaavn: 'dashed',
  boomplay: 'solid',
};

export function platformDashName(slug: string): DashName {
  return platformDashes[slug] ?? 'solid';
}

export function platformDash(slug: string): readonly number[] {
  return DASH_PATTERNS[platformDashName(slug)];
}
