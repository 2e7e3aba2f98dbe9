/**
 * One partner read per request and key, shared by the connector operations that need it. The cache
 * wraps each operation (cached-kinds.ts), but some partners serve two operations from one read:
 * Soliguide's lieux and their services come from the same `POST /new-search` body, and DORA's
 * services are checked against its structures table, which listStructures also reads. A request
 * that needs both operations would make that read twice. Here the second cache miss of the SAME
 * request reuses the first one's answer, in flight or just received; each operation keeps its own
 * cache entry, TTL, tags and stale-if-error. Keyed by request id, so a later request (after an
 * invalidation, say) always asks the partner again, and one request sees one snapshot. Failures are
 * never kept; entries go after `holdMs` or past `max` (oldest first).
 *
 * The sharing wraps a partner READ, not an operation: what two operations share sits below them,
 * inside the partner (the same body mapped two ways). So the registry gives `requestShared()` to
 * every partner (`ConnectorDeps.shareRead`) and the partner says which of its reads it serves to
 * two operations (docs/architecture.md, "Request sharing").
 */
import type { CallContext, PartnerRead, ShareRead, SharingOptions } from './connector.js';

/** Shares one partner read between the operations of one request. */
export class RequestShared<T> {
  private readonly answers = new Map<string, { readonly answer: Promise<T>; settledAt?: number }>();

  constructor(
    private readonly holdMs = 30_000,
    private readonly max = 16,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer to `key` for the request of `ctx`: shared when the request already asked, else `fetch()`. */
  get(key: unknown, ctx: CallContext | undefined, fetch: () => Promise<T>): Promise<T> {
    if (ctx?.requestId === undefined) return fetch();
    this.sweep();
    const id = `${ctx.requestId}\n${JSON.stringify(key)}`;
    const known = this.answers.get(id);
    if (known !== undefined) return known.answer;
    const entry: { answer: Promise<T>; settledAt?: number } = { answer: fetch() };
    this.answers.set(id, entry);
    entry.answer.then(
      () => void (entry.settledAt = this.now()),
      () => void (this.answers.get(id) === entry && this.answers.delete(id)),
    );
    if (this.answers.size > this.max) this.answers.delete(this.answers.keys().next().value!);
    return entry.answer;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, { settledAt }] of this.answers)
      if (settledAt !== undefined && now - settledAt >= this.holdMs) this.answers.delete(key);
  }
}

/** The registry's request sharing: each read it wraps keeps its own answers, `defaults` unless the read says otherwise. */
export function requestShared(defaults: SharingOptions & { readonly now?: () => number } = {}): ShareRead {
  return <A, T>(read: PartnerRead<A, T>, opts: SharingOptions = {}): PartnerRead<A, T> => {
    const { holdMs, max } = { ...defaults, ...opts };
    const answers = new RequestShared<T>(holdMs, max, defaults.now);
    return (arg, ctx) => answers.get(arg, ctx, () => read(arg, ctx));
  };
}

/** No sharing: every operation makes its own read (a connector built outside the registry). */
export const unshared: ShareRead = (read) => read;
