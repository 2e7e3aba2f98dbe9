/**
 * The HTTP edge: express 5 with GraphQL on /graphql (GET and POST), liveness on /healthz,
 * readiness on /readyz, a request id on every request and one JSON access log line per request.
 * withFastPath puts the response cache's fast path (fast-path.ts) in front of the app. Every request
 * is authenticated (its scope carries its consumer); GraphQL requests are admitted (auth/admission.ts).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { admitted, authenticated, type Verdict } from './auth/admission.js';
import type { Authenticate, Authentication } from './auth/authenticate.js';
import type { ContextLogger, RequestScope } from './request-scope.js';
import { type FastPath, takePreread } from './fast-path.js';

/** The logger the HTTP layer needs: a pino logger satisfies it. */
export interface HttpLogger extends ContextLogger {
  child(bindings: { requestId: string }): ContextLogger;
}

/** What createHttpApp is built from. */
export interface HttpAppDeps<TContext extends BaseContext> {
  /** Must already be started (`await apollo.start()`). */
  readonly apollo: ApolloServer<TContext>;
  readonly logger: HttpLogger;
  /** Each dependency's health; /readyz is 200 only when every one is true. */
  readonly readiness: () => Promise<Record<string, boolean>>;
  /** Builds the GraphQL context of one request. */
  readonly context: (scope: RequestScope) => TContext | Promise<TContext>;
  /** Largest accepted JSON body. @default '1mb' */
  readonly bodyLimit?: string;
  /** GET /metrics (Prometheus text); absent: no route. */
  readonly metrics?: RequestHandler;
  /** POST /admin/cache/invalidate; absent: no route. */
  readonly adminInvalidate?: RequestHandler;
  /** Run on /graphql after the body is parsed, before Apollo (e.g. entering the request trace). @default [] */
  readonly graphqlMiddleware?: readonly RequestHandler[];
  /** Authentication of every request, admission of GraphQL ones; absent: no consumer, nothing refused. */
  readonly auth?: { readonly authenticate: Authenticate; readonly admit: (auth: Authentication) => Promise<Verdict> };
  /** CORS headers and preflight answers (the `cors` package); absent: none. */
  readonly cors?: RequestHandler;
  /** GET /metrics then requires `Authorization: Bearer <metricsToken>`. */
  readonly metricsToken?: string;
}

/** Accepted incoming request ids: short, printable, no spaces (anything else is replaced). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's `x-request-id` when well-formed, else a fresh UUID. */
export function requestIdFor(header: string | undefined): string {
  return header !== undefined && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Per-request scope stored on res.locals by the first middleware. */
function scopeOf(res: Response): RequestScope {
  return res.locals.scope as RequestScope;
}

/** Assigns the request id, echoes it, binds a child logger and logs the request when it ends. */
function requestScope(logger: HttpLogger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFor(req.get('x-request-id'));
    const authorization = req.get('authorization');
    const scope: RequestScope = {
      requestId,
      logger: logger.child({ requestId }),
      ...(authorization !== undefined ? { authorization } : {}),
    };
    res.locals.scope = scope;
    res.setHeader('x-request-id', requestId);
    const startedAt = performance.now();
    res.on('finish', () => {
      // Probes and scrapes hit every few seconds: keep them out of the info stream.
      const log =
        req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics'
          ? scope.logger.debug
          : scope.logger.info;
      const entry = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(performance.now() - startedAt),
      };
      log.call(scope.logger, entry, 'http request');
    });
    next();
  };
}

/** /readyz: 200 when every dependency is up, else 503 naming the ones that are not. */
function readinessHandler(readiness: () => Promise<Record<string, boolean>>): RequestHandler {
  return async (_req, res) => {
    let checks: Record<string, boolean>;
    try {
      checks = await readiness();
    } catch {
      checks = { readiness: false };
    }
    const failed = Object.keys(checks).filter((name) => checks[name] !== true);
    if (failed.length === 0) res.status(200).json({ status: 'ready', checks });
    else res.status(503).json({ status: 'unavailable', checks, failed });
  };
}

