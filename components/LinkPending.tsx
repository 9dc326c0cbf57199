'use client';

import { useLinkStatus } from 'next/link';

/**
 * Inside a Link: marks it while the view it leads to is on its way from the server, so a click on
 * a range, mode or scale answers at once even when the new chart takes a moment.
 */
export function LinkPending() {
  const { pending } = useLinkStatus();
  return <span className={pending ? 'link-pending is-pending' : 'link-pending'} aria-hidden="true" />;
}
