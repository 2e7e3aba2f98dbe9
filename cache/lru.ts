/**
 * The in-process level-1 cache in front of Redis: least-recently-used, bounded both in entries and
 * in bytes (so a few huge answers cannot push the process out of memory), each entry expiring at its
 * own deadline. Values are kept decoded, so a hit costs no parsing; the byte size is supplied by the
 * caller and must be what the value costs on the heap (entry.ts heapSize), not its encoded length: a
 * deflated encoding is a tenth of the decoded graph or less, and a bound counted in it let L1 hold
 * several times its budget.
 */

/** Options of Lru. */
export interface LruOptions {
  /** Entry bound. @default 5000 */
  readonly maxEntries?: number;
  /**
   * Byte bound over the sizes given to set() (heap bytes). 32 MiB holds ~3 700 answers of the sandbox's
   * size (~9 KB of heap each), about the entry bound, and keeps a full L1 to a tenth of what a gateway
   * process weighs. @default 32 MiB
   */
  readonly maxBytes?: number;
  /** Milliseconds clock, injectable so tests move time instead of sleeping. @default Date.now */
  readonly now?: () => number;
}

interface Slot<V> {
  readonly value: V;
  readonly expiresAt: number;
  readonly size: number;
}

/** A Map-backed LRU: Map iteration is insertion order, so re-inserting on read keeps recency order. */
export class Lru<V> {
  private readonly slots = new Map<string, Slot<V>>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private used = 0;

  constructor(opts: LruOptions = {}) {
    this.maxEntries = positive('maxEntries', opts.maxEntries ?? 5_000);
    this.maxBytes = positive('maxBytes', opts.maxBytes ?? 32 * 1024 * 1024);
    this.now = opts.now ?? Date.now;
  }

  /** Entries stored (expired ones not yet swept included). */
  get size(): number {
    return this.slots.size;
  }

  /** Sum of the sizes of the stored entries. */
  get bytes(): number {
    return this.used;
  }

  /** The live value, marked most recently used; an expired one is dropped and reads as a miss. */
  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.slots.delete(key);
    if (slot.expiresAt <= this.now()) {
      this.used -= slot.size;
      return undefined;
    }
    this.slots.set(key, slot);
    return slot.value;
  }

  /**
   * Stores `value` until `expiresAt` (epoch ms). An entry already expired, or larger than the whole
   * byte budget, is not stored (and replaces nothing stale: the old one is dropped).
   */
  set(key: string, value: V, expiresAt: number, size: number): void {
    this.delete(key);
    if (!(expiresAt > this.now()) || size > this.maxBytes) return;
    const bytes = Math.max(0, size);
    this.slots.set(key, { value, expiresAt, size: bytes });
    this.used += bytes;
    this.evict();
  }

  /** Drops one key; true when it was stored. */
  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    this.slots.delete(key);
    this.used -= slot.size;
    return true;
  }

  /** Drops every key starting with `prefix`; returns how many were stored. */
  deletePrefix(prefix: string): number {
    let n = 0;
    for (const key of [...this.slots.keys()]) if (key.startsWith(prefix) && this.delete(key)) n++;
    return n;
  }

  clear(): void {
    this.slots.clear();
    this.used = 0;
  }

  /**
   * Evicts from the least recently used end until both bounds hold: O(1) per write amortised. Expired
   * entries are not swept (that would be O(n) per write); unread, they drift to the evicted end anyway.
   */
  private evict(): void {
    for (const key of this.slots.keys()) {
      if (this.slots.size <= this.maxEntries && this.used <= this.maxBytes) return;
      this.delete(key);
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`Lru ${name} must be a positive integer, got: ${String(value)}`);
  return value;
}
