/**
 * The consumers file (`CONSUMERS_FILE`): a YAML document with a `consumers` list, each entry naming
 * a consumer, the SHA-256 of its API keys (never the keys), its scopes and optionally its rate limit
 * and allowed origins. Validated once at boot; every problem is reported at once, naming the entry
 * and the key, like the sources file (connectors/sources-file.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { RateLimit } from '../../config.js';
import { SCOPES, type Scope } from '../request-scope.js';

/** One declared consumer. */
export interface DeclaredConsumer {
  readonly name: string;
  /** Lower-case hex SHA-256 of each accepted API key (several while a key is rotated). */
  readonly keySha256: readonly string[];
  readonly scopes: readonly Scope[];
  /** Undefined: CONSUMER_RATE_LIMIT applies. */
  readonly rateLimit?: RateLimit;
  /** Origins a browser-embedded (widget) key may be used from; kept for later, not enforced yet. */
  readonly allowedOrigins?: readonly string[];
}

/** Thrown with every problem of a consumers file. */
export class ConsumersFileError extends Error {
  override readonly name = 'ConsumersFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file} is invalid (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Consumer names: what logs, rate-limit keys and partner budgets show. */
export const CONSUMER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEYS = new Set(['name', 'keySha256', 'scopes', 'rateLimit', 'allowedOrigins']);

/** The lower-case hex SHA-256 of an API key, as the file stores it. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function rateLimitOf(label: string, v: unknown, problems: string[]): RateLimit | undefined {
  if (v === undefined) return undefined;
  const r = isRecord(v) ? v : {};
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (!ok(r.requests) || !ok(r.perSeconds) || Object.keys(r).some((k) => k !== 'requests' && k !== 'perSeconds')) {
    problems.push(
      `${label}.rateLimit must be { requests: <integer above 0>, perSeconds: <integer above 0> }, got: ${JSON.stringify(v)}`,
    );
    return undefined;
  }
  return { requests: r.requests as number, perSeconds: r.perSeconds as number };
}

function entry(raw: unknown, i: number, problems: string[]): DeclaredConsumer | null {
  if (!isRecord(raw)) {
    problems.push(`consumers[${i}] must be a mapping with name, keySha256 and scopes`);
    return null;
  }
  const name = typeof raw.name === 'string' && CONSUMER_NAME.test(raw.name) ? raw.name : undefined;
  const label = name ? `consumers[${i}] (${name})` : `consumers[${i}]`;
  if (!name)
    problems.push(
      `${label}.name must be a lower-case name such as "cd59-portail" (letters, digits, . _ -), got: ${JSON.stringify(raw.name)}`,
    );
  for (const k of Object.keys(raw))
    if (!KEYS.has(k)) problems.push(`${label} has unknown key "${k}" (expected one of ${[...KEYS].join(', ')})`);
  const hashes = Array.isArray(raw.keySha256) ? raw.keySha256 : [];
  if (hashes.length === 0)
    problems.push(
      `${label}.keySha256 must be a non-empty list of SHA-256 hex digests of API keys (never the keys themselves)`,
    );
  hashes.forEach((h, j) => {
    if (typeof h !== 'string' || !SHA256_HEX.test(h))
      problems.push(
        `${label}.keySha256[${j}] must be 64 lower-case hex characters, got: ${typeof h === 'string' ? `${h.length} characters` : typeof h}`,
      );
  });
  const scopes = Array.isArray(raw.scopes) ? raw.scopes : [];
  if (scopes.length === 0) problems.push(`${label}.scopes must be a non-empty list of ${SCOPES.join(', ')}`);
  for (const s of scopes)
    if (!(SCOPES as readonly unknown[]).includes(s))
      problems.push(`${label}.scopes has unknown scope ${JSON.stringify(s)} (expected ${SCOPES.join(', ')})`);
  const rateLimit = rateLimitOf(label, raw.rateLimit, problems);
  const origins = raw.allowedOrigins;
  if (
    origins !== undefined &&
    (!Array.isArray(origins) ||
      !origins.every((o) => typeof o === 'string' && URL.canParse(o) && new URL(o).origin === o))
  )
    problems.push(
      `${label}.allowedOrigins must be a list of origins such as "https://www.example.fr", got: ${JSON.stringify(origins)}`,
    );
  if (!name) return null;
  return {
    name,
    keySha256: hashes.filter((h): h is string => typeof h === 'string'),
    scopes: [...new Set(scopes as Scope[])],
    ...(rateLimit ? { rateLimit } : {}),
    ...(Array.isArray(origins) ? { allowedOrigins: origins as string[] } : {}),
  };
}

/** Parses and validates a consumers document; throws ConsumersFileError listing every problem. */
export function parseConsumersFile(text: string, file = 'CONSUMERS_FILE'): DeclaredConsumer[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new ConsumersFileError(file, [`is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`]);
  const root: unknown = doc.toJS();
  const list = isRecord(root) ? root.consumers : undefined;
  // An empty file, or `consumers: []`, declares nobody (the CLI starts from there).
  if (root === null || root === undefined || list === null || (Array.isArray(list) && list.length === 0)) return [];
  if (!Array.isArray(list)) throw new ConsumersFileError(file, ['must have a "consumers" list']);
  const problems: string[] = [];
  for (const k of Object.keys(root as object))
    if (k !== 'consumers') problems.push(`unknown top-level key "${k}" (expected consumers)`);
  const out = list.map((raw, i) => entry(raw, i, problems));
  const names = new Set<string>();
  const owners = new Map<string, string>();
  for (const c of out) {
    if (!c) continue;
    if (names.has(c.name)) problems.push(`consumer name "${c.name}" is used twice (names must be unique)`);
    names.add(c.name);
    for (const h of c.keySha256) {
      const owner = owners.get(h);
      if (owner !== undefined)
        problems.push(`consumers ${owner} and ${c.name} share a key hash (each key belongs to one consumer)`);
      owners.set(h, c.name);
    }
  }
  if (problems.length > 0) throw new ConsumersFileError(file, problems);
  return out as DeclaredConsumer[];
}

/** Reads and validates the consumers file at `path`. */
export function loadConsumersFile(path: string): DeclaredConsumer[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConsumersFileError(path, [
      `cannot be read (CONSUMERS_FILE=${path}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
  return parseConsumersFile(text, path);
}
