/**
 * The whole-response cache for read operations (one plugin, one file).
 * Keyed by one function of (schema, document hash, operation name, variables, consumer scope); an
 * entry lives as long as the least fresh answer it was built from, and carries those answers' tags
 * (request-trace.ts), so invalidating a source, a record or a territory drops the responses too.
 * Never stored: mutations, introspection, responses with errors or incomplete sources, responses
 * built from stale or uncached answers, and root fields that report live process state (`sources`).
 *
 * A hit is answered twice over: `hitBytes` serves the fast path (fast-path.ts), which finds a fresh L1
 * entry from the raw request before Apollo parses anything and writes bytes serialised once per entry;
 * `responseForOperation` serves everything else (L2 hits from another replica, requests the fast path
 * leaves to Apollo). Both build the same key from the same request fields and the same hit body.
 *
 * The key holds the hash of the parsed document printed back (documentHashOf), so comments, spacing
 * and layout never make a new entry. The fast path cannot parse: Apollo's path remembers, in a
 * bounded map, which normalised hash each raw text it saw has, and the fast path answers only texts
 * found there (any other goes to Apollo, which fills the map). Variables are hashed with sorted keys
 * (buildKey), so their order does not matter either. Responses larger than `maxEntryBytes` are not stored.
 */
import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, type BaseContext, HeaderMap } from '@apollo/server';
import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  print,
  printSchema,
  type SelectionSetNode,
} from 'graphql';
import { ageSeconds, type CacheEntry, createEntry } from '../../../cache/entry.js';
import { buildKey } from '../../../cache/keys.js';
import { Lru } from '../../../cache/lru.js';
import type { Tiers } from '../../../cache/tiers.js';
import type { SourceReport } from '../../loaders/report.js';
import type { RequestTraces } from '../request-trace.js';

/** The scope of every consumer until the API has authentication. */
export const PUBLIC_SCOPE = 'public';

