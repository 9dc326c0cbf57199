/** A reply as built once: its bytes and the headers that describe them. */
export type CachedReply = { etag: string; body: Uint8Array<ArrayBuffer>; headers: Record<string, string> };

type Entry = CachedReply & { validFor: string };

/**
 * Shaped replies of this process by normalised request, each valid for one set of data versions:
 * an entry is used only while its `validFor` equals the versions read for the request, so a change
 * makes it unreachable at once and it is overwritten or evicted later. Least recently used first out,
 * within a byte budget; a reply bigger than a tenth of the budget is not kept.
 */
export class ReplyCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string, validFor: string): CachedReply | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.validFor !== validFor) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, validFor: string, reply: CachedReply): void {
    this.remove(key);
    if (reply.body.byteLength > this.budgetBytes / 10) return;
    this.entries.set(key, { ...reply, validFor });
    this.bytes += reply.body.byteLength;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.budgetBytes) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }
}
