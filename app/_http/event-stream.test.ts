import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrackMessage } from '@/lib/live/track-changes';
import { eventStreamResponse } from './event-stream';

async function readSome(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const { value } = await reader.read();
  return new TextDecoder().decode(value);
}

describe('eventStreamResponse', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('greets, sends each message with its id, beats every 20 s, and stops following when the client leaves', async () => {
    vi.useFakeTimers();
    const aborting = new AbortController();
    const unfollow = vi.fn();
    let send: (message: TrackMessage) => void = () => {};
    const response = await eventStreamResponse(aborting.signal, async (sender) => {
      send = sender;
      return unfollow;
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(await readSome(reader)).toBe('retry: 2000\n: connected\n\n');

    send({ kind: 'change', change: { id: 7, trackId: 1, platform: 'spotify', firstDate: '2025-01-01', lastDate: null } });
    expect(await readSome(reader)).toBe('id: 7\nevent: change\ndata: {"id":7,"platform":"spotify","first_date":"2025-01-01","last_date":null}\n\n');
    send({ kind: 'reset', id: 9 });
    expect(await readSome(reader)).toBe('id: 9\nevent: reset\ndata: {}\n\n');

    await vi.advanceTimersByTimeAsync(19_999);
    const beat = readSome(reader);
    await vi.advanceTimersByTimeAsync(1);
    expect(await beat).toBe(': heartbeat\n\n');

    expect(unfollow).not.toHaveBeenCalled();
    aborting.abort();
    expect(unfollow).toHaveBeenCalledTimes(1);
    await reader.cancel();
    expect(unfollow).toHaveBeenCalledTimes(1);
  });

  it('fails as the follow fails (an unknown track), before any reply is sent', async () => {
    await expect(
      eventStreamResponse(new AbortController().signal, async () => {
        throw new Error('Track 00000000-0000-1000-8000-000000000000 not found');
      }),
    ).rejects.toThrow('not found');
  });
});
