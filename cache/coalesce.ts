/**
 * Cross-replica coalescing: of all the gateway replicas that miss the same key at the same time,
 * one calls the partner and the others wait for its answer to land in Redis.
 *
 * The single-flight protocol (the subtle part; the order matters):
 *  1. `SET lock:<key> <token> NX PX lockMs`. The winner re-reads the value first (a holder that
 *     finished between our miss and our SET has released the lock but its value is there), then
 *     produces: fetch + store, AWAITING the store write so the value is readable before step 2.
 *  2. The winner releases the lock with a compare-and-delete script (a lock that expired and was
 *     taken by another replica is not ours to delete), then PUBLISHes `{k, ok}` on the bus.
 *  3. Losers wait on the bus for that key, at most lockMs, then read the value back. On a
 *     ConnectorError message they rethrow it (the partner's answer, for everyone). On silence or
 *     an absent value (holder died, message lost) they try the lock again, and after `rounds`
 *     attempts they fetch themselves.
 * Redis down or erroring at step 1 means fetching at once: the coalescer never fails a call and
 * never waits longer than rounds × lockMs.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CONNECTOR_ERROR_KINDS, ConnectorError, type ConnectorErrorKind } from '../src/errors.js';
import type { MessageBus } from './bus.js';

/** What the coalescer runs for one key. */
export interface CoalesceTask<T> {
  /** Fetches, stores (awaiting the write) and returns the value. Runs on one replica at a time. */
  produce(): Promise<T>;
  /** Reads a value another replica has just stored; undefined when there is none. */
  readBack(): Promise<T | undefined>;
}

/** Runs tasks once across replicas. */
export interface Coalescer {
  /** The value, and whether it was produced by someone else (`coalesced`). */
  run<T>(key: string, task: CoalesceTask<T>): Promise<{ readonly value: T; readonly coalesced: boolean }>;
  close(): void;
}

/** Options of createCoalescer. */
export interface CoalescerOptions {
  /** Command client (not owned); keys get its keyPrefix. */
  readonly redis: Redis;
  /** The process's shared bus (not owned). */
  readonly bus: MessageBus;
  /** Lock lifetime and longest wait per round; keep it above the partners' request timeout. @default 5000 */
  readonly lockMs?: number;
  /** Lock attempts before fetching regardless. @default 2 */
  readonly rounds?: number;
}

type Signal = { readonly ok: true } | { readonly ok: false; readonly error?: ConnectorError } | 'timeout';

const TOPIC = 'coalesce';
/** Deletes the lock only if it still holds our token. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A coalescer over Redis locks and the bus. */
export function createCoalescer(opts: CoalescerOptions): Coalescer {
  return new RedisCoalescer(opts.redis, opts.bus, opts.lockMs ?? 5_000, opts.rounds ?? 2);
}

