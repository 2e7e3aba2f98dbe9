/**
 * A tag index for invalidation by entity or territory without scanning the keyspace: each write
 * records `tag → key` (a Redis set per tag), and invalidating a tag reads its set and deletes the
 * keys listed. Tags are built by the gateway (e.g. `entity:dora:structure:42`, `territory:75056`);
 * this file does not interpret them. SCAN-based invalidation (Apollo Router's first entity cache)
 * costs O(whole keyspace) per request; a tag costs O(its keys).
 *
 * Tags can be outdated: a key rewritten without a tag stays listed until the set expires, and
 * invalidating that tag deletes it anyway (a spurious miss, never a stale answer).
 */
import type { Redis } from 'ioredis';

/** One key and the tags it carries, for as long as the key lives. */
export interface TaggedKey {
  readonly key: string;
  readonly tags: readonly string[];
  readonly ttlSeconds: number;
}

/** Where tag → keys memberships live. */
export interface TagIndex {
  /** Records memberships; one round trip for the whole list. Never rejects. */
  tag(entries: readonly TaggedKey[]): Promise<void>;
  /** The keys carrying any of `tags`, forgetting those tags. Never rejects (an outage reads as none). */
  take(tags: readonly string[]): Promise<string[]>;
}

/** Tag sets in Redis under `tag:<tag>` (plus the client's keyPrefix); members are unprefixed cache keys. */
export class RedisTagIndex implements TagIndex {
  constructor(private readonly redis: Redis) {
    redis.on('error', () => undefined); // outages are logged once by RedisStore
  }

  /**
   * The set must outlive its longest-lived member: `EXPIRE … NX` gives a new set a TTL and
   * `EXPIRE … GT` only ever extends it (both need Redis ≥ 7.0).
   */
  async tag(entries: readonly TaggedKey[]): Promise<void> {
    const tagged = entries.filter((e) => e.tags.length > 0 && e.ttlSeconds > 0);
    if (tagged.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { key, tags, ttlSeconds } of tagged) {
      const seconds = Math.ceil(ttlSeconds);
      for (const tag of new Set(tags)) {
        pipeline.sadd(`tag:${tag}`, key);
        pipeline.expire(`tag:${tag}`, seconds, 'NX');
        pipeline.expire(`tag:${tag}`, seconds, 'GT');
      }
    }
    await pipeline.exec().catch(() => undefined);
  }

  async take(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    const names = [...new Set(tags)].map((t) => `tag:${t}`);
    try {
      const [[, members] = [null, []]] = (await this.redis.multi().sunion(...names).unlink(...names).exec()) ?? [];
      return Array.isArray(members) ? (members as string[]) : [];
    } catch {
      return [];
    }
  }
}

/** In-process tag index, for the in-memory store (tests, a single instance without Redis). */
export class MemoryTagIndex implements TagIndex {
  private readonly sets = new Map<string, Map<string, number>>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async tag(entries: readonly TaggedKey[]): Promise<void> {
    if (++this.writes % 1000 === 0) this.sweep();
    for (const { key, tags, ttlSeconds } of entries) {
      if (!(ttlSeconds > 0)) continue;
      const expiresAt = this.now() + ttlSeconds * 1000;
      for (const tag of tags) {
        const set = this.sets.get(tag) ?? new Map<string, number>();
        this.sets.set(tag, set);
        set.set(key, Math.max(expiresAt, set.get(key) ?? 0));
      }
    }
  }

  async take(tags: readonly string[]): Promise<string[]> {
    const keys = new Set<string>();
    const now = this.now();
    for (const tag of tags) {
      for (const [key, expiresAt] of this.sets.get(tag) ?? []) if (expiresAt > now) keys.add(key);
      this.sets.delete(tag);
    }
    return [...keys];
  }

  /** Drops expired memberships and empty tags, so tags never invalidated do not grow forever. */
  private sweep(): void {
    const now = this.now();
    for (const [tag, set] of this.sets) {
      for (const [key, expiresAt] of set) if (expiresAt <= now) set.delete(key);
      if (set.size === 0) this.sets.delete(tag);
    }
  }
}
