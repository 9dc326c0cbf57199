import type { TrackMessage } from '@/lib/live/track-changes';

/**
 * Under the idle timeouts of common proxies and load balancers (60 s and more), with room for a late
 * timer on a busy server: a comment line keeps the connection in use.
 */
const HEARTBEAT_MS = 20_000;
// How soon a browser's EventSource reconnects after the stream drops (its default is about 3 s).
const RETRY_MS = 2_000;

const encoder = new TextEncoder();

/** One message in the text/event-stream format; the id is what the browser sends back as Last-Event-ID. */
function eventText(message: TrackMessage): string {
  if (message.kind === 'reset') return `id: ${message.id}\nevent: reset\ndata: {}\n\n`;
  const { id, platform, firstDate, lastDate } = message.change;
  return `id: ${id}\nevent: change\ndata: ${JSON.stringify({ id, platform, first_date: firstDate, last_date: lastDate })}\n\n`;
}

/**
 * A Server-Sent Events reply fed by `follow` (which starts following and returns how to stop), with
 * heartbeats; it stops following when the client goes away. `no-transform` keeps the server's
 * compression from buffering the stream, and X-Accel-Buffering does the same for nginx.
 */
export function eventStreamResponse(
  signal: AbortSignal,
  follow: (send: (message: TrackMessage) => void) => Promise<() => void>,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    let stop = (): void => {};
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      stop();
    };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const write = (text: string): void => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        write(`retry: ${RETRY_MS}\n: connected\n\n`);
        follow((message) => write(eventText(message))).then(
          (unfollow) => {
            stop = unfollow;
            if (closed) unfollow();
            heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
            signal.addEventListener('abort', close, { once: true });
            resolve(
              new Response(stream, {
                headers: {
                  'Content-Type': 'text/event-stream; charset=utf-8',
                  'Cache-Control': 'no-cache, no-transform',
                  'X-Accel-Buffering': 'no',
                },
              }),
            );
          },
          (error: unknown) => {
            close();
            reject(error);
          },
        );
      },
      cancel: close,
    });
  });
}
