import { NextResponse } from 'next/server';
import { readBoundedBody } from './bounded-body';

/** The forms our actions take are a few short fields; Next.js's own limit (1 MB) answers a bare 500 when exceeded. */
export const ACTION_BODY_MAX_BYTES = 64 * 1024;

const MAX_DEPTH = 8;
const formRef = /^\$K[0-9a-f]{1,4}$/;
// The only encoded values an honest client sends our actions: undefined, special numbers, an
// escaped dollar, a form. References to other rows, promises, maps and server references are not.
const plainSpecials = new Set(['$undefined', '$NaN', '$Infinity', '$-Infinity', '$-0']);

class MalformedAction extends Error {}

function refuse(status: number, error: string): NextResponse {
  return NextResponse.json({ success: false, error }, { status });
}

function checkPlain(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw new MalformedAction('arguments nested too deeply');
  if (typeof value === 'string') {
    if (value.startsWith('$') && !value.startsWith('$$') && !plainSpecials.has(value) && !formRef.test(value)) {
      throw new MalformedAction(`unsupported encoded value ${JSON.stringify(value.slice(0, 20))}`);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) checkPlain(item, depth + 1);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) checkPlain(item, depth + 1);
  }
}

function parseRow(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedAction(`${what} is not JSON`);
  }
}

/** Every action of this app takes a form as its last argument, after at most one previous state. */
function checkArguments(text: string): void {
  const args = parseRow(text, 'the arguments');
  if (!Array.isArray(args) || args.length < 1 || args.length > 2 || !formRef.test(String(args.at(-1)))) {
    throw new MalformedAction('the arguments must be an optional previous state and a form');
  }
  checkPlain(args, 0);
}

function stringField(form: FormData, key: string): string {
  const value = form.get(key);
  if (typeof value !== 'string') throw new MalformedAction(`field ${key} is missing or a file`);
  return value;
}

/** A call made by fetch (Next-Action header): row 0 holds the arguments, `_<n>_<name>` the form fields. */
function checkFetchForm(form: FormData): void {
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') throw new MalformedAction('files are not accepted');
    if (key !== '0' && !/^_\d{1,4}_/.test(key)) throw new MalformedAction(`unexpected field ${JSON.stringify(key.slice(0, 40))}`);
  }
  checkArguments(stringField(form, '0'));
}

/** A form posted before the page's scripts ran: `$ACTION_ID_<id>`, or `$ACTION_REF_<n>` with its bound state. */
function checkProgressiveForm(form: FormData): void {
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') throw new MalformedAction('files are not accepted');
    const ref = key.match(/^\$ACTION_REF_(\d{1,4})$/);
    if (!ref) continue;
    const prefix = `$ACTION_${ref[1]}:`;
    const meta = parseRow(stringField(form, `${prefix}0`), 'the action reference');
    if (meta === null || typeof meta !== 'object' || typeof (meta as { id?: unknown }).id !== 'string') {
      throw new MalformedAction('the action reference must name an action');
    }
    const bound = (meta as { bound?: unknown }).bound;
    if (bound === null || bound === undefined) continue;
    const row = typeof bound === 'string' ? bound.match(/^\$@([0-9a-f]{1,4})$/)?.[1] : undefined;
    if (row === undefined || row === '0') throw new MalformedAction('the bound arguments must be a reference to a row');
    const args = parseRow(stringField(form, `${prefix}${parseInt(row, 16)}`), 'the bound arguments');
    if (!Array.isArray(args) || args.length > 1) throw new MalformedAction('the bound arguments must be at most a previous state');
    checkPlain(args, 0);
  }
}

/**
 * Next.js answers a server action call whose body it cannot decode, or whose arguments make the
 * action throw before it looks at them, with a 500. This checks a POST to a page the way an honest
 * client encodes our actions (a form, after at most a previous state) and answers anything else
 * with a 4xx JSON error that says what was wrong. Undefined: not an action call, or a well-formed one.
 */
export async function refuseMalformedServerAction(request: Request): Promise<NextResponse | undefined> {
  if (request.method !== 'POST') return undefined;
  const fetchAction = request.headers.has('next-action');
  const contentType = request.headers.get('content-type') ?? '';
  const multipart = /^multipart\/form-data\b/i.test(contentType);
  if (!fetchAction && !multipart) return undefined;
  const body = await readBoundedBody(request.clone(), ACTION_BODY_MAX_BYTES);
  if (body === undefined) return refuse(413, `Server action request too large: at most ${ACTION_BODY_MAX_BYTES} bytes`);
  try {
    if (!multipart) {
      const text = body.toString('utf8');
      // An action without parameters (signOut in the site header) is sent no arguments: `[]`. An empty
      // body is not an encoding of anything, and Next.js would fail on it with a 500.
      if (text === '[]') return undefined;
      checkArguments(text);
      return undefined;
    }
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new MalformedAction('the body is not valid multipart form data');
    }
    if (fetchAction) checkFetchForm(form);
    else checkProgressiveForm(form);
    return undefined;
  } catch (error) {
    if (error instanceof MalformedAction) return refuse(400, `Malformed server action request: ${error.message}`);
    throw error;
  }
}
