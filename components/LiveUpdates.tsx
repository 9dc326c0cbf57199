'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

// Changes stored together (every platform of a refresh) arrive within moments: one refetch for them.
const SETTLE_MS = 300;

/**
 * Refetches the page's server components when the track's data changes (router.refresh keeps the
 * URL, which holds the view, the scroll position and client state). The stream's first URL is kept:
 * after a reconnect the browser sends the last event's id, which the server prefers to `after`.
 */
export function LiveUpdates({ eventsHref }: { eventsHref: string }) {
  const router = useRouter();
  const href = useRef(eventsHref);
  useEffect(() => {
    const source = new EventSource(href.current);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refetch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), SETTLE_MS);
    };
    source.addEventListener('change', refetch);
    source.addEventListener('reset', refetch);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [router]);
  return null;
}
