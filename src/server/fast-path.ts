/**
 * The fast path of whole-response cache hits, in front of express on /graphql. A read whose response
 * is fresh in L1 is answered from bytes serialised once per entry (response-cache.ts `hitBytes`), with
 * the status and headers Apollo would send, on the bare node:http objects: express decorating them
 * (prototype swaps, router, body-parser) costs several times what writing a cached answer does, and
 * Apollo's parse, validate and plugins are skipped too. A hit costs a sha256 of the query text, two
 * Map lookups (the text's normalised document, then the entry) and one key hash.
 *
 * Everything else goes to express unchanged: misses, hits only L2 has (Apollo's plugin serves them
 * and copies them into L1), and whatever Apollo might answer differently (persisted queries, GETs
 * without a CSRF preflight header, Accept headers other than a few common ones, compressed, chunked
 * or large bodies). A POST body the fast path has read is handed over parsed, or with the parse
 * error body-parser would have raised (takePreread), so express answers it exactly as before.
 *
 * A request is admitted (authenticated, scope checked, counted against its rate limit) before its
 * hit is looked up, because the consumer's scope is part of the key: a hit is never served to
 * another scope, and refused credentials never get a 200 here (the refusal is left to express, which
 * answers it from what the fast path decided, without counting the request twice).
 *
 * Variables past the shape bounds (variables-shape.ts) are never hashed here, and any failure of the
 * fast path hands the request to express rather than escaping into the process.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Consumer, ContextLogger } from './request-scope.js';
import { type CachedRequest, type HitBytes, PUBLIC_SCOPE } from './plugins/response-cache.js';
import { variablesProblem } from './variables-shape.js';

/** The logger the fast path writes its two lines to (pino satisfies it). */
export interface FastPathLogger {
  child(bindings: { requestId: string }): ContextLogger;
  /** When present and false for 'info', the log lines (and the child logger) are skipped. */
  isLevelEnabled?(level: string): boolean;
}

/** What the fast path is built from. */
export interface FastPathDeps {
  /** The response cache's synchronous L1 lookup (responseCachePlugin().hitBytes). */
  readonly hit: (request: CachedRequest, scope: string) => HitBytes | undefined;
  readonly logger: FastPathLogger;
  /** The request id of a request (http.ts requestIdFor). @default the caller's header, else a UUID */
  readonly requestIdFor?: (header: string | undefined) => string;
  /** Admits the request: its consumer and the headers to send, or undefined when refused (express answers). @default every request, as no consumer */
  readonly admit?: (
    req: IncomingMessage,
  ) => Promise<{ readonly consumer: Consumer; readonly headers: Readonly<Record<string, string>> } | undefined>;
  /** The consumer's response scope; must be the response cache plugin's (auth/response-scope.ts). @default () => PUBLIC_SCOPE */
  readonly scopeOf?: (consumer: Consumer | undefined) => string;
  /** Sets headers every answer carries whichever path writes it (CORS) on the bare response. @default none */
  readonly decorate?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Larger POST bodies are left to express's parser and its limit. @default 64 KiB */
  readonly maxBodyBytes?: number;
  /** Variables nesting deeper or holding more values are left to Apollo (which refuses them). @default 16 and 10000 */
  readonly variablesMaxDepth?: number;
  readonly variablesMaxNodes?: number;
  /** Told about a failure of the fast path (the request then goes to express). */
  readonly onError?: (err: unknown) => void;
}

/** Answers the request, or calls `pass` (exactly once) to hand it to express. */
export type FastPath = (req: IncomingMessage, res: ServerResponse, pass: () => void) => void;

/** A POST body the fast path read: its value as express.json would give it, or the error it would raise. */
export type Preread = { readonly body: unknown } | { readonly error: Error };

const PREREAD = Symbol('fast-path preread body');

/** The body the fast path read for this request, if it did (http.ts uses it in place of express.json). */
export function takePreread(req: IncomingMessage): Preread | undefined {
  return (req as IncomingMessage & { [PREREAD]?: Preread })[PREREAD];
}

