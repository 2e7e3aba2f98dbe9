/**
 * The two cache levels read and written together: L1 (in-process Lru of decoded entries) in front of
 * L2 (a KeyValueCache: Redis, or memory). Reads stop at a fresh L1 entry; otherwise L2 is asked
 * (another replica may have refreshed it) and the newer of the two wins. Writes go to L1 at once and
 * to L2 in one batch, later: encoding a national list (JSON, deflate) costs tens of milliseconds, so
 * it waits for the next turn of the event loop and the answer that has just landed is handed over,
 * and its response sent, first. Until its L2 write is sent an entry is "unwritten": an invalidation
 * of its key, prefix or tags cancels that write (it must not land after the delete). L2 is best
 * effort: its store already turns every failure into a miss.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type CacheEntry, decodeEntry, encodeEntry, hardExpiry, heapSize } from './entry.js';
import type { Lru } from './lru.js';
import type { KeyValueCache } from './store.js';
import type { TagIndex } from './tags.js';

/** One entry to write, with the tags it carries. */
export interface Write {
  readonly key: string;
  readonly entry: CacheEntry;
  readonly tags?: readonly string[];
}

/** Options of Tiers. */
export interface TiersOptions {
  readonly l1: Lru<CacheEntry>;
  readonly l2: KeyValueCache;
  /** Milliseconds clock; the same one the Lru was given. */
  readonly clock: () => number;
  readonly tags?: TagIndex;
  /** JSON length from which stored values are compressed. @default 8 KiB */
  readonly compressAboveBytes?: number;
  /** Told about values that cannot be stored (not JSON-serialisable). */
  readonly onUnstorable?: (key: string, err: Error) => void;
}

