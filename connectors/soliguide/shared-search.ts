/**
 * One `POST /new-search` answer per request and body. listStructures and listServices of one filter
 * send the same body, and are two cached operations (cached-kinds.ts): a request that needs both (the
 * services of a département with their structure) would search twice. Here the second cache miss of
 * the SAME request reuses the first one's places, in flight or just received; each operation keeps
 * its own cache entry, TTL, tags and stale-if-error. Keyed by request id, so a later request (after
 * an invalidation, say) always asks the partner again, and one request sees one snapshot of the
 * lieux. Failures are never kept; entries go after `holdMs` or past `max` (oldest first).
 */
import type { CallContext } from '../connector.js';

/** Shares one search answer between the operations of one request. */
export class SharedSearch<T> {
  private readonly answers = new Map<string, { readonly places: Promise<T>; settledAt?: number }>();

  constructor(
    private readonly holdMs = 30_000,
    private readonly max = 16,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer to `body` for the request of `ctx`: shared when the request already asked, else `fetch()`. */
  get(body: unknown, ctx: CallContext | undefined, fetch: () => Promise<T>): Promise<T> {
    if (ctx?.requestId === undefined) return fetch();
    this.sweep();
    const key = `${ctx.requestId}\n${JSON.stringify(body)}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known.places;
    const entry: { places: Promise<T>; settledAt?: number } = { places: fetch() };
    this.answers.set(key, entry);
    entry.places.then(
      () => void (entry.settledAt = this.now()),
      () => void (this.answers.get(key) === entry && this.answers.delete(key)),
    );
    if (this.answers.size > this.max) this.answers.delete(this.answers.keys().next().value!);
    return entry.places;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, { settledAt }] of this.answers) if (settledAt !== undefined && now - settledAt >= this.holdMs) this.answers.delete(key);
  }
}
