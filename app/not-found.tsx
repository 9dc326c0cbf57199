import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="page">
      <div className="card empty">
        <h1>Not found</h1>
        <p>
          There is no track or page at this address. It may have been mistyped, or the track has not been added yet.{' '}
          <Link href="/">Browse all tracks</Link>.
        </p>
      </div>
    </main>
  );
}
