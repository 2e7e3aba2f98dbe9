/**
 * The sources file (`SOURCES_FILE`): a YAML (or JSON) document with a `sources` list saying which
 * partners the gateway talks to, where, and with which credentials, and an optional `merge` section
 * overriding the merge policy (src/merge/policy.ts). Validated once at boot; every problem is
 * reported at once, each naming the entry and the key to change (and its line, in `merge`).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import {
  formatPolicyPath,
  PolicyError,
  policyWithOverrides,
  type MergePolicy,
  type PolicyIssue,
} from '../src/merge/policy.js';
import type { SourceConfig } from './connector.js';
import { LOCATION_GRANULARITIES } from './location-granularity.js';
import { readJson } from './tables.js';

/** Thrown with every problem of a sources file. */
export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file} is invalid (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const KEYS = new Set([
  'id',
  'connector',
  'baseUrl',
  'token',
  'clientId',
  'clientSecret',
  'ttlSeconds',
  'timeoutMs',
  'enabled',
  'consumerShare',
  'restricted',
  'options',
]);

function secret(
  where: string,
  key: string,
  v: unknown,
  env: NodeJS.ProcessEnv,
  problems: string[],
): string | undefined {
  if (v === undefined || v === null) return undefined;
  const m = typeof v === 'string' ? REF.exec(v.trim()) : null;
  if (!m) {
    problems.push(
      `${where}.${key} must be an \${ENV_VAR} reference (secrets are not written in the file), got: ${typeof v === 'string' ? '"…"' : typeof v}`,
    );
    return undefined;
  }
  const value = env[m[1]!];
  if (value === undefined || value === '') {
    problems.push(`${where}.${key} refers to \${${m[1]}}, which is not set in the environment`);
    return undefined;
  }
  return value;
}

function positiveInt(where: string, key: string, v: unknown, problems: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    problems.push(`${where}.${key} must be a positive integer, got: ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function shareOf(where: string, v: unknown, problems: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
    problems.push(`${where}.consumerShare must be a number greater than 0 and at most 1, got: ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function entry(
  raw: unknown,
  i: number,
  env: NodeJS.ProcessEnv,
  connectors: readonly string[],
  problems: string[],
): SourceConfig | null {
  const where = `sources[${i}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where} must be a mapping with id, connector and baseUrl`);
    return null;
  }
  const e = raw as Record<string, unknown>;
  for (const k of Object.keys(e))
    if (!KEYS.has(k)) problems.push(`${where} has unknown key "${k}" (expected one of ${[...KEYS].join(', ')})`);
  const id = typeof e.id === 'string' && SLUG.test(e.id) ? e.id : undefined;
  if (!id) problems.push(`${where}.id must be a lower-case slug such as "dora", got: ${JSON.stringify(e.id)}`);
  const label = id ? `sources[${i}] (${id})` : where;
  const connector = typeof e.connector === 'string' && connectors.includes(e.connector) ? e.connector : undefined;
  if (!connector)
    problems.push(`${label}.connector must be one of ${connectors.join(', ')}, got: ${JSON.stringify(e.connector)}`);
  let baseUrl: string | undefined;
  try {
    const u = new URL(String(e.baseUrl));
    if (u.protocol === 'http:' || u.protocol === 'https:') baseUrl = u.toString().replace(/\/+$/, '');
  } catch {
    /* reported below */
  }
  if (!baseUrl) problems.push(`${label}.baseUrl must be an http(s) URL, got: ${JSON.stringify(e.baseUrl)}`);
  if (e.enabled !== undefined && typeof e.enabled !== 'boolean')
    problems.push(`${label}.enabled must be true or false, got: ${JSON.stringify(e.enabled)}`);
  if (e.restricted !== undefined && typeof e.restricted !== 'boolean')
    problems.push(`${label}.restricted must be true or false, got: ${JSON.stringify(e.restricted)}`);
  if (e.options !== undefined && (typeof e.options !== 'object' || e.options === null || Array.isArray(e.options)))
    problems.push(`${label}.options must be a mapping`);
  const granularity = (e.options as Record<string, unknown> | undefined)?.locationGranularity;
  if (granularity !== undefined && !(LOCATION_GRANULARITIES as readonly unknown[]).includes(granularity))
    problems.push(
      `${label}.options.locationGranularity must be one of ${LOCATION_GRANULARITIES.join(', ')}, got: ${JSON.stringify(granularity)}`,
    );
  const cfg: SourceConfig = {
    id: id ?? '',
    connector: connector ?? '',
    baseUrl: baseUrl ?? '',
    token: secret(label, 'token', e.token, env, problems),
    clientId: secret(label, 'clientId', e.clientId, env, problems),
    clientSecret: secret(label, 'clientSecret', e.clientSecret, env, problems),
    ttlSeconds: positiveInt(label, 'ttlSeconds', e.ttlSeconds, problems),
    timeoutMs: positiveInt(label, 'timeoutMs', e.timeoutMs, problems),
    consumerShare: shareOf(label, e.consumerShare, problems),
    enabled: e.enabled === undefined ? true : e.enabled === true,
    ...(e.restricted === true ? { restricted: true } : {}),
    options: (e.options as Record<string, unknown> | undefined) ?? {},
  };
  return id && connector && baseUrl ? cfg : null;
}

/** What a sources file declares. */
export interface SourcesDocument {
  readonly sources: SourceConfig[];
  /** The merge policy with the file's `merge` overrides; undefined without a `merge` section (the default applies). */
  readonly merge: MergePolicy | undefined;
}

/**
 * Source slugs a merge policy may name: every declared id, plus, when an aggregator is declared,
 * the producers it republishes (data·inclusion's list, carried in data/data-inclusion/api/sources.json).
 */
function mergeableSources(raw: readonly unknown[]): string[] {
  const entries = raw.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  const ids = entries.map((e) => e.id).filter((id): id is string => typeof id === 'string');
  const republished = entries.some((e) => e.connector === 'data-inclusion')
    ? readJson<Array<{ slug: string }>>('api/sources.json').map((s) => s.slug)
    : [];
  return [...new Set([...ids, ...republished])];
}

/** `merge.fields.nom.rule (line 12): …`: a policy issue located in the file. */
function locate(doc: Document, lines: LineCounter, issue: PolicyIssue): string {
  const path = ['merge', ...issue.path];
  let line: number | undefined;
  for (let n = path.length; n > 0 && line === undefined; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) line = lines.linePos(node.range[0]).line;
  }
  return `${formatPolicyPath(path)}${line === undefined ? '' : ` (line ${line})`}: ${issue.message}`;
}