/** A GraphQL-over-HTTP shaped error body, so GraphQL clients can read it. */
function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Body-parser failures become 4xx JSON; anything else is a masked 500 with its stack logged. */
function errorHandler(bodyLimit: string): ErrorRequestHandler {
  return (
    err: { type?: string; status?: number; expose?: boolean; message?: string; stack?: string },
    req: Request,
    res,
    next,
  ) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.parse.failed') {
      res
        .status(400)
        .json(
          errorBody(
            'Malformed JSON in request body: expected a JSON object such as {"query":"{ __typename }"}',
            'BAD_REQUEST',
          ),
        );
    } else if (err.type === 'entity.too.large') {
      res.status(413).json(errorBody(`Request body larger than ${bodyLimit}`, 'BAD_REQUEST'));
    } else if (typeof err.status === 'number' && err.status >= 400 && err.status < 500 && err.expose === true) {
      res.status(err.status).json(errorBody(err.message ?? 'Bad request', 'BAD_REQUEST'));
    } else {
      scopeOf(res).logger.error(
        { err: { message: err.message, stack: err.stack }, path: req.path },
        'unexpected HTTP error',
      );
      res.status(500).json(errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
    }
  };
}

/** Refuses (401) requests whose `Authorization: Bearer` is not `token`, compared in constant time. */
export function bearerOnly(token: string): RequestHandler {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(token);
  return (req, res, next) => {
    const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(req.get('authorization') ?? '');
    if (m && timingSafeEqual(digest(m[1]!), expected)) return next();
    res
      .status(401)
      .set('www-authenticate', 'Bearer')
      .json({ error: 'This endpoint needs "Authorization: Bearer <token>".' });
  };
}

/** Request headers browsers may send, response headers their scripts may read. */
const CORS_ALLOWED_HEADERS = ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'apollo-require-preflight'];
const CORS_EXPOSED_HEADERS = [
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
  'retry-after',
  'x-request-id',
];

/** CORS for `origins` (`*` or a list; empty: undefined, no CORS), without credentials; preflights answered 204. */
export function corsFor(origins: readonly string[]): ReturnType<typeof cors> | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}

/** GET /metrics alone, for a port of its own (METRICS_PORT). */
export function createMetricsApp(metrics: RequestHandler, token?: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', ...(token === undefined ? [] : [bearerOnly(token)]), metrics);
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found', endpoints: ['/metrics'] });
  });
  return app;
}

/** Builds the express app; it does not listen (see lifecycle.ts). */
export function createHttpApp<TContext extends BaseContext>(deps: HttpAppDeps<TContext>): Express {
  const bodyLimit = deps.bodyLimit ?? '1mb';
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestScope(deps.logger));
  if (deps.cors) app.use(deps.cors);
  if (deps.auth) app.use(authenticated(deps.auth.authenticate));
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', readinessHandler(deps.readiness));
  const graphql = expressMiddleware(deps.apollo, { context: async ({ res }) => deps.context(scopeOf(res)) });
  // Apollo's middleware requires req.body to exist, GET included (the parser leaves it undefined).
  const json = express.json({ limit: bodyLimit });
  // A body the fast path already read is handed over parsed, or with body-parser's error (same 400).
  const graphqlJson: RequestHandler = (req, res, next) => {
    const preread = takePreread(req);
    if (preread === undefined) return json(req, res, next);
    if ('error' in preread) return next(preread.error);
    req.body = preread.body;
    next();
  };
  const admission = deps.auth ? [admitted(deps.auth.admit)] : [];
  const before = [...(deps.graphqlMiddleware ?? [])];
  app.get('/graphql', ...admission, graphqlJson, ...before, graphql);
  app.post('/graphql', ...admission, graphqlJson, ...before, graphql);
  if (deps.metrics)
    app.get('/metrics', ...(deps.metricsToken === undefined ? [] : [bearerOnly(deps.metricsToken)]), deps.metrics);
  if (deps.adminInvalidate) app.post('/admin/cache/invalidate', json, deps.adminInvalidate);
  app.all('/graphql', (_req, res) => {
    res.status(405).set('allow', 'GET, POST').json(errorBody('Method not allowed: use GET or POST', 'BAD_REQUEST'));
  });
  app.use((_req, res) => {
    const endpoints = [
      '/graphql',
      '/healthz',
      '/readyz',
      ...(deps.metrics ? ['/metrics'] : []),
      ...(deps.adminInvalidate ? ['/admin/cache/invalidate'] : []),
    ];
    res.status(404).json({ error: 'Not found', endpoints });
  });
  app.use(errorHandler(bodyLimit));
  return app;
}

/** The request listener to serve: the fast path answers what it can, the app everything it passes on (and whatever makes it throw). */
export function withFastPath(app: Express, fastPath: FastPath): RequestListener {
  return (req, res) => {
    let passed = false;
    const pass = () => {
      if (passed) return;
      passed = true;
      void app(req, res);
    };
    try {
      fastPath(req, res, pass);
    } catch {
      if (!res.headersSent) pass();
    }
  };
}
