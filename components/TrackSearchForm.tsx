import Form from 'next/form';
import type { TrackListQuery } from '@/lib/catalogue/track-list';

const sortLabels: [TrackListQuery['sort'], string][] = [
  ['title', 'Title'],
  ['artist', 'Artist'],
  ['released', 'Release date'],
  ['latest', 'Latest audience'],
  ['change7', 'Change over 7 days'],
  ['change28', 'Change over 28 days'],
];

/**
 * Search and sort as a GET form: the list's state lives in the URL, and a new search starts at page 1
 * in the sort's natural order (largest figures, earliest letters first); the results line reverses it.
 */
export function TrackSearchForm({ query, platforms }: { query: TrackListQuery; platforms: { slug: string; name: string }[] }) {
  return (
    <Form action="/" className="toolbar" role="search">
      <label className="field grow">
        <span>Search</span>
        <input type="search" name="q" defaultValue={query.q} placeholder="Title or artist" maxLength={100} />
      </label>
      <label className="field">
        <span>Sort by</span>
        <select name="sort" defaultValue={query.sort}>
          {sortLabels.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Audience on</span>
        <select name="platform" defaultValue={query.platform}>
          {platforms.map((platform) => (
            <option key={platform.slug} value={platform.slug}>
              {platform.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button">
        Search
      </button>
    </Form>
  );
}