/** L1 + L2 reads and writes. */
export class Tiers {
  /** L2 reads in flight: concurrent readers of one key share one GET (a hot key is read once per burst). */
  private readonly reading = new Map<string, Promise<CacheEntry | undefined>>();
  /** Writes in L1 whose L2 write is not sent yet; an invalidation cancels them (see forgetLocal). */
  private readonly unwritten = new Map<string, Write>();
  /** Writes whose L2 part is still under way (drain). */
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly opts: TiersOptions) {}

  /** Resolves once every write started so far has reached L2 (or was cancelled). */
  async drain(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /** The best entry known for `key` (fresh or not), or undefined. */
  read(key: string): Promise<CacheEntry | undefined> {
    const local = this.opts.l1.get(key);
    if (local !== undefined && this.isFresh(local)) return Promise.resolve(local);
    const running = this.reading.get(key);
    if (running !== undefined) return running;
    const read = this.opts.l2.get(key).then((text) => this.prefer(key, local, text));
    this.reading.set(key, read);
    const done = () => void this.reading.delete(key);
    void read.then(done, done);
    return read;
  }

  /** The L1 entry for `key` when it is fresh, else undefined; never asks L2 (synchronous, for hot paths). */
  peek(key: string): CacheEntry | undefined {
    const local = this.opts.l1.get(key);
    return local !== undefined && this.isFresh(local) ? local : undefined;
  }

  /** Aligned with `keys`: L1 first, then ONE L2 round trip (MGET) for every key L1 could not answer fresh. */
  async readMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    const found = keys.map((k) => this.opts.l1.get(k));
    const ask = keys.filter((_, i) => found[i] === undefined || !this.isFresh(found[i]!));
    if (ask.length === 0) return found;
    const remote = await this.opts.l2.getMany(ask);
    const byKey = new Map(ask.map((k, i) => [k, remote[i]]));
    return keys.map((k, i) => (byKey.has(k) ? this.prefer(k, found[i], byKey.get(k)) : found[i]));
  }

  /** A fresh entry in L2 only (what a coalescing winner just stored), copied into L1; else undefined. */
  async readFresh(key: string): Promise<CacheEntry | undefined> {
    const entry = this.prefer(key, undefined, await this.opts.l2.get(key));
    return entry !== undefined && this.isFresh(entry) ? entry : undefined;
  }

  /**
   * Writes to L1 now, counted in its byte bound from the next turn of the event loop; L2 (ONE setMany
   * round trip) and the tag index in the background, from that turn too. Resolves once both are done,
   * or the writes were cancelled or unstorable; never rejects. `sent` is called synchronously right
   * after the L2 and tag commands are issued (not when none are): the coalescer's lock release then
   * travels behind them on the same connection.
   */
  write(writes: readonly Write[], sent?: () => void): Promise<void> {
    const writing = this.writeBoth(writes, sent);
    this.writing.add(writing);
    const done = () => void this.writing.delete(writing);
    void writing.then(done, done);
    return writing;
  }

  private async writeBoth(writes: readonly Write[], sent?: () => void): Promise<void> {
    const now = this.opts.clock();
    const queued = writes.filter((w) => hardExpiry(w.entry) > now);
    for (const w of queued) {
      // Sized on the next turn (heapSize walks the whole value): until then it counts for nothing.
      this.opts.l1.set(w.key, w.entry, hardExpiry(w.entry), 0);
      this.unwritten.set(w.key, w);
    }
    if (queued.length === 0) return;
    await nextTurn();
    for (const w of queued)
      if (this.opts.l1.get(w.key) === w.entry) this.opts.l1.set(w.key, w.entry, hardExpiry(w.entry), heapSize(w.entry));
    const texts = await Promise.all(
      queued.map((w) => encodeEntry(w.entry, this.opts.compressAboveBytes).catch((err: Error) => err)),
    );
    const remote: Array<{ key: string; value: string; ttlSeconds: number }> = [];
    const tagged: Array<{ key: string; tags: readonly string[]; ttlSeconds: number }> = [];
    const at = this.opts.clock();
    queued.forEach((w, i) => {
      if (this.unwritten.get(w.key) !== w) return; // cancelled by an invalidation, or superseded by a newer write
      this.unwritten.delete(w.key);
      const text = texts[i]!;
      if (text instanceof Error) {
        this.opts.onUnstorable?.(w.key, text);
        this.dropLocal(w);
        return;
      }
      const ttlSeconds = (hardExpiry(w.entry) - at) / 1000;
      if (!(ttlSeconds > 0)) return;
      remote.push({ key: w.key, value: text, ttlSeconds });
      if (w.tags !== undefined && w.tags.length > 0) tagged.push({ key: w.key, tags: w.tags, ttlSeconds });
    });
    if (remote.length === 0) return;
    const stored = Promise.all([
      this.opts.l2.setMany(remote),
      tagged.length > 0 ? this.opts.tags?.tag(tagged) : undefined,
    ]);
    sent?.();
    await stored;
  }

  /**
   * Drops keys, prefixes and the unwritten entries carrying `tags` from L1, and cancels their pending
   * L2 writes (an invalidation here, or another replica's, broadcast). Call it BEFORE deleting from
   * L2 as well, so no write of a value landed earlier is sent after the delete.
   */
  forgetLocal(keys: readonly string[], prefixes: readonly string[] = [], tags: readonly string[] = []): void {
    for (const key of keys) this.opts.l1.delete(key);
    for (const prefix of prefixes) this.opts.l1.deletePrefix(prefix);
    if (this.unwritten.size === 0) return;
    const named = new Set(keys);
    const tagSet = new Set(tags);
    for (const w of [...this.unwritten.values()]) {
      if (named.has(w.key) || prefixes.some((p) => w.key.startsWith(p)) || (w.tags ?? []).some((t) => tagSet.has(t))) {
        this.unwritten.delete(w.key);
        this.dropLocal(w);
      }
    }
  }

  isFresh(entry: CacheEntry): boolean {
    return this.opts.clock() < entry.freshUntil;
  }

  /** The newer of the L1 entry and the decoded L2 text; an L2 win is copied into L1. */
  private prefer(key: string, local: CacheEntry | undefined, text: string | undefined): CacheEntry | undefined {
    const remote = decodeEntry(text);
    if (remote === undefined || (local !== undefined && local.storedAt >= remote.storedAt)) return local;
    this.opts.l1.set(key, remote, hardExpiry(remote), heapSize(remote));
    return remote;
  }

  /** Deletes a write's entry from L1 if L1 still holds that very entry. */
  private dropLocal(w: Write): void {
    if (this.opts.l1.get(w.key) === w.entry) this.opts.l1.delete(w.key);
  }
}
