import pino from 'pino';
import type { Logger } from 'pino';
import { env } from './env';

const holder = globalThis as typeof globalThis & { __audienceLogger?: Logger };

export function logger(): Logger {
  holder.__audienceLogger ??= pino({
    level: env().NODE_ENV === 'test' ? 'silent' : env().LOG_LEVEL,
    base: { service: 'audience' },
    redact: { paths: ['authorization', 'headers.authorization', 'headers.cookie', '*.apiKey', '*.token'], censor: '[redacted]' },
  });
  return holder.__audienceLogger;
}
