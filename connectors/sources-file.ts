/**
 * The sources file (`SOURCES_FILE`): a YAML (or JSON) document with a `sources` list saying which
 * partners the gateway talks to, where, and with which credentials. Validated once at boot; every
 * problem is reported at once, each naming the entry and the key to change.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { SourceConfig } from './connector.js';

/** Thrown with every problem of a sources file. */
export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(`${file} is invalid (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const KEYS = new Set(['id', 'connector', 'baseUrl', 'token', 'clientId', 'clientSecret', 'ttlSeconds', 'timeoutMs', 'enabled', 'options']);

function secret(where: string, key: string, v: unknown, env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  if (v === undefined || v === null) return undefined;
  const m = typeof v === 'string' ? REF.exec(v.trim()) : null;
  if (!m) {
    problems.push(`${where}.${key} must be an \${ENV_VAR} reference (secrets are not written in the file), got: ${typeof v === 'string' ? '"…"' : typeof v}`);
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

function entry(raw: unknown, i: number, env: NodeJS.ProcessEnv, connectors: readonly string[], problems: string[]): SourceConfig | null {
  const where = `sources[${i}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where} must be a mapping with id, connector and baseUrl`);
    return null;
  }
  const e = raw as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!KEYS.has(k)) problems.push(`${where} has unknown key "${k}" (expected one of ${[...KEYS].join(', ')})`);
  const id = typeof e.id === 'string' && SLUG.test(e.id) ? e.id : undefined;
  if (!id) problems.push(`${where}.id must be a lower-case slug such as "dora", got: ${JSON.stringify(e.id)}`);
  const label = id ? `sources[${i}] (${id})` : where;
  const connector = typeof e.connector === 'string' && connectors.includes(e.connector) ? e.connector : undefined;
  if (!connector) problems.push(`${label}.connector must be one of ${connectors.join(', ')}, got: ${JSON.stringify(e.connector)}`);
  let baseUrl: string | undefined;
  try {
    const u = new URL(String(e.baseUrl));
    if (u.protocol === 'http:' || u.protocol === 'https:') baseUrl = u.toString().replace(/\/+$/, '');
  } catch {
    /* reported below */
  }
  if (!baseUrl) problems.push(`${label}.baseUrl must be an http(s) URL, got: ${JSON.stringify(e.baseUrl)}`);
  if (e.enabled !== undefined && typeof e.enabled !== 'boolean') problems.push(`${label}.enabled must be true or false, got: ${JSON.stringify(e.enabled)}`);
  if (e.options !== undefined && (typeof e.options !== 'object' || e.options === null || Array.isArray(e.options)))
    problems.push(`${label}.options must be a mapping`);
  const cfg: SourceConfig = {
    id: id ?? '',
    connector: connector ?? '',
    baseUrl: baseUrl ?? '',
    token: secret(label, 'token', e.token, env, problems),
    clientId: secret(label, 'clientId', e.clientId, env, problems),
    clientSecret: secret(label, 'clientSecret', e.clientSecret, env, problems),
    ttlSeconds: positiveInt(label, 'ttlSeconds', e.ttlSeconds, problems),
    timeoutMs: positiveInt(label, 'timeoutMs', e.timeoutMs, problems),
    enabled: e.enabled === undefined ? true : e.enabled === true,
    options: (e.options as Record<string, unknown> | undefined) ?? {},
  };
  return id && connector && baseUrl ? cfg : null;
}

/** Parses and validates a sources document; throws SourcesFileError listing every problem. */
export function parseSourcesFile(text: string, env: NodeJS.ProcessEnv, connectors: readonly string[], file = 'SOURCES_FILE'): SourceConfig[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new SourcesFileError(file, [`is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  const list = (doc as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list) || list.length === 0) throw new SourcesFileError(file, ['must have a non-empty "sources" list']);
  const problems: string[] = [];
  const out = list.map((raw, i) => entry(raw, i, env, connectors, problems));
  const seen = new Set<string>();
  for (const s of out) {
    if (!s) continue;
    if (seen.has(s.id)) problems.push(`source id "${s.id}" is used twice (ids must be unique)`);
    seen.add(s.id);
  }
  if (problems.length > 0) throw new SourcesFileError(file, problems);
  return (out as SourceConfig[]).map((s) => Object.freeze(s));
}

/** Reads and validates the file at `path`. */
export function loadSourcesFile(path: string, env: NodeJS.ProcessEnv, connectors: readonly string[]): SourceConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SourcesFileError(path, [`cannot be read (SOURCES_FILE=${path}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  return parseSourcesFile(text, env, connectors, path);
}
