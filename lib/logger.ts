import pino from 'pino';
import type { Logger } from 'pino';
import { env } from './env';

const holder = globalThis as typeof globalThis & { __audienceLogger?: Logger };

// Every request logs a line, so a line must cost little: lines are written to stdout in batches of
// 4 KB or more, and at least once a second, rather than one write per line (measured by
// bench/chart-api.ts); pino writes what is left when the process exits.
const BATCH_BYTES = 4096;
const FLUSH_EVERY_MS = 1000;

export function logger(): Logger {
  holder.__audienceLogger ??= pino(
    {
      level: env().NODE_ENV === 'test' ? 'silent' : env().LOG_LEVEL,
      base: { service: 'audience' },
      redact: { paths: ['authorization', 'headers.authorization', 'headers.cookie', '*.apiKey', '*.token'], censor: '[redacted]' },
    },
    pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES, periodicFlush: FLUSH_EVERY_MS }),
  );
  return holder.__audienceLogger;
}
