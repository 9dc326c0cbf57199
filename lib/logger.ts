import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { env } from './env';
import type { Env } from './env';

const holder = globalThis as typeof globalThis & { __audienceLogger?: Logger };

// Every request logs a line, so a line must cost little: lines are written to stdout in batches of
// 4 KB or more, and at least once a second, rather than one write per line (measured by
// bench/chart-api.ts); pino writes what is left when the process exits.
const BATCH_BYTES = 4096;
const FLUSH_EVERY_MS = 1000;

export type LogOutput = { format: 'json' | 'pretty'; sync: boolean };

/**
 * JSON is for machines (production, CI, a pipe or a file), readable lines for a person at a
 * terminal. A serverless instance is frozen once its reply is sent, before a batch's timer fires,
 * and may never thaw: there every line is written before the call that logs it returns.
 */
export function logOutput(settings: Env, stdoutIsTerminal: boolean): LogOutput {
  const atTerminal = (stdoutIsTerminal || settings.FORCE_COLOR === true) && settings.NODE_ENV !== 'production' && settings.CI !== true;
  const serverless = settings.VERCEL === true || settings.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  return { format: settings.LOG_FORMAT ?? (atTerminal ? 'pretty' : 'json'), sync: settings.LOG_SYNC ?? serverless };
}

function destination(output: LogOutput, colours: boolean): DestinationStream {
  if (output.format === 'pretty') {
    // A person reads these as they come: no batching, whatever LOG_SYNC says.
    // One line a request, as a person scans them: time, level, method, path, status, duration, message.
    return pretty({
      colorize: colours,
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      messageFormat: '{if method}{method} {end}{if path}{path} {end}{if status}{status} {end}{if durationMs}{durationMs} ms {end}{msg}',
      ignore: 'pid,hostname,service,requestId,method,path,status,durationMs',
    });
  }
  if (output.sync) return pino.destination({ dest: 1, sync: true });
  return pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES, periodicFlush: FLUSH_EVERY_MS });
}

export function logger(): Logger {
  if (!holder.__audienceLogger) {
    const settings = env();
    const stdoutIsTerminal = process.stdout.isTTY === true;
    holder.__audienceLogger = pino(
      {
        level: settings.NODE_ENV === 'test' ? 'silent' : settings.LOG_LEVEL,
        base: { service: 'audience' },
        redact: { paths: ['authorization', 'headers.authorization', 'headers.cookie', '*.apiKey', '*.token'], censor: '[redacted]' },
      },
      destination(logOutput(settings, stdoutIsTerminal), stdoutIsTerminal || settings.FORCE_COLOR === true),
    );
  }
  return holder.__audienceLogger;
}
