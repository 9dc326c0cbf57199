/** A Server-Sent Events reader for tests: the events of a streamed fetch, awaited one by one. */
type ReceivedEvent = { id: string | undefined; event: string; data: string };

export type EventStreamClient = {
  response: Response;
  /** The next event of the given type, failing after timeoutMs. */
  next: (event: string, timeoutMs?: number) => Promise<ReceivedEvent>;
  /** Every comment line received so far (heartbeats, the greeting). */
  comments: () => string[];
  close: () => void;
};

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  if (response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = new Map<string, string>();
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else {
                const colon = line.indexOf(':');
                if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
              }
            }
            if (fields.has('data')) events.push({ id: fields.get('id'), event: fields.get('event') ?? 'message', data: fields.get('data') ?? '' });
            for (const wake of waiters) wake();
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Closed by close(): the reader ends.
      }
    })();
  }
  const next = async (event: string, timeoutMs = 15_000): Promise<ReceivedEvent> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = events.findIndex((candidate) => candidate.event === event);
      if (index >= 0) return events.splice(index, 1)[0] as ReceivedEvent;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${event} event within ${timeoutMs} ms (got ${JSON.stringify(events)})`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
  };
  return { response, next, comments: () => [...comments], close: () => controller.abort() };
}
