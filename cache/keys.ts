/**
 * The one cache key builder: `v<version>:<source>:<operation>:<hash>[:<scope>]`.
 * The Redis `keyPrefix` (`gw:`) is added by ioredis, never here. Source and operation lead the key so
 * invalidation by source (or by source and operation) is a prefix; the scope closes it so two consumers
 * whose answers differ never share an entry.
 */
import { createHash } from 'node:crypto';

/** What identifies one cached answer. */
export interface KeyParts {
  /** Bump when the mapping output changes, so old entries are never read again. A number n gives `vn`. */
  readonly version: number | string;
  /** The source (partner) id, e.g. `dora`. Also the metrics label. */
  readonly source: string;
  /** The connector operation, e.g. `listServices`. */
  readonly operation: string;
  /** The operation's arguments; any JSON-like value (objects are hashed with sorted keys). */
  readonly params: unknown;
  /** The consumer's scope, only where the answer depends on who asks. */
  readonly scope?: string;
  /** Dotted paths in `params` whose arrays are sets: sorted and deduplicated before hashing. */
  readonly sets?: readonly string[];
}

/** Characters allowed in the version, source and operation segments (no `:`, which separates them). */
const SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** Length of the base64url hash kept: 16 characters = 96 bits, far beyond any collision risk here. */
const HASH_LENGTH = 16;
/** Deepest nesting of params hashed: far beyond any real parameter, far below the call stack's limit. */
export const MAX_DEPTH = 64;

/** Builds the key of one cached answer. Same params in any key order give the same key. */
export function buildKey(parts: KeyParts): string {
  const head = keyPrefix(parts);
  const hash = createHash('sha1')
    .update(canonicalJson(parts.params, parts.sets ?? []))
    .digest('base64url');
  const scope = parts.scope === undefined || parts.scope === '' ? '' : `:${checkScope(parts.scope)}`;
  return `${head}${hash.slice(0, HASH_LENGTH)}${scope}`;
}

/** The prefix shared by every key of a source (and of one of its operations when given), ending in `:`. */
export function keyPrefix(parts: {
  readonly version: number | string;
  readonly source: string;
  readonly operation?: string;
}): string {
  const version = typeof parts.version === 'number' ? `v${parts.version}` : parts.version;
  const segments = [segment('version', version), segment('source', parts.source)];
  if (parts.operation !== undefined) segments.push(segment('operation', parts.operation));
  return `${segments.join(':')}:`;
}

/** The source segment of a key built by buildKey (the metrics label), or `unknown`. */
export function sourceOfKey(key: string): string {
  return key.split(':', 3)[1] || 'unknown';
}

/**
 * Deterministic JSON: object keys sorted, undefined members dropped (as JSON.stringify does), Dates as
 * ISO strings, Sets and the arrays named in `sets` sorted and deduplicated. Other arrays keep their order
 * because order is meaningful for most parameters (sort orders, pages). Deeper than MAX_DEPTH is a
 * RangeError, never a stack overflow.
 */
export function canonicalJson(value: unknown, sets: readonly string[] = [], path = '', depth = 0): string {
  if (depth > MAX_DEPTH)
    throw new RangeError(`buildKey params nest deeper than ${MAX_DEPTH} levels at "${path.slice(0, 80) || '(root)'}"`);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Set) return canonicalSet([...value], sets, path, depth);
  if (Array.isArray(value)) {
    if (sets.includes(path)) return canonicalSet(value, sets, path, depth);
    return `[${value.map((v) => canonicalJson(v, sets, path, depth + 1)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const members = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map(
        (k) =>
          `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], sets, path === '' ? k : `${path}.${k}`, depth + 1)}`,
      );
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`buildKey params must be JSON-like, got a ${typeof value} at "${path || '(root)'}"`);
}

function canonicalSet(items: readonly unknown[], sets: readonly string[], path: string, depth: number): string {
  const unique = [...new Set(items.map((v) => canonicalJson(v, sets, path, depth + 1)))].sort();
  return `[${unique.join(',')}]`;
}

function segment(name: string, value: string): string {
  if (!SEGMENT.test(value))
    throw new RangeError(`buildKey ${name} must match ${SEGMENT.source}, got: ${JSON.stringify(value)}`);
  return value;
}

/** The scope closes the key, so `:` is allowed in it; whitespace is not (it would hide in logs). */
function checkScope(scope: string): string {
  if (/\s/.test(scope))
    throw new RangeError(`buildKey scope must not contain whitespace, got: ${JSON.stringify(scope)}`);
  return scope;
}