/** What the key of one response is made of. */
export interface ResponseKeyParts {
  /** Hash of the schema: a deployment that changes the API never reads older responses. */
  readonly schemaHash: string;
  /** Hash of the normalised document (documentHashOf). */
  readonly documentHash: string;
  /** The operationName the request sent (not the one resolved from the document: the fast path cannot parse). */
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** The one key builder of whole responses; the scope closes the key (buildKey). */
export function responseCacheKey(parts: ResponseKeyParts, scope: string): string {
  const params = {
    s: parts.schemaHash,
    q: parts.documentHash,
    o: parts.operationName ?? null,
    v: parts.variables ?? {},
  };
  return buildKey({ version: 1, source: 'response', operation: 'graphql', params, scope });
}

/** Apollo's queryHash of a document text (requestPipeline's computeQueryHash). */
export function queryHashOf(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

/** Hash of a parsed document printed back: the same for texts that differ only in comments and layout. */
export function documentHashOf(document: DocumentNode): string {
  return createHash('sha256').update(print(document)).digest('hex');
}

/** The request fields a response's key is made of, as they arrive over HTTP. */
export interface CachedRequest {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/** Dependencies of responseCachePlugin. */
export interface ResponseCacheDeps<TContext> {
  /** L1 + L2 shared with the connectors' cache (same L1, so invalidations reach it). */
  readonly tiers: Pick<Tiers, 'read' | 'peek' | 'write' | 'isFresh'>;
  readonly clock: () => number;
  readonly traces: Pick<RequestTraces, 'current'>;
  /** The consumer's scope. @default () => PUBLIC_SCOPE */
  readonly scopeOf?: (ctx: TContext) => string;
  /** Life of a response built from no cached answer (nomenclatures, the embedded COG). @default 3600 */
  readonly defaultTtlSeconds?: number;
  /** Root fields whose answer is live state, never stored. @default ['sources'] */
  readonly uncachedRootFields?: readonly string[];
  readonly metrics?: { hit(): void; miss(): void };
  /** Largest response stored, in characters of its JSON text. @default 256 KiB */
  readonly maxEntryBytes?: number;
  /** Raw query texts whose normalised hash is remembered for the fast path. @default 10000 */
  readonly knownTexts?: number;
}

interface Stored {
  readonly data: Record<string, unknown>;
  readonly extensions: Record<string, unknown>;
  /** The operation's name as resolved from the document (the fast path's log line). */
  readonly operation?: string | null;
}

/** The result of a hit, as both paths answer it. */
function hitResult(stored: Stored, age: number) {
  return { data: stored.data, extensions: { ...stored.extensions, responseCache: { status: 'hit', ageSeconds: age } } };
}

/** What the fast path writes for a hit. */
export interface HitBytes {
  /** The body, byte for byte what Apollo would send (runHttpQuery: JSON.stringify of the result and '\n'). */
  readonly body: Buffer;
  /** The operation's name, for the log line. */
  readonly operationName: string | null;
}

/** Ends every hit body: the age is the one value that changes while an entry lives. */
const AGE_TAIL = '}}}\n';

/**
 * One stored response serialised once: a single buffer whose tail (the age) is respliced when the age
 * changes (at most once a second), so a hit costs no JSON work at all. The buffer is the entry's only
 * copy of those bytes and is allocated outside Node's shared 8 KiB pool: a long-lived slice of the pool
 * would pin a whole slab per entry.
 */
class RenderedHit {
  private body: Buffer;
  /** Bytes before the age: responseCache is the last member of extensions, the last of the result. */
  private readonly headLength: number;
  private age = 0;

  constructor(private readonly stored: Stored) {
    this.body = unpooled([JSON.stringify(hitResult(stored, 0)) + '\n']);
    this.headLength = this.body.length - `0${AGE_TAIL}`.length;
  }

  at(age: number): Buffer {
    if (age !== this.age) {
      this.body = unpooled([this.body.subarray(0, this.headLength), `${age}${AGE_TAIL}`]);
      this.age = age;
    }
    return this.body;
  }

  get operationName(): string | null {
    return this.stored.operation ?? null;
  }
}

/** The parts (UTF-8 text or bytes) concatenated into a buffer of their exact size, outside the pool. */
function unpooled(parts: ReadonlyArray<string | Buffer>): Buffer {
  const out = Buffer.allocUnsafeSlow(
    parts.reduce((n, p) => n + (typeof p === 'string' ? Buffer.byteLength(p) : p.length), 0),
  );
  let at = 0;
  for (const p of parts) at += typeof p === 'string' ? out.write(p, at) : p.copy(out, at);
  return out;
}

/** The plugin, and the synchronous lookup of the fast path over the same entries. */
export interface ResponseCachePlugin<TContext extends BaseContext> extends ApolloServerPlugin<TContext> {
  /**
   * The hit for a request when a fresh entry for its key is in L1 (counted as a hit), else undefined
   * (nothing counted: Apollo runs and the plugin counts). `scope` must be what `scopeOf` gives for it.
   */
  hitBytes(request: CachedRequest, scope: string): HitBytes | undefined;
}

/** Root field names of an operation, through inline fragments and fragment spreads (each fragment walked once: linear). */
export function rootFields(op: OperationDefinitionNode, doc: DocumentNode): string[] {
  const fragments = new Map(
    doc.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value) && fragments.has(s.name.value)) {
        seen.add(s.name.value);
        walk(fragments.get(s.name.value)!);
      }
    }
  };
  walk(op.selectionSet);
  return out;
}

/** True when no source failed and none answered stale. */
function complete(report: SourceReport | undefined): boolean {
  return !report || report.entries.every((e) => e.outcome.ok && !e.outcome.stale);
}

