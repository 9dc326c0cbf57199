import type { TrackEvent } from '@/lib/chart/track-view';
import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';

/** Provisional days of one platform, listed when few, summarised when an identifier has long stopped reporting. */
function provisionalDays(dates: readonly string[]): string {
  if (dates.length <= 3) return dates.map(formatDay).join(', ');
  return `${dates.length} days from ${formatDay(dates[0] ?? '')} to ${formatDay(dates.at(-1) ?? '')}`;
}

/**
 * What the chart's lines alone do not tell, as text under the chart: the versions added (a new
 * identifier's lifetime total enters the total on one day, and the daily figures leave it out)
 * and the provisional days (an identifier's last known value stands in for one not reported yet).
 */
export function DataEventsNote({ events }: { events: readonly TrackEvent[] }) {
  if (events.length === 0) return null;
  const added = events.flatMap((event) => (event.type === 'version_added' ? [event] : []));
  const provisional = new Map<string, string[]>();
  for (const event of events) {
    if (event.type === 'provisional') provisional.set(event.platformName, [...(provisional.get(event.platformName) ?? []), event.date]);
  }
  return (
    <section className="data-events" aria-labelledby="data-events-title">
      <h3 id="data-events-title">Data notes</h3>
      <ul>
        {added.map((event) => (
          <li key={`${event.platformId}:${event.identifier}`}>
            <time dateTime={event.date}>{formatDay(event.date)}</time>: a version was added on {event.platformName} (identifier{' '}
            <code>{event.identifier}</code>) with {formatFull(event.value)} {event.metricName.toLowerCase()} to date. It counts in the total
            from that day on, and not as a change on that day.
          </li>
        ))}
        {[...provisional].map(([platformName, dates]) => (
          <li key={`provisional:${platformName}`}>
            Provisional on {platformName}: {provisionalDays(dates)}. A version had not reported {dates.length === 1 ? 'that day' : 'those days'}{' '}
            yet, so its last known value is counted until its own arrives.
          </li>
        ))}
      </ul>
    </section>
  );
}
