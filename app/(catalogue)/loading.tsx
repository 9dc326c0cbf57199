/** Shown at once while the track list is read, after a search or a change of sort or page. */
export default function TrackListLoading() {
  return (
    <main id="main" tabIndex={-1} className="page" aria-busy="true">
      <div className="page-title">
        <h1>Tracks</h1>
        <p className="muted">Loading the tracks…</p>
      </div>
    </main>
  );
}
