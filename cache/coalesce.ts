/**
 * Cross-replica coalescing: of all the gateway replicas that miss the same key at the same time,
 * one calls the partner and the others wait for its answer to land in Redis.
 *
 * The single-flight protocol (the subtle part; the order matters):
 *  1. `SET lock:<key> <token> NX PX lockMs GET`: nil means we hold the lock, and then we produce at
 *     once (fetch + store); the caller has just missed in L2, and a holder that finished since left
 *     the lock at DONE (below), so no re-read is needed. The task signals `sent` right after issuing
 *     its store commands, on the same connection: the release goes out in the same flight, BEHIND
 *     the value, and Redis runs one connection's commands in order. The caller gets the value as
 *     soon as it is fetched; the store, and so the release, may come later (`stored`).
 *  2. The winner sets the lock to DONE (kept lockMs: late replicas that missed before the value
 *     landed read it back instead of fetching again), then PUBLISHes `{k, ok}` on the bus. A failed
 *     fetch instead deletes the lock with a compare-and-delete script and publishes the error.
 *  3. Losers (the lock held a token) wait on the bus for that key, at most lockMs, then read the
 *     value back; a lock at DONE is read back at once. On a failure message they rethrow the error
 *     it carries, rebuilt by the caller's `errors` codec (the partner's answer, for everyone). An absent value after DONE (invalidated, unstorable, or
 *     not fresh by this replica's clock) is taken over by a compare-and-set from DONE to our token;
 *     on silence (holder died, message lost) they try the lock again, and after `rounds` attempts
 *     they fetch themselves.
 * Redis down or erroring at step 1 means fetching at once: the coalescer never fails a call and
 * never waits longer than rounds × lockMs.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MessageBus } from './bus.js';

/** What the coalescer runs for one key. */
export interface CoalesceTask<T> {
  /**
   * Fetches and returns the value, and `stored`: its write, which resolves once done or given up
   * (never rejects). Runs on one replica at a time. Calls `sent` synchronously right after issuing the
   * store's Redis commands (not when nothing is stored), before `stored` resolves.
   */
  produce(sent: () => void): Promise<{ value: T; stored: Promise<void> }>;
  /** Reads a value another replica has just stored; undefined when there is none. */
  readBack(): Promise<T | undefined>;
}

/** Runs tasks once across replicas. */
export interface Coalescer {
  /** The value, and whether it was produced by someone else (`coalesced`). */
  run<T>(key: string, task: CoalesceTask<T>): Promise<{ readonly value: T; readonly coalesced: boolean }>;
  /** Drops the DONE marks of invalidated keys (never a held lock), so their next miss takes the lock at once. Never rejects. */
  forget(keys: readonly string[]): Promise<void>;
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
  /** How a failure travels to the waiters; without it, failures are not shared (waiters retry). */
  readonly errors?: ErrorCodec;
}

/** A failure as plain data on the bus, and back: the cache knows no error type of its own. */
export interface ErrorCodec {
  /** The failure as JSON-able data, or undefined when waiters should retry instead. */
  encode(err: unknown): unknown;
  /** The failure rebuilt from that data; undefined when the data is malformed. */
  decode(data: unknown): Error | undefined;
}

const NO_ERRORS: ErrorCodec = { encode: () => undefined, decode: () => undefined };

type Signal = { readonly ok: true } | { readonly ok: false; readonly error?: Error } | 'timeout';

const TOPIC = 'coalesce';
/** The lock's value once its holder has stored the value (see step 2). */
const DONE = '=';
/** Deletes the lock only if it still holds our token. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Deletes the locks of KEYS that are at DONE (ARGV[1]). */
const FORGET =
  "for _, k in ipairs(KEYS) do if redis.call('get', k) == ARGV[1] then redis.call('del', k) end end return 0";
/** Takes a lock left at DONE over (ARGV: DONE, our token, lockMs); 1 when taken. */
const TAKE_OVER =
  "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";

