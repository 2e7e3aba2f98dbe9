/**
 * Messages between gateway replicas over Redis pub/sub: coalescing wake-ups and L1 invalidations.
 * A subscribed connection can run nothing but (UN)SUBSCRIBE, so the bus opens ONE extra connection
 * per process (a duplicate() of the command client) and fans messages out to local handlers.
 * Best effort like the rest of the cache: a lost message costs a bounded wait, never an error.
 */
import type { Redis } from 'ioredis';

/** Publish/subscribe by topic, shared by everything in one process. */
export interface MessageBus {
  /** Registers a handler; returns its unsubscribe function. */
  subscribe(topic: string, handler: (message: string) => void): () => void;
  /** Publishes to every replica (this one included). Never rejects. */
  publish(topic: string, message: string): Promise<void>;
  /** Resolves true once every registered topic is subscribed, false after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A bus over `redis` (the command client, used to PUBLISH; not owned). Channel names carry the
 * client's keyPrefix, since ioredis prefixes keys but not channels, so two deployments (or two test
 * runs) sharing a Redis never hear each other.
 */
export function createRedisBus(redis: Redis): MessageBus {
  const prefix = String(redis.options.keyPrefix ?? '');
  const sub = redis.duplicate();
  const handlers = new Map<string, Set<(message: string) => void>>();
  let subscribed = new Set<string>();
  const channel = (topic: string) => `${prefix}bus:${topic}`;

  // Outages are logged once by RedisStore; this listener only keeps ioredis from printing each one.
  sub.on('error', () => undefined);
  sub.on('close', () => void (subscribed = new Set()));
  // ioredis resubscribes by itself after a reconnect, but not what was registered while it was down.
  sub.on('ready', () => void syncSubscriptions());
  sub.on('message', (ch: string, message: string) => {
    const topic = ch.slice(prefix.length + 'bus:'.length);
    for (const handler of handlers.get(topic) ?? []) {
      try {
        handler(message);
      } catch {
        // a handler's bug must not starve the others
      }
    }
  });

  async function syncSubscriptions(): Promise<boolean> {
    const missing = [...handlers.keys()].filter((t) => !subscribed.has(t));
    if (missing.length === 0) return true;
    try {
      await sub.subscribe(...missing.map(channel));
      for (const t of missing) subscribed.add(t);
      return true;
    } catch {
      return false; // not connected: the next 'ready' retries
    }
  }

  return {
    subscribe(topic, handler) {
      const set = handlers.get(topic) ?? new Set();
      handlers.set(topic, set);
      set.add(handler);
      void syncSubscriptions();
      return () => void set.delete(handler);
    },
    async publish(topic, message) {
      try {
        await redis.publish(channel(topic), message);
      } catch {
        // best effort: receivers fall back to their bounded waits
      }
    },
    async ready(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await syncSubscriptions()) || subscribed.size < handlers.size) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return true;
    },
    async close() {
      handlers.clear();
      sub.disconnect();
    },
  };
}