/** The `merge` section as a policy; its problems (located) are added to `problems`. */
function mergePolicy(
  doc: Document,
  lines: LineCounter,
  raw: unknown,
  sources: readonly unknown[],
  problems: string[],
): MergePolicy | undefined {
  if (raw === undefined || raw === null) return undefined;
  try {
    return policyWithOverrides(raw, undefined, { knownSources: mergeableSources(sources) });
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    problems.push(...err.issues.map((i) => locate(doc, lines, i)));
    return undefined;
  }
}

/** Parses and validates a sources document (sources and merge policy); throws SourcesFileError listing every problem. */
export function parseSourcesDocument(
  text: string,
  env: NodeJS.ProcessEnv,
  connectors: readonly string[],
  file = 'SOURCES_FILE',
): SourcesDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0)
    throw new SourcesFileError(file, [`is not valid YAML/JSON: ${doc.errors[0]!.message.split('\n')[0]}`]);
  const root = doc.toJS() as { sources?: unknown; merge?: unknown } | null;
  const list = root?.sources;
  if (!Array.isArray(list) || list.length === 0)
    throw new SourcesFileError(file, ['must have a non-empty "sources" list']);
  const problems: string[] = [];
  for (const k of Object.keys(root ?? {}))
    if (k !== 'sources' && k !== 'merge') problems.push(`unknown top-level key "${k}" (expected sources, merge)`);
  const out = list.map((raw, i) => entry(raw, i, env, connectors, problems));
  const seen = new Set<string>();
  for (const s of out) {
    if (!s) continue;
    if (seen.has(s.id)) problems.push(`source id "${s.id}" is used twice (ids must be unique)`);
    seen.add(s.id);
  }
  const merge = mergePolicy(doc, lines, root?.merge, list, problems);
  if (problems.length > 0) throw new SourcesFileError(file, problems);
  return { sources: (out as SourceConfig[]).map((s) => Object.freeze(s)), merge };
}

/** The sources of a sources document (parseSourcesDocument). */
export function parseSourcesFile(
  text: string,
  env: NodeJS.ProcessEnv,
  connectors: readonly string[],
  file = 'SOURCES_FILE',
): SourceConfig[] {
  return parseSourcesDocument(text, env, connectors, file).sources;
}

/** Reads and validates the file at `path`: its sources and merge policy. */
export function loadSourcesDocument(
  path: string,
  env: NodeJS.ProcessEnv,
  connectors: readonly string[],
): SourcesDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SourcesFileError(path, [
      `cannot be read (SOURCES_FILE=${path}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
  return parseSourcesDocument(text, env, connectors, path);
}

/** The sources of the file at `path` (loadSourcesDocument). */
export function loadSourcesFile(path: string, env: NodeJS.ProcessEnv, connectors: readonly string[]): SourceConfig[] {
  return loadSourcesDocument(path, env, connectors).sources;
}