/** A coalescer over Redis locks and the bus. */
export function createCoalescer(opts: CoalescerOptions): Coalescer {
  return new RedisCoalescer(opts.redis, opts.bus, opts.lockMs ?? 5_000, opts.rounds ?? 2, opts.errors ?? NO_ERRORS);
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
    private readonly errors: ErrorCodec,
  ) {
    redis.on('error', () => undefined); // logged once by RedisStore; silence ioredis's default printing
    this.unsubscribe = bus.subscribe(TOPIC, (message) => this.hear(message));
  }

  async run<T>(key: string, task: CoalesceTask<T>): Promise<{ value: T; coalesced: boolean }> {
    const lockKey = `lock:${key}`;
    for (let round = 0; round < this.rounds; round++) {
      const token = randomBytes(12).toString('base64url');
      const since = Date.now();
      let held: string | null;
      try {
        held = await this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX', 'GET');
      } catch {
        break; // Redis unavailable: fetch ourselves at once
      }
      if (held === null) return this.hold(key, lockKey, token, task);
      if (held !== DONE) {
        const signal = await this.waitFor(key, since);
        if (signal !== 'timeout' && !signal.ok && signal.error) throw signal.error;
      }
      const value = await task.readBack().catch(() => undefined);
      if (value !== undefined) return { value, coalesced: true };
      if (held === DONE && (await this.takeOver(lockKey, token))) return this.hold(key, lockKey, token, task);
    }
    return { value: (await task.produce(noop)).value, coalesced: false };
  }

  async forget(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.eval(FORGET, keys.length, ...keys.map((k) => `lock:${k}`), DONE).catch(noop);
  }

  close(): void {
    this.unsubscribe();
    for (const { settle } of [...this.waits.values()]) settle('timeout');
  }

  /**
   * Runs the task under our lock and hands its value over at once. The release is sent as soon as the
   * store is (same flight, behind it); when nothing was stored, or the fetch failed, the lock is
   * deleted instead, if still ours. Both are off the caller's path: waiters only need the wake-up.
   */
  private async hold<T>(key: string, lockKey: string, token: string, task: CoalesceTask<T>) {
    let released = false;
    const sent = () => {
      released = true;
      void this.redis.set(lockKey, DONE, 'PX', this.lockMs).catch(noop);
      void this.bus.publish(TOPIC, formatSignal(key, { ok: true }));
    };
    const unlock = (signal: Outgoing) => {
      if (released) return;
      released = true;
      void this.redis
        .eval(RELEASE, 1, lockKey, token)
        .catch(noop)
        .then(() => this.bus.publish(TOPIC, formatSignal(key, signal)));
    };
    try {
      const { value, stored } = await task.produce(sent);
      void stored.catch(noop).then(() => unlock({ ok: true }));
      return { value, coalesced: false };
    } catch (err) {
      unlock({ ok: false, data: this.errors.encode(err) });
      throw err;
    }
  }

  /** Compare-and-set of a DONE lock to our token (rare: the value it vouched for is gone). */
  private async takeOver(lockKey: string, token: string): Promise<boolean> {
    try {
      return (await this.redis.eval(TAKE_OVER, 1, lockKey, DONE, token, this.lockMs)) === 1;
    } catch {
      return false;
    }
  }

  private hear(message: string): void {
    const parsed = parseSignal(message, this.errors);
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

function noop(): void {}

/** What the holder publishes: success, or a failure with its encoded error (if any). */
type Outgoing = { readonly ok: true } | { readonly ok: false; readonly data?: unknown } | 'timeout';

function formatSignal(key: string, signal: Outgoing): string {
  if (signal === 'timeout' || signal.ok) return JSON.stringify({ k: key, ok: signal !== 'timeout' });
  return JSON.stringify({ k: key, ok: false, ...(signal.data === undefined ? {} : { e: signal.data }) });
}

/** Parses a bus message; only an error the codec rebuilds is rethrown (anything else: waiters retry). */
function parseSignal(message: string, errors: ErrorCodec): { key: string; signal: Signal } | undefined {
  try {
    const m = JSON.parse(message) as { k?: unknown; ok?: unknown; e?: unknown };
    if (typeof m.k !== 'string') return undefined;
    if (m.ok === true) return { key: m.k, signal: { ok: true } };
    const error = m.e === undefined ? undefined : errors.decode(m.e);
    return { key: m.k, signal: error ? { ok: false, error } : { ok: false } };
  } catch {
    return undefined;
  }
}
