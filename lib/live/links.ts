/** The event stream of a track's changes after the data version a page was rendered from. */
export function trackEventsHref(trackUuid: string, renderedVersion: number): string {
  return `/soundcharts/audience/events/${trackUuid}/?after=${renderedVersion}`;
}
