/**
 * The key-value store interface the cache layer is written against. Nothing here is Redis-specific:
 * `RedisStore` and `MemoryStore` both implement it. Values are strings (the caller serialises).
 * A store never throws on reads: an unreachable backend reads as a miss.
 */
export interface KeyValueCache {
  get(key: string): Promise<string | undefined>;
  /** Aligned with `keys`; one round trip where the backend allows it (MGET). */
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  /** Stores with a TTL in seconds. Fire-and-forget safe: never rejects. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** One round trip where the backend allows it (pipeline). Never rejects. */
  setMany(
    entries: ReadonlyArray<{ readonly key: string; readonly value: string; readonly ttlSeconds: number }>,
  ): Promise<void>;
  /** Deletes keys; resolves to how many existed. */
  delete(keys: readonly string[]): Promise<number>;
  /** Deletes every key starting with `prefix`; resolves to how many existed. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** True when the backend answers now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
