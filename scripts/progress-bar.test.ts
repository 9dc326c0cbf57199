import { describe, expect, it } from 'vitest';
import { progressBar } from './progress-bar';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, target: { isTTY, columns: 60, write: (text: string) => writes.push(text) } };
}

describe('progress bar', () => {
  it('redraws one line in place on a terminal and clears it at the end', () => {
    const { writes, target } = stream(true);
    const bar = progressBar(target, 4);
    bar.update(1, 'spotify a');
    bar.update(4, 'tiktok b');
    bar.finish();
    expect(writes[0]).toBe(`\r${'[########----------------------] 1/4 spotify a'.padEnd(59)}`);
    expect(writes[1]).toContain('[##############################] 4/4 tiktok b');
    expect(writes.every((text) => text.startsWith('\r') && !text.includes('\n'))).toBe(true);
    expect(writes[2]).toBe(`\r${' '.repeat(59)}\r`);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { writes, target } = stream(false);
    const bar = progressBar(target, 4);
    bar.update(1, 'x');
    bar.finish();
    expect(writes).toEqual([]);
  });
});
