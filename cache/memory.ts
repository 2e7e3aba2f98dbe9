/**
 * In-process KeyValueCache: TTL per entry, bounded in entries and in bytes, least-recently-used eviction.
 * For tests, local development and single-instance deployments without Redis.
 */
import type { KeyValueCache } from './store.js';

/** Options of MemoryStore. */
export interface MemoryStoreOptions {
  /** Entry bound; the least recently used entry is evicted first. @default 10000 */
  readonly maxEntries?: number;
  /** Byte bound over keys and values, counted as two bytes a character (UTF-16, an upper bound of their heap cost). @default 64 MiB */
  readonly maxBytes?: number;
  /** Milliseconds clock, injectable so TTL tests need no sleeps. @default Date.now */
  readonly now?: () => number;
}

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
  readonly bytes: number;
}

/** A Map-backed store; Map iteration order is insertion order, so re-inserting on read keeps LRU order. */
export class MemoryStore implements KeyValueCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private used = 0;

  constructor(opts: MemoryStoreOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
    for (const [name, value] of [
      ['maxEntries', this.maxEntries],
      ['maxBytes', this.maxBytes],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`MemoryStore ${name} must be a positive integer, got: ${String(value)}`);
    }
  }

  /** Bytes held by the stored entries (expired ones not yet dropped included). */
  get bytes(): number {
    return this.used;
  }

  /** Number of live entries (expired ones still stored are not counted). */
  get size(): number {
    let n = 0;
    for (const key of this.entries.keys()) if (this.live(key) !== undefined) n++;
    return n;
  }

  async get(key: string): Promise<string | undefined> {
    return this.touch(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    return keys.map((k) => this.touch(k));
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.put(key, value, ttlSeconds);
  }

  async setMany(
    entries: ReadonlyArray<{ readonly key: string; readonly value: string; readonly ttlSeconds: number }>,
  ): Promise<void> {
    for (const e of entries) this.put(e.key, e.value, e.ttlSeconds);
  }

  async delete(keys: readonly string[]): Promise<number> {
    let n = 0;
    for (const key of new Set(keys)) {
      if (this.live(key) !== undefined) n++;
      this.remove(key);
    }
    return n;
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    return this.delete([...this.entries.keys()].filter((k) => k.startsWith(prefix)));
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.used = 0;
  }

  /** The live entry, or undefined (dropping it when expired). Does not change recency. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.remove(key);
    return undefined;
  }

  /** Reads a value and marks it most recently used. */
  private touch(key: string): string | undefined {
    const entry = this.live(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Same TTL semantics as RedisStore: a non-positive or non-finite TTL stores nothing. */
  private put(key: string, value: string, ttlSeconds: number): void {
    this.remove(key);
    const bytes = 2 * (key.length + value.length);
    if (!(ttlSeconds > 0) || !Number.isFinite(ttlSeconds) || bytes > this.maxBytes) return;
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000, bytes });
    this.used += bytes;
    this.evict();
  }

  /** Drops one entry and its bytes. */
  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  /** Evicts least recently used entries until within both bounds; O(1) per write amortised (expired ones go lazily). */
  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.used <= this.maxBytes) return;
      this.remove(key);
    }
  }
}
