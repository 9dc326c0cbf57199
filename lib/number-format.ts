/**
 * Number formats shared by the server-rendered tables and the chart in the browser: full numbers
 * where a person reads an exact figure (tooltips, tables), compact ones where space is short (axes,
 * list cells). Fixed to en-US so that server and browser render the same text.
 */

const full = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const signedCompact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

export function formatFull(value: number): string {
  return full.format(value);
}

/** 1.5K, 1.5M, 1.5B. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** +1.5K, -200, 0: a change, with its sign. */
export function formatChange(value: number): string {
  return signedCompact.format(value);
}