/** The plugin. List it after sourceReportPlugin, whose errors and extensions must be in what is stored. */
export function responseCachePlugin<TContext extends BaseContext & { readonly report?: SourceReport }>(
  deps: ResponseCacheDeps<TContext>,
): ResponseCachePlugin<TContext> {
  const uncached = new Set(deps.uncachedRootFields ?? ['sources']);
  let schemaHash = '';
  // Keyed by the entry L1 holds: dropped with it (eviction, expiry, invalidation), rebuilt for an entry copied from L2.
  const rendered = new WeakMap<CacheEntry, RenderedHit>();
  const maxEntryBytes = deps.maxEntryBytes ?? 256 * 1024;
  // Raw text hash → normalised document hash, filled by Apollo's path, read by the fast path.
  const documentHashes = new Lru<string>({ maxEntries: deps.knownTexts ?? 10_000 });
  const documentHashFor = (queryHash: string, document: DocumentNode) => {
    let hash = documentHashes.get(queryHash);
    if (hash === undefined) documentHashes.set(queryHash, (hash = documentHashOf(document)), Infinity, 0);
    return hash;
  };
  /** The key, or undefined when the variables cannot be hashed (too deep: the request is refused elsewhere). */
  const keyOf = (documentHash: string, request: Omit<CachedRequest, 'query'>, scope: string) => {
    try {
      return responseCacheKey(
        { schemaHash, documentHash, operationName: request.operationName, variables: request.variables ?? undefined },
        scope,
      );
    } catch {
      return undefined;
    }
  };
  return {
    hitBytes(request, scope) {
      if (schemaHash === '') return undefined;
      const documentHash = documentHashes.get(queryHashOf(request.query));
      const key = documentHash === undefined ? undefined : keyOf(documentHash, request, scope);
      if (key === undefined) return undefined;
      const entry = deps.tiers.peek(key);
      if (entry === undefined) return undefined;
      let hit = rendered.get(entry);
      if (hit === undefined) rendered.set(entry, (hit = new RenderedHit(entry.value as Stored)));
      deps.metrics?.hit();
      return { body: hit.at(ageSeconds(entry, deps.clock())), operationName: hit.operationName };
    },
    async serverWillStart({ schema }) {
      schemaHash = createHash('sha1').update(printSchema(schema)).digest('hex').slice(0, 12);
    },
    async requestDidStart() {
      let key: string | undefined;
      return {
        async responseForOperation(rc) {
          if (rc.operation?.operation !== 'query') return null;
          const fields = rootFields(rc.operation, rc.document);
          if (fields.some((f) => uncached.has(f) || (f.startsWith('__') && f !== '__typename'))) return null;
          const scope = deps.scopeOf ? deps.scopeOf(rc.contextValue) : PUBLIC_SCOPE;
          key = keyOf(documentHashFor(rc.queryHash ?? '', rc.document), rc.request, scope);
          if (key === undefined) return null;
          const entry = await deps.tiers.read(key);
          if (entry === undefined || !deps.tiers.isFresh(entry)) {
            deps.metrics?.miss();
            return null;
          }
          const stored = entry.value as Stored;
          key = undefined; // a hit is not stored again
          deps.metrics?.hit();
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: hitResult(stored, ageSeconds(entry, deps.clock())) },
          };
        },
        async willSendResponse(rc) {
          const { response, contextValue } = rc;
          if (key === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const trace = deps.traces.current();
          if ((result.errors?.length ?? 0) > 0 || !result.data || trace?.degraded || !complete(contextValue.report))
            return;
          const ttlSeconds = Math.floor(trace?.freshForSeconds ?? deps.defaultTtlSeconds ?? 3_600);
          if (!(ttlSeconds > 0)) return;
          const value: Stored = {
            data: result.data,
            extensions: { ...(result.extensions ?? {}) },
            operation: rc.operationName,
          };
          if (JSON.stringify(value).length > maxEntryBytes) return;
          // Off the response's path: L1 is written at once, L2 and the tags in the background (never rejects).
          void deps.tiers.write([{ key, entry: createEntry(value, deps.clock(), { ttlSeconds }), tags: trace?.tags }]);
        },
      };
    },
  };
}
