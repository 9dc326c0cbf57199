/** Dates as people read them, fixed to UTC and en-US so the server and the browser agree. */
const longDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatDay(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatMoment(moment: Date): string {
  return `${dateTime.format(moment)} UTC`;
}
