import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startScript } from '@/app/_openapi/reference-page';
import { jsonError } from '@/app/_http/error-response';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

// Read from the installed package, as db/client.ts reads its migrations: next.config.mjs has the
// files traced into serverless bundles. Only these names: the segment never reaches the file system.
const packageDir = path.join(process.cwd(), 'node_modules', 'swagger-ui-dist');
const packaged: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

export const GET = handler<{ file: string }>(async (_request, { file }) => {
  const headers = { 'Cache-Control': 'public, max-age=86400' };
  if (file === 'start.js') return new Response(startScript, { headers: { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' } });
  const type = Object.hasOwn(packaged, file) ? packaged[file] : undefined;
  if (type === undefined) return jsonError(404, `No asset ${JSON.stringify(file.slice(0, 64))} of the reference page`);
  const body = await readFile(path.join(packageDir, file));
  return new Response(new Uint8Array(body), { headers: { ...headers, 'Content-Type': type } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
