import type { CatalogueTrack } from '@/lib/demo/catalogue';
import { hashSeed } from '@/lib/demo/seeded-random';

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A small square cover: a gradient picked from the uuid and the title's initials. */
export function coverSvg(track: CatalogueTrack): string {
  const hue = hashSeed(track.uuid) % 360;
  const initials = track.name
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word))
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">',
    `<title>${escapeXml(track.name)} by ${escapeXml(track.creditName)}</title>`,
    '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">',
    `<stop offset="0" stop-color="hsl(${hue} 70% 55%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360} 60% 30%)"/>`,
    '</linearGradient></defs>',
    '<rect width="300" height="300" fill="url(#g)"/>',
    `<text x="150" y="175" font-family="sans-serif" font-size="96" font-weight="700" fill="#fff" text-anchor="middle">${escapeXml(initials)}</text>`,
    '</svg>',
  ].join('');
}
