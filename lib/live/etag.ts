import { createHash } from 'node:crypto';

/**
 * A strong ETag for a reply: a hash of what it is built from (the build, the reply format, the
 * normalised request and the data versions it read), so it changes exactly when one of them does.
 */
export function strongEtag(parts: readonly string[]): string {
  return `"${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match against a strong ETag: a list, `*`, or weak forms of the tag (weak comparison, as for GET). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === etag || tag === `W/${etag}`;
  });
}
