import type { DataEvent } from './modes';
import type { SeriesEvent } from './series';

/**
 * The chart replies' `data_events`: what the totals alone do not tell a reader of the chart.
 * `version_added`: a new platform identifier of the song (a remaster, another TikTok sound) first
 * reported that day; its lifetime total (`value`) is in the total from that day on. `provisional`:
 * that day's total counts the last known value of an identifier that has not reported it yet.
 */
export type DataEventReply =
  | { type: 'version_added'; date: string; platform: string; identifier: string; value: number }
  | { type: 'provisional'; date: string; platform: string }
  | DataEvent;

/**
 * The events of the shown platforms in reply form, by date, then in the order the platforms are
 * shown, versions added before provisional days. Events of other platforms are left out.
 */
function dataEventsReply(events: readonly SeriesEvent[], platforms: readonly { id: number; slug: string }[]): DataEventReply[] {
  const position = new Map(platforms.map((platform, index) => [platform.id, index]));
  const slugs = new Map(platforms.map((platform) => [platform.id, platform.slug]));
  const shown = events.filter((event) => position.has(event.platformId));
  const order = (event: SeriesEvent): [string, number, number, string] => [
    event.date,
    position.get(event.platformId) ?? 0,
    event.type === 'version_added' ? 0 : 1,
    event.type === 'version_added' ? event.identifier : '',
  ];
  return [...shown]
    .sort((a, b) => {
      const left = order(a);
      const right = order(b);
      for (let index = 0; index < left.length; index += 1) {
        if (left[index] !== right[index]) return (left[index] ?? 0) < (right[index] ?? 0) ? -1 : 1;
      }
      return 0;
    })
    .map((event) => {
      const platform = slugs.get(event.platformId) ?? '';
      return event.type === 'version_added'
        ? { type: event.type, date: event.date, platform, identifier: event.identifier, value: event.value }
        : { type: event.type, date: event.date, platform };
    });
}

/**
 * The `data_events` of a reply in a derived mode, always present: the versions added and provisional
 * days from `firstDate` on (days read before the window only feed the first figures), and the drops,
 * in date order.
 */
export function derivedDataEvents(
  events: readonly SeriesEvent[],
  platforms: readonly { id: number; slug: string }[],
  firstDate: string | undefined,
  drops: readonly DataEvent[],
): DataEventReply[] {
  if (firstDate === undefined) return [];
  const shown = dataEventsReply(
    events.filter((event) => event.date >= firstDate),
    platforms,
  );
  return [...shown, ...drops].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The optional `data_events` key of a chart reply: present only when there is an event, so replies without any keep their shape. */
export function dataEventsField(events: readonly SeriesEvent[], platforms: readonly { id: number; slug: string }[]): { data_events?: DataEventReply[] } {
  const reply = dataEventsReply(events, platforms);
  return reply.length > 0 ? { data_events: reply } : {};
}

/**
 * A platform's totals without the lifetime counts of the versions added: daily change and its
 * averages are differences of these, so a version added is the sum of the identifiers' own changes
 * that day rather than a spike of its whole history. A version's first day adds no change; only
 * its later growth does. Only differences matter, so versions added before `dates` start change
 * nothing. Values aligned with `dates`; null stays null.
 */
export function withoutVersionsAdded(
  dates: readonly string[],
  values: readonly (number | null)[],
  platformId: number,
  events: readonly SeriesEvent[],
): (number | null)[] {
  const added = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'version_added' && event.platformId === platformId) added.set(event.date, (added.get(event.date) ?? 0) + event.value);
  }
  if (added.size === 0) return [...values];
  let discount = 0;
  return dates.map((date, index) => {
    discount += added.get(date) ?? 0;
    const value = values[index] ?? null;
    return value === null ? null : value - discount;
  });
}
