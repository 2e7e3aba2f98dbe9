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
  return new RedisBus(redis);
}

class RedisBus implements MessageBus {
  private readonly prefix: string;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private subscribed = new Set<string>();

  constructor(private readonly redis: Redis) {
    this.prefix = `${String(redis.options.keyPrefix ?? '')}bus:`;
    this.sub = redis.duplicate();
    // Outages are logged once by RedisStore; this listener only keeps ioredis from printing each one.
    this.sub.on('error', () => undefined);
    this.sub.on('close', () => void (this.subscribed = new Set()));
    // ioredis resubscribes by itself after a reconnect, but not what was registered while it was down.
    this.sub.on('ready', () => void this.sync());
    this.sub.on('message', (channel: string, message: string) =>
      this.dispatch(channel.slice(this.prefix.length), message),
    );
  }

  subscribe(topic: string, handler: (message: string) => void): () => void {
    const set = this.handlers.get(topic) ?? new Set();
    this.handlers.set(topic, set);
    set.add(handler);
    void this.sync();
    return () => void set.delete(handler);
  }

  async publish(topic: string, message: string): Promise<void> {
    try {
      await this.redis.publish(this.prefix + topic, message);
    } catch {
      // best effort: receivers fall back to their bounded waits
    }
  }

  async ready(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.sync())) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return true;
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.sub.disconnect();
  }

  /** Subscribes every topic with handlers not yet subscribed; true when none is left. */
  private async sync(): Promise<boolean> {
    const missing = [...this.handlers.keys()].filter((t) => !this.subscribed.has(t));
    if (missing.length === 0) return true;
    try {
      await this.sub.subscribe(...missing.map((t) => this.prefix + t));
      for (const t of missing) this.subscribed.add(t);
      return true;
    } catch {
      return false; // not connected: the next 'ready' retries
    }
  }

  private dispatch(topic: string, message: string): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(message);
      } catch {
        // a handler's bug must not starve the others
      }
    }
  }
}
