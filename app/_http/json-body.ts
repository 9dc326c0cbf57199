import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { readBoundedBody } from './bounded-body';

/**
 * The request's JSON body, size-limited and parsed with `schema`; an empty body is parsed as `{}`,
 * so a schema with defaults makes the body optional. The Content-Type is not insisted on (curl -d
 * and fetch with a string send other types); these routes take a bearer token, which a browser
 * cannot attach cross-site without a preflight, so a lax type opens no forgery.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  options: { maxBytes: number },
): Promise<z.output<Schema>> {
  const body = await readBoundedBody(request, options.maxBytes);
  if (body === undefined) throw new AppError('payload_too_large', `Request body too large: at most ${options.maxBytes} bytes`);
  const text = body.toString('utf8');
  if (text.trim() === '') return parseInput(schema, {}, 'body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'Request body is not valid JSON');
  }
  return parseInput(schema, parsed, 'body');
}
