import { describe, expect, it } from 'vitest';
import { formatFull } from '@/lib/number-format';
import { formatDay } from './date-format';
import { dropNote, sampledNote } from './track-chart-text';

describe('dropNote', () => {
  it('says nothing when no total fell', () => {
    expect(dropNote([], new Map())).toBeUndefined();
  });

  it('names each fall with its platform, size and day, and why the day is blank', () => {
    const note = dropNote(
      [{ type: 'drop', date: '2025-07-25', platform: 'spotify', change: -91_440_000 }],
      new Map([['spotify', 'Spotify']]),
    );
    expect(note).toBe(
      `The total on Spotify fell by ${formatFull(91_440_000)} on ${formatDay('2025-07-25')}. A cumulative total falls when SoundCharts ` +
        'restates its source, not when listeners are lost, so such a day shows no change and averages leave it out.',
    );
  });
});

describe('sampledNote', () => {
  it('says what a point of a down-sampled chart stands for in each mode', () => {
    expect(sampledNote(10, 'cumulative')).toContain('each point of the chart stands for up to 10 days and shows the total on the last of them');
    expect(sampledNote(10, 'average7')).toContain('shows the mean of their daily figures');
  });
});
