import { request } from 'node:http';

export type RawReply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export type RawRequest = {
  method: string;
  /** Sent exactly as given (no normalisation of `..` or percent-encoding, unlike fetch). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

/** One HTTP request with the path on the wire exactly as written, for hostile-input tests. */
export function rawRequest(baseUrl: string, raw: RawRequest): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      // A connection of its own: a kept-alive one may be closed by the server just as it is reused.
      // Headers up to 64 KB, as browsers take: Next.js's 308 for a path with `//` names the path twice
      // (Location and Refresh), past Node's 16 KB default for a 10 KB path.
      {
        host: hostname,
        port,
        method: raw.method,
        path: raw.path,
        headers: raw.headers,
        timeout: 30_000,
        agent: false,
        maxHeaderSize: 64 * 1024,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${raw.method} ${raw.path.slice(0, 200)} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });
}
