/**
 * The route a request matched, as a pattern (`/soundcharts/audience/chart/{trackUuid}/`) rather than
 * its path: a metric label must not take a value per track. The route's params name the dynamic
 * segments: each is matched from the end, in reverse order of the params; a catch-all's segments
 * become `{name*}`. A trailing slash is dropped, so both spellings of a route count as one. A
 * param found in no segment gives UNMATCHED rather than a pattern holding the raw path.
 */
export const UNMATCHED = '{unmatched}';

export function routePattern(pathname: string, params: Record<string, unknown>): string {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const entries = Object.entries(params);
  let end = segments.length;
  for (const [name, value] of entries.reverse()) {
    if (Array.isArray(value)) {
      const start = Math.max(0, end - value.length);
      segments.splice(start, end - start, `{${name}*}`);
      end = start;
      continue;
    }
    if (value === undefined) continue;
    let found = false;
    for (let index = end - 1; index >= 0 && !found; index -= 1) {
      if (decoded(segments[index] ?? '') === value) {
        segments[index] = `{${name}}`;
        end = index;
        found = true;
      }
    }
    if (!found) return UNMATCHED;
  }
  return `/${segments.join('/')}`;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
