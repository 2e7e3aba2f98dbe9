/**
 * The envelope every cached answer is stored in, and its string encoding (the stores hold strings).
 * Times are epoch milliseconds. An entry passes through three deadlines:
 *   storedAt ── fresh ──▶ freshUntil ── stale-while-revalidate ──▶ swrUntil
 *   storedAt ──────────── served on partner failure ─────────────▶ staleIfErrorUntil
 * The stored key lives until the latest of them (see hardExpiry).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** One cached answer and its deadlines. */
export interface CacheEntry<T = unknown> {
  readonly value: T;
  readonly storedAt: number;
  /** Served as a plain hit before this instant. */
  readonly freshUntil: number;
  /** Between freshUntil and this instant: served at once while one background refresh runs. */
  readonly swrUntil: number;
  /** Before this instant the entry may still answer when the partner fails (stale-if-error). */
  readonly staleIfErrorUntil: number;
  /** A cached "not found": short-lived, never served stale. */
  readonly negative: boolean;
}

/** How long an entry stays usable, in seconds. */
export interface EntryTimes {
  readonly ttlSeconds: number;
  /** Window after expiry, as RFC 5861 counts it (from freshUntil, not from storedAt). @default 0 */
  readonly swrSeconds?: number;
  /** Maximum AGE (from storedAt) at which the entry may answer a failed fetch. @default 0 */
  readonly staleIfErrorSeconds?: number;
}

/** Values at least this long (JSON characters) are stored compressed. @default 8 KiB */
export const COMPRESS_ABOVE = 8 * 1024;
/** Inflating never produces more than this: a corrupt or hostile value cannot exhaust memory. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const PLAIN = 'j1:';
const DEFLATED = 'z1:';

/** Builds an entry stored at `now`. A negative entry uses `ttlSeconds` alone (no stale windows). */
export function createEntry<T>(value: T, now: number, times: EntryTimes, negative = false): CacheEntry<T> {
  const freshUntil = now + seconds(times.ttlSeconds) * 1000;
  if (negative) return { value, storedAt: now, freshUntil, swrUntil: freshUntil, staleIfErrorUntil: freshUntil, negative };
  const swrUntil = freshUntil + seconds(times.swrSeconds ?? 0) * 1000;
  const staleIfErrorUntil = Math.max(freshUntil, now + seconds(times.staleIfErrorSeconds ?? 0) * 1000);
  return { value, storedAt: now, freshUntil, swrUntil, staleIfErrorUntil, negative };
}

/** The instant after which the entry is useless for every purpose: the store TTL ends there. */
export function hardExpiry(entry: CacheEntry): number {
  return Math.max(entry.freshUntil, entry.swrUntil, entry.staleIfErrorUntil);
}

/** Whole seconds since the entry was stored (what `extensions.sources[…].stale` reports). */
export function ageSeconds(entry: CacheEntry, now: number): number {
  return Math.max(0, Math.floor((now - entry.storedAt) / 1000));
}

/**
 * Encodes an entry; JSON at or above `compressAbove` characters is deflated and base64-encoded
 * (deflateRaw: fastest of node:zlib's codecs to inflate on the read path, which is the hot one).
 * Throws a TypeError when the value is not JSON-serialisable.
 */
export function encodeEntry(entry: CacheEntry, compressAbove = COMPRESS_ABOVE): string {
  const wire = { v: entry.value, s: entry.storedAt, f: entry.freshUntil, w: entry.swrUntil, e: entry.staleIfErrorUntil, n: entry.negative ? 1 : 0 };
  let json: string;
  try {
    json = JSON.stringify(wire);
  } catch (err) {
    throw new TypeError(`cache entry value is not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (json.length < compressAbove) return PLAIN + json;
  const packed = DEFLATED + deflateRawSync(json).toString('base64');
  return packed.length < json.length ? packed : PLAIN + json;
}

/** Decodes an entry; anything unreadable (garbage, truncated, wrong shape) is undefined: a miss, never a crash. */
export function decodeEntry<T = unknown>(text: string | undefined | null): CacheEntry<T> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    let json: string;
    if (text.startsWith(PLAIN)) json = text.slice(PLAIN.length);
    else if (text.startsWith(DEFLATED)) json = inflateRawSync(Buffer.from(text.slice(DEFLATED.length), 'base64'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
    else return undefined;
    return fromWire<T>(JSON.parse(json));
  } catch {
    return undefined;
  }
}

function fromWire<T>(wire: unknown): CacheEntry<T> | undefined {
  if (typeof wire !== 'object' || wire === null) return undefined;
  const w = wire as Record<string, unknown>;
  const times = [w.s, w.f, w.w, w.e];
  if (!times.every((t) => typeof t === 'number' && Number.isFinite(t))) return undefined;
  if (w.n !== 0 && w.n !== 1) return undefined;
  const [storedAt, freshUntil, swrUntil, staleIfErrorUntil] = times as number[];
  return { value: w.v as T, storedAt: storedAt!, freshUntil: freshUntil!, swrUntil: swrUntil!, staleIfErrorUntil: staleIfErrorUntil!, negative: w.n === 1 };
}

function seconds(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
