'use client';

import Link from 'next/link';

/** A page that failed on the server (most often the database being unreachable): say so, offer a retry. */
export default function PageError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <main id="main" tabIndex={-1} className="page">
      <div className="card empty" role="alert">
        <h1>This page could not be loaded</h1>
        <p>
          The server could not read the data just now; the database may be unavailable. Try again in a moment. If it
          keeps failing, an admin can check the server log{error.digest ? ` for error ${error.digest}` : ''}.
        </p>
        <p>
          {/* retry fetches the page from the server again; reset alone would only re-render what failed there. */}
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>{' '}
          <Link className="button button-quiet" href="/">
            All tracks
          </Link>
        </p>
      </div>
    </main>
  );
}