/** Content types of the POST bodies read here; any other (charsets, +json…) is express.json's to judge. */
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
/** Accept headers answered here, with what Apollo's negotiation picks for them; any other goes to Apollo. */
const CONTENT_TYPE_BY_ACCEPT = new Map<string | undefined, string>([
  [undefined, APPLICATION_JSON],
  ['*/*', APPLICATION_JSON],
  ['application/json', APPLICATION_JSON],
  ['application/graphql-response+json', GRAPHQL_RESPONSE_JSON],
  ['application/graphql-response+json,application/json;q=0.9', GRAPHQL_RESPONSE_JSON],
  ['application/graphql-response+json, application/json;q=0.9', GRAPHQL_RESPONSE_JSON],
]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The cacheable fields of a POST body as Apollo reads them, or undefined when Apollo must judge the body. */
export function fromBody(body: unknown): CachedRequest | undefined {
  if (!isRecord(body)) return undefined;
  const { query, operationName, variables, extensions } = body;
  if (typeof query !== 'string' || query === '' || (extensions !== undefined && extensions !== null)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return undefined;
  return { query, operationName: operationName ?? null, variables: variables ?? null };
}

/** The cacheable fields of a GET query string, each parameter given at most once, or undefined. */
export function fromSearch(search: string): CachedRequest | undefined {
  const params = new URLSearchParams(search);
  const once = (name: string) => {
    const all = params.getAll(name);
    return all.length > 1 ? null : all[0];
  };
  const [query, operationName, variablesText] = [once('query'), once('operationName'), once('variables')];
  if (
    typeof query !== 'string' ||
    query === '' ||
    operationName === null ||
    variablesText === null ||
    params.has('extensions')
  )
    return undefined;
  if (variablesText === undefined) return { query, operationName: operationName ?? null, variables: null };
  try {
    const variables: unknown = JSON.parse(variablesText);
    return isRecord(variables) ? { query, operationName: operationName ?? null, variables } : undefined;
  } catch {
    return undefined;
  }
}

/** What express.json (strict) makes of a body: {} when empty, else an object or array, else its 400. */
export function parseLikeBodyParser(text: string): Preread {
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.length === 0) return { body: {} };
  // eslint-disable-next-line no-control-regex -- JSON whitespace is tab, line feed and carriage return
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(trimmed)?.[1];
  try {
    if (first !== '{' && first !== '[')
      throw new SyntaxError(`Unexpected token ${first ?? 'end'} in JSON at position 0`);
    return { body: JSON.parse(trimmed) as unknown };
  } catch (err) {
    return {
      error: Object.assign(err as Error, { type: 'entity.parse.failed', status: 400, statusCode: 400, expose: true }),
    };
  }
}

/** True for the GETs Apollo's CSRF prevention lets through on a header alone: no body, no content-type, a preflight header. */
function preflighted(req: IncomingMessage): boolean {
  const h = req.headers;
  return (
    h['content-type'] === undefined &&
    h['content-length'] === undefined &&
    h['transfer-encoding'] === undefined &&
    !!(h['apollo-require-preflight'] || h['x-apollo-operation-name'])
  );
}

/** True for POST bodies read here: JSON, uncompressed, with a length within `max`. */
function readable(req: IncomingMessage, max: number): boolean {
  const h = req.headers;
  const length = Number(h['content-length']);
  return (
    JSON_TYPES.has(h['content-type']?.toLowerCase() ?? '') &&
    h['content-encoding'] === undefined &&
    h['transfer-encoding'] === undefined &&
    length > 0 &&
    length <= max
  );
}

/** Builds the fast path. */
export function createFastPath(deps: FastPathDeps): FastPath {
  const max = deps.maxBodyBytes ?? 64 * 1024;
  const idFor = deps.requestIdFor ?? ((header?: string) => header ?? randomUUID());
  const logs = () => deps.logger.isLevelEnabled?.('info') ?? true;
  const [maxDepth, maxNodes] = [deps.variablesMaxDepth ?? 16, deps.variablesMaxNodes ?? 10_000];
  /** answer(), or false when it fails (a request must never throw out of the fast path). */
  const tryAnswer = async (
    req: IncomingMessage,
    res: ServerResponse,
    request: CachedRequest,
    startedAt: number,
  ): Promise<boolean> => {
    try {
      return await answer(req, res, request, startedAt);
    } catch (err) {
      deps.onError?.(err);
      return res.headersSent;
    }
  };

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    request: CachedRequest,
    startedAt: number,
  ): Promise<boolean> => {
    const contentType = CONTENT_TYPE_BY_ACCEPT.get(req.headers.accept);
    if (contentType === undefined || variablesProblem(request.variables, maxDepth, maxNodes) !== undefined)
      return false;
    const admitted = deps.admit ? await deps.admit(req) : { consumer: undefined, headers: {} };
    if (admitted === undefined) return false;
    const hit = deps.hit(request, deps.scopeOf ? deps.scopeOf(admitted.consumer) : PUBLIC_SCOPE);
    if (hit === undefined) return false;
    const header = req.headers['x-request-id'];
    const requestId = idFor(typeof header === 'string' ? header : undefined);
    deps.decorate?.(req, res);
    // The headers express and Apollo would send (Apollo's cache-control plugin marks every response no-store).
    res.writeHead(200, {
      ...admitted.headers,
      'x-request-id': requestId,
      'cache-control': 'no-store',
      'content-type': contentType,
      'content-length': hit.body.length,
    });
    res.end(hit.body);
    if (logs()) {
      // The two lines the normal path writes: the operation's (saying where it came from) and the access log's.
      const logger = deps.logger.child({ requestId });
      const durationMs = performance.now() - startedAt;
      logger.info(
        {
          operationName: hit.operationName ?? request.operationName ?? null,
          durationMs: Math.round(durationMs * 10) / 10,
          errorCount: 0,
          responseCache: 'fast-path',
        },
        'graphql operation',
      );
      logger.info(
        { method: req.method, path: '/graphql', status: 200, durationMs: Math.round(durationMs) },
        'http request',
      );
    }
    return true;
  };

  return (req, res, pass) => {
    const startedAt = performance.now();
    const url = req.url ?? '';
    if (req.method === 'GET' && url.startsWith('/graphql?') && preflighted(req)) {
      const request = fromSearch(url.slice('/graphql?'.length));
      if (request === undefined) return pass();
      void tryAnswer(req, res, request, startedAt).then((done) => done || pass());
      return;
    }
    if (req.method !== 'POST' || url !== '/graphql' || !readable(req, max)) return pass();
    const chunks: Buffer[] = [];
    // A client that goes away mid-body: nothing to answer.
    req.once('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      const preread = parseLikeBodyParser(Buffer.concat(chunks).toString('utf8'));
      const request = 'body' in preread ? fromBody(preread.body) : undefined;
      const handOver = () => {
        (req as IncomingMessage & { [PREREAD]?: Preread })[PREREAD] = preread;
        pass();
      };
      if (request === undefined) return handOver();
      void tryAnswer(req, res, request, startedAt).then((done) => done || handOver());
    });
  };
}
