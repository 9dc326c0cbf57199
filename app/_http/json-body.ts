import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `Request body too large: at most ${maxBytes} bytes`);
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // A body without a declared length is cut off here rather than buffered whole.
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

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
  const text = await readLimited(request, options.maxBytes);
  if (text.trim() === '') return parseInput(schema, {}, 'body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'Request body is not valid JSON');
  }
  return parseInput(schema, parsed, 'body');
}
