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
  /** Another replica took `tags`: drop what this process remembers of their sets. */
  forget?(tags: readonly string[]): void;
}

/** Tag sets whose lifetime this process remembers (oldest forgotten first past this many). */
const REMEMBERED_TAGS = 10_000;

/**
 * Tag sets in Redis under `tag:<tag>` (plus the client's keyPrefix); members are unprefixed cache keys.
 *
 * The set must outlive its longest-lived member: `EXPIRE … NX` gives a new set a TTL and
 * `EXPIRE … GT` only ever extends it (both need Redis ≥ 7.0). Those two commands are sent only when
 * this process does not already know the set lives long enough: it remembers, per tag, the expiry it
 * last gave the set (a lower bound, since nothing shortens a set's TTL), and extends sets with some
 * slack so the next writes of the same tag cost one SADD. What deletes a set early (take(), here or on
 * another replica through forget()) drops that memory. A set deleted behind our back (eviction,
 * FLUSHDB) and recreated by a bare SADD has no TTL until the memory lapses: it lives longer, never
 * shorter, so invalidation stays complete.
 */
export class RedisTagIndex implements TagIndex {
  /** Tag → epoch ms until which its set is known to live. Insertion order is refresh order. */
  private readonly lives = new Map<string, number>();

  constructor(private readonly redis: Redis) {
    redis.on('error', () => undefined); // outages are logged once by RedisStore
  }

  /** Memberships are grouped by tag first: one SADD of all its keys per distinct tag, plus the EXPIREs when due. */
  async tag(entries: readonly TaggedKey[]): Promise<void> {
    const byTag = new Map<string, { keys: Set<string>; seconds: number }>();
    for (const { key, tags, ttlSeconds } of entries) {
      if (!(ttlSeconds > 0)) continue;
      const seconds = Math.ceil(ttlSeconds);
      for (const tag of tags) {
        const set = byTag.get(tag) ?? byTag.set(tag, { keys: new Set(), seconds }).get(tag)!;
        set.keys.add(key);
        set.seconds = Math.max(set.seconds, seconds);
      }
    }
    if (byTag.size === 0) return;
    const now = Date.now();
    const extended = new Map<string, number>();
    const pipeline = this.redis.pipeline();
    for (const [tag, { keys, seconds }] of byTag) {
      pipeline.sadd(`tag:${tag}`, ...keys);
      if ((this.lives.get(tag) ?? 0) >= now + seconds * 1000) continue;
      const horizon = seconds + Math.max(60, Math.ceil(seconds / 8));
      pipeline.expire(`tag:${tag}`, horizon, 'NX');
      pipeline.expire(`tag:${tag}`, horizon, 'GT');
      extended.set(tag, now + horizon * 1000);
      this.remember(tag, now + horizon * 1000);
    }
    const replies = await pipeline.exec().catch(() => null);
    // A failed EXPIRE leaves the set's lifetime unknown: forget the tags we meant to extend.
    if (replies === null || replies.some(([err]) => err !== null))
      for (const [tag, until] of extended) if (this.lives.get(tag) === until) this.lives.delete(tag);
  }

  forget(tags: readonly string[]): void {
    for (const tag of tags) this.lives.delete(tag);
  }

  async take(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    this.forget(tags);
    const names = [...new Set(tags)].map((t) => `tag:${t}`);
    try {
      const [[, members] = [null, []]] =
        (await this.redis
          .multi()
          .sunion(...names)
          .unlink(...names)
          .exec()) ?? [];
      return Array.isArray(members) ? (members as string[]) : [];
    } catch {
      return [];
    }
  }

  private remember(tag: string, until: number): void {
    this.lives.delete(tag);
    this.lives.set(tag, until);
    if (this.lives.size > REMEMBERED_TAGS) this.lives.delete(this.lives.keys().next().value!);
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
