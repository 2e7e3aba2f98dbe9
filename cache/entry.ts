/**
 * The envelope every cached answer is stored in, and its string encoding (the stores hold strings).
 * Times are epoch milliseconds. An entry passes through three deadlines:
 *   storedAt ── fresh ──▶ freshUntil ── stale-while-revalidate ──▶ swrUntil
 *   storedAt ──────────── served on partner failure ─────────────▶ staleIfErrorUntil
 * The stored key lives until the latest of them (see hardExpiry).
 */
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';

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
const deflateRawAsync = promisify(deflateRaw);

/** Builds an entry stored at `now`. A negative entry uses `ttlSeconds` alone (no stale windows). */
export function createEntry<T>(value: T, now: number, times: EntryTimes, negative = false): CacheEntry<T> {
  const freshUntil = now + seconds(times.ttlSeconds) * 1000;
  if (negative)
    return { value, storedAt: now, freshUntil, swrUntil: freshUntil, staleIfErrorUntil: freshUntil, negative };
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
 * Deflating runs on libuv's thread pool, not the event loop: a national list takes ~20 ms to
 * deflate, which the answers and responses in flight would otherwise wait for.
 * Rejects with a TypeError when the value is not JSON-serialisable.
 */
export async function encodeEntry(entry: CacheEntry, compressAbove = COMPRESS_ABOVE): Promise<string> {
  const wire = {
    v: entry.value,
    s: entry.storedAt,
    f: entry.freshUntil,
    w: entry.swrUntil,
    e: entry.staleIfErrorUntil,
    n: entry.negative ? 1 : 0,
  };
  let json: string;
  try {
    json = JSON.stringify(wire);
  } catch (err) {
    throw new TypeError(
      `cache entry value is not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (json.length < compressAbove) return PLAIN + json;
  const packed = DEFLATED + (await deflateRawAsync(json)).toString('base64');
  return packed.length < json.length ? packed : PLAIN + json;
}

/** Decodes an entry; anything unreadable (garbage, truncated, wrong shape) is undefined: a miss, never a crash. */
export function decodeEntry<T = unknown>(text: string | undefined | null): CacheEntry<T> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    let json: string;
    if (text.startsWith(PLAIN)) json = text.slice(PLAIN.length);
    else if (text.startsWith(DEFLATED))
      json = inflateRawSync(Buffer.from(text.slice(DEFLATED.length), 'base64'), {
        maxOutputLength: MAX_INFLATED_BYTES,
      }).toString('utf8');
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
  return {
    value: w.v as T,
    storedAt: storedAt!,
    freshUntil: freshUntil!,
    swrUntil: swrUntil!,
    staleIfErrorUntil: staleIfErrorUntil!,
    negative: w.n === 1,
  };
}

/**
 * What a decoded entry costs on the V8 heap, in bytes (64-bit, no pointer compression, as Node ships):
 * the L1 byte bound is counted in this, not in encoded length, which undercounts the object graph by
 * ~10× (a deflated value is a fraction of its JSON, and every object, array and string has headers the
 * JSON has not). An estimate from the value's shape: object 32 + 16 a property, array 48 + 8 an
 * element, string 24 + its characters (two bytes each past Latin-1), non-integer number 16. Shared
 * object keys and small integers cost nothing. Checked against the heap a full L1 frees when cleared
 * (bench mixed workload: 12.1 MB estimated, 11.4 MB freed); O(size of the value), like its encoding.
 */
export function heapSize(entry: CacheEntry): number {
  return ENTRY_OVERHEAD + valueHeapSize(entry.value, 0);
}

/** The envelope: a CacheEntry object and its map slot in the Lru. */
const ENTRY_OVERHEAD = 160;
/** Past this depth the walk stops (JSON values are shallow; a cyclic value cannot be cached anyway). */
const MAX_DEPTH = 64;

function valueHeapSize(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      // eslint-disable-next-line no-control-regex
      return 24 + (/[^\u0000-\u00ff]/.test(value) ? 2 * value.length : value.length);
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 0 : 16;
    case 'object': {
      if (value === null || depth > MAX_DEPTH) return 0;
      let bytes = 0;
      if (Array.isArray(value)) {
        bytes = 48 + 8 * value.length;
        for (const item of value) bytes += valueHeapSize(item, depth + 1);
        return bytes;
      }
      bytes = 32;
      for (const key in value) bytes += 16 + valueHeapSize((value as Record<string, unknown>)[key], depth + 1);
      return bytes;
    }
    default:
      return 0;
  }
}

function seconds(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
