/**
 * The two cache levels read and written together: L1 (in-process Lru of decoded entries) in front of
 * L2 (a KeyValueCache: Redis, or memory). Reads stop at a fresh L1 entry; otherwise L2 is asked
 * (another replica may have refreshed it) and the newer of the two wins. Writes go to L1 at once and
 * to L2 in one batch. L2 is best effort: its store already turns every failure into a miss.
 */
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

  constructor(private readonly opts: TiersOptions) {}

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

  /** Writes to L1 now; resolves once L2 (ONE setMany round trip) and the tag index have the entries. */
  async write(writes: readonly Write[]): Promise<void> {
    const now = this.opts.clock();
    const remote: Array<{ key: string; value: string; ttlSeconds: number }> = [];
    const tagged: Array<{ key: string; tags: readonly string[]; ttlSeconds: number }> = [];
    for (const { key, entry, tags } of writes) {
      const ttlSeconds = (hardExpiry(entry) - now) / 1000;
      if (!(ttlSeconds > 0)) continue;
      let text: string;
      try {
        text = encodeEntry(entry, this.opts.compressAboveBytes);
      } catch (err) {
        this.opts.onUnstorable?.(key, err as Error);
        continue;
      }
      this.opts.l1.set(key, entry, hardExpiry(entry), heapSize(entry));
      remote.push({ key, value: text, ttlSeconds });
      if (tags !== undefined && tags.length > 0) tagged.push({ key, tags, ttlSeconds });
    }
    await Promise.all([remote.length > 0 ? this.opts.l2.setMany(remote) : undefined, tagged.length > 0 ? this.opts.tags?.tag(tagged) : undefined]);
  }

  /** Drops keys from L1 only (another replica already deleted them from L2). */
  forgetLocal(keys: readonly string[], prefixes: readonly string[] = []): void {
    for (const key of keys) this.opts.l1.delete(key);
    for (const prefix of prefixes) this.opts.l1.deletePrefix(prefix);
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
}
