import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_DIST_DIR } from './next-server';
import { rawRequest } from './raw-http';
import type { RawReply } from './raw-http';

export type ServerAction = {
  id: string;
  /** The 'use server' file, relative to the project root. */
  file: string;
  name: string;
  /** Paths of pages that render a form for it (actions may be posted to any page). */
  pages: string[];
};

type Manifest = { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };

function pagePath(worker: string, trackUuid: string): string | undefined {
  const route = worker.replace(/^app/, '').replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '');
  if (route.startsWith('/_')) return undefined;
  return route.replace('[uuid]', trackUuid) || '/';
}

/** The server actions of the production build under test, read from its server reference manifest. */
export function serverActions(trackUuid: string, distDir: string = TEST_DIST_DIR): ServerAction[] {
  const manifestPath = path.resolve(import.meta.dirname, '..', distDir, 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    file: entry.filename,
    name: entry.exportedName,
    pages: Object.keys(entry.workers).flatMap((worker) => pagePath(worker, trackUuid) ?? []),
  }));
}

export function actionNamed(actions: readonly ServerAction[], name: string): ServerAction {
  const action = actions.find((candidate) => candidate.name === name);
  if (!action) throw new Error(`no server action ${name} in the build`);
  return action;
}

export type EncodedCall = { body: Buffer; contentType: string };

/**
 * A call as React's client encodes it for an action taking (previousState, formData): the form's
 * fields as `_1_<name>`, then row 0 with the arguments as JSON. `previous` is already encoded
 * (undefined is the string "$undefined"); omit it for an action that takes the form only.
 */
export async function encodeActionCall(fields: Record<string, string>, previous?: unknown): Promise<EncodedCall> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  // Last, as React's client sends it: the server decodes row 0 as soon as it arrives.
  form.append('0', JSON.stringify(previous === undefined ? ['$K1'] : [previous, '$K1']));
  return encodeForm(form);
}

export async function encodeForm(form: FormData): Promise<EncodedCall> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

/** The value an action returned, from the React Flight reply of a fetch call (its row 1). */
export function actionResult(flight: string): unknown {
  const row = flight.split('\n').find((line) => line.startsWith('1:'));
  if (!row) throw new Error(`no result row in ${flight.slice(0, 200)}`);
  return JSON.parse(row.slice(2));
}

export const ADMIN_COOKIE = 'audience_admin';

/** The admin session cookie (name=value) from a reply's Set-Cookie headers, if one was set. */
export function sessionCookie(setCookie: string | string[] | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = cookies.find((cookie) => cookie.startsWith(`${ADMIN_COOKIE}=`) && !cookie.startsWith(`${ADMIN_COOKIE}=;`));
  return found?.split(';')[0];
}

/** Posts an action call to a page as React's client does (Next-Action header), with an optional Cookie header. */
export function postAction(baseUrl: string, actionId: string, path: string, call: EncodedCall, cookie?: string): Promise<RawReply> {
  const headers: Record<string, string> = { 'next-action': actionId, 'content-type': call.contentType, origin: baseUrl };
  if (cookie) headers.cookie = cookie;
  return rawRequest(baseUrl, { method: 'POST', path, headers, body: call.body });
}

/** Signs in through the signIn action and returns the session cookie (name=value) it sets. */
export async function signInCookie(baseUrl: string, actions: readonly ServerAction[], token: string): Promise<string> {
  const call = await encodeActionCall({ token, next: '/' }, { error: '$undefined' });
  const reply = await postAction(baseUrl, actionNamed(actions, 'signIn').id, '/sign-in', call);
  const cookie = sessionCookie(reply.headers['set-cookie']);
  if (!cookie) throw new Error(`sign-in set no session cookie: ${reply.status} ${reply.body.slice(0, 200)}`);
  return cookie;
}
