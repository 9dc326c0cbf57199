/** The cover from SoundCharts, or the track's initials on a tinted square when there is none. */
export function TrackCover({ name, imageUrl, size }: { name: string; imageUrl: string | null; size: 'small' | 'large' }) {
  if (imageUrl) {
    // A plain img: covers come from SoundCharts' CDN (or the shipped double) and need no optimising proxy.
    return <img className={`cover cover-${size}`} src={imageUrl} alt="" loading="lazy" decoding="async" />;
  }
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return (
    <span className={`cover cover-${size} cover-placeholder`} aria-hidden="true">
      {initials || '♪'}
    </span>
  );
}
