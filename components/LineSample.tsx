import { platformDash } from '@/lib/chart/platform-marks';

/** A short stretch of a platform's line, colour and dash pattern as on the chart, for headings. */
export function LineSample({ slug, color }: { slug: string; color: string }) {
  return (
    <svg className="line-sample" width="28" height="8" viewBox="0 0 28 8" aria-hidden="true" focusable="false">
      <line x1="0" y1="4" x2="28" y2="4" stroke={color} strokeWidth="2.5" strokeDasharray={platformDash(slug).join(' ') || undefined} />
    </svg>
  );
}
