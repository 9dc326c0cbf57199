import { formatFull } from '@/lib/number-format';
import type { Finding, FindingKind } from './series-findings';

export const findingKindNames: Record<FindingKind, string> = {
  falling: 'Total fell',
  flat: 'Value unchanged',
  gap: 'Days missing',
  future: 'Dated in the future',
  never_fetched: 'Never fetched',
  no_code: 'No SoundCharts code',
};

const plural = (count: number, one: string): string => `${formatFull(count)} ${one}${count === 1 ? '' : 's'}`;

/** A finding as one sentence, for the command's table and the admin page. */
export function findingInWords(finding: Finding): string {
  const size = finding.size ?? 0;
  switch (finding.kind) {
    case 'falling':
      return `fell by ${formatFull(size)} from ${finding.from} to ${finding.to}`;
    case 'flat':
      return `the same value for ${plural(size, 'day')}, ${finding.from} to ${finding.to}`;
    case 'gap':
      return `${plural(size, 'day')} missing between ${finding.from} and ${finding.to}`;
    case 'future':
      return `${plural(size, 'point')} dated ${finding.from === finding.to ? finding.from : `${finding.from} to ${finding.to}`}`;
    case 'never_fetched':
      return 'no successful fetch and no stored day';
    case 'no_code':
      return 'its SoundCharts code is not set; the slug is asked for instead';
  }
}