class RedisCoalescer implements Coalescer {
  private readonly waits = new Map<string, { promise: Promise<Signal>; settle: (s: Signal) => void }>();
  /**
   * Signals with nobody waiting yet, kept for one lock lifetime: the wake-up travels on the subscriber
   * connection and may be read before the reply of the SET NX that lost (another socket, same tick).
   */
  private readonly recent = new Map<string, { signal: Signal; at: number }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly redis: Redis,
    private readonly bus: MessageBus,
    private readonly lockMs: number,
    private readonly rounds: number,
  ) {
    redis.on('error', () => undefined); // logged once by RedisStore; silence ioredis's default printing
    this.unsubscribe = bus.subscribe(TOPIC, (message) => this.hear(message));
  }

  async run<T>(key: string, task: CoalesceTask<T>): Promise<{ value: T; coalesced: boolean }> {
    const lockKey = `lock:${key}`;
    for (let round = 0; round < this.rounds; round++) {
      const token = randomBytes(12).toString('base64url');
      const since = Date.now();
      let acquired: boolean;
      try {
        acquired = (await this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX')) === 'OK';
      } catch {
        break; // Redis unavailable: fetch ourselves at once
      }
      if (acquired) return this.hold(key, lockKey, token, task);
      const signal = await this.waitFor(key, since);
      if (signal !== 'timeout' && !signal.ok && signal.error) throw signal.error;
      const value = await task.readBack().catch(() => undefined);
      if (value !== undefined) return { value, coalesced: true };
    }
    return { value: await task.produce(), coalesced: false };
  }

  close(): void {
    this.unsubscribe();
    for (const { settle } of [...this.waits.values()]) settle('timeout');
  }

  /** Runs the task under our lock, then releases it and wakes the waiters up, whatever happened. */
  private async hold<T>(key: string, lockKey: string, token: string, task: CoalesceTask<T>) {
    let signal: Signal = { ok: false };
    try {
      const already = await task.readBack().catch(() => undefined);
      if (already !== undefined) {
        signal = { ok: true };
        return { value: already, coalesced: true };
      }
      const value = await task.produce();
      signal = { ok: true };
      return { value, coalesced: false };
    } catch (err) {
      if (err instanceof ConnectorError) signal = { ok: false, error: err };
      throw err;
    } finally {
      // Off the caller's path: the value is already stored, waiters only need the wake-up.
      void this.redis
        .eval(RELEASE, 1, lockKey, token)
        .catch(() => undefined)
        .then(() => this.bus.publish(TOPIC, formatSignal(key, signal)));
    }
  }

  private hear(message: string): void {
    const parsed = parseSignal(message);
    if (parsed === undefined) return;
    const wait = this.waits.get(parsed.key);
    if (wait !== undefined) return wait.settle(parsed.signal);
    const now = Date.now();
    this.recent.delete(parsed.key);
    this.recent.set(parsed.key, { signal: parsed.signal, at: now });
    for (const [k, r] of this.recent) {
      if (now - r.at <= this.lockMs) break; // insertion order is time order
      this.recent.delete(k);
    }
  }

  /** One wait per key in this process, however many callers wait on it; `since` admits a signal already heard. */
  private waitFor(key: string, since: number): Promise<Signal> {
    const heard = this.recent.get(key);
    if (heard !== undefined && heard.at >= since) return Promise.resolve(heard.signal);
    const existing = this.waits.get(key);
    if (existing !== undefined) return existing.promise;
    let resolve!: (s: Signal) => void;
    const promise = new Promise<Signal>((r) => (resolve = r));
    const timer = setTimeout(() => settle('timeout'), this.lockMs);
    const settle = (s: Signal) => {
      clearTimeout(timer);
      if (this.waits.get(key)?.promise === promise) this.waits.delete(key);
      resolve(s);
    };
    this.waits.set(key, { promise, settle });
    return promise;
  }
}

function formatSignal(key: string, signal: Signal): string {
  if (signal === 'timeout' || signal.ok) return JSON.stringify({ k: key, ok: signal !== 'timeout' });
  const e = signal.error;
  return JSON.stringify({ k: key, ok: false, ...(e ? { e: { partner: e.partner, kind: e.kind, message: e.message, status: e.details.status } } : {}) });
}

/** Parses a bus message; only a well-formed ConnectorError is rebuilt (anything else: waiters retry). */
function parseSignal(message: string): { key: string; signal: Signal } | undefined {
  try {
    const m = JSON.parse(message) as { k?: unknown; ok?: unknown; e?: { partner?: unknown; kind?: unknown; message?: unknown; status?: unknown } };
    if (typeof m.k !== 'string') return undefined;
    if (m.ok === true) return { key: m.k, signal: { ok: true } };
    const e = m.e;
    const valid = e && typeof e.partner === 'string' && typeof e.message === 'string' && CONNECTOR_ERROR_KINDS.includes(e.kind as ConnectorErrorKind);
    if (!valid) return { key: m.k, signal: { ok: false } };
    const status = typeof e.status === 'number' ? { status: e.status } : {};
    return { key: m.k, signal: { ok: false, error: new ConnectorError(e.partner as string, e.kind as ConnectorErrorKind, e.message as string, status) } };
  } catch {
    return undefined;
  }
}
