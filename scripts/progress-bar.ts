export type ProgressStream = { isTTY?: boolean; columns?: number; write: (text: string) => unknown };
export type ProgressBar = { update: (done: number, label: string) => void; finish: () => void };

const WIDTH = 30;

/** A one-line progress bar redrawn in place; nothing at all when the stream is not a terminal (logs, pipes). */
export function progressBar(stream: ProgressStream, total: number): ProgressBar {
  if (!stream.isTTY || total === 0) return { update: () => {}, finish: () => {} };
  const columns = stream.columns ?? 80;
  let drawn = false;
  return {
    update(done, label) {
      const filled = Math.round((done / total) * WIDTH);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${label}`;
      stream.write(`\r${bar.slice(0, columns - 1).padEnd(columns - 1)}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write(`\r${' '.repeat(columns - 1)}\r`);
    },
  };
}
