/**
 * The gateway assembled: every long-lived dependency is built here, once, and passed down. main.ts
 * starts it from the environment; tests start it with a Config. It never starts partner simulators:
 * without a sources file, the caller passes the sources it started (docs/architecture.md).
 */
import 'reflect-metadata';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { KeyValueCache } from '../cache/store.js';
import { createInvalidator } from '../connectors/cache-tags.js';
import { createCircuit, type CircuitChange } from '../connectors/circuit.js';
import type { SourceConfig, TerritoryConnector } from '../connectors/connector.js';
import { buildConnectors, CONNECTOR_NAMES, type BuiltConnectors } from '../connectors/registry.js';
import { currentBudget } from '../connectors/deadline.js';
import { loadSourcesDocument } from '../connectors/sources-file.js';
import { createCacheStack } from './cache-stack.js';
import type { Config } from './config.js';
import { createFederation } from './federation/federation.js';
import { HealthBoard } from './federation/health.js';
import type { MergePolicy } from './merge/index.js';
import { createAdmin } from './server/admin.js';
import { admitBeforeExpress, createAdmit } from './server/auth/admission.js';
import { createAuthenticator } from './server/auth/authenticate.js';
import { loadConsumersFile } from './server/auth/consumers-file.js';
import { createRateLimits } from './server/auth/rate-limit.js';
import { responseScopeOf } from './server/auth/response-scope.js';
import { maskingReportPlugin } from './server/contact-masking.js';
import { buildContext, type Context } from './server/context.js';
import { createFastPath } from './server/fast-path.js';
import { corsFor, createHttpApp, createMetricsApp, requestIdFor, withFastPath } from './server/http.js';
import { listen, shutdown } from './server/lifecycle.js';
import { createGatewayMetrics } from './server/plugins/metrics.js';
import { responseCachePlugin } from './server/plugins/response-cache.js';
import { sourceReportPlugin } from './server/plugins/source-report.js';
import { requestDeadline } from './server/request-deadline.js';
import { createRequestTraces } from './server/request-trace.js';
import { resolveInSlices } from './server/execution-slices.js';
import { buildGatewaySchema } from './server/schema.js';
import { createServer } from './server/server.js';

/**
 * Partner sources the caller started itself, used when SOURCES_FILE is unset (main.ts: the embedded
 * sandbox); `close` runs when the gateway stops.
 */
export interface ProvidedSources {
  readonly sources: readonly SourceConfig[];
  close?(): Promise<void>;
}

/**
 * The declared sources: SOURCES_FILE, else the ones the caller provides. TERRITORY_SOURCE=geo-api
 * adds the geo API unless the list declares a territory source; without one the registry uses the
 * embedded COG. `policy`: the file's `merge` section, if any.
 */
function sourcesOf(
  config: Config,
  logger: Logger,
  provided: ProvidedSources | undefined,
): { sources: SourceConfig[]; policy?: MergePolicy } {
  let declared: SourceConfig[];
  let policy: MergePolicy | undefined;
  if (config.sources.file !== undefined) {
    ({ sources: declared, merge: policy } = loadSourcesDocument(config.sources.file, process.env, CONNECTOR_NAMES));
    logger.info(
      { file: config.sources.file, sources: declared.map((s) => s.id), mergePolicy: policy ? 'overridden' : 'default' },
      'sources: from SOURCES_FILE',
    );
  } else if (provided !== undefined) {
    declared = [...provided.sources];
  } else {
    throw new Error('no sources: set SOURCES_FILE, or start the gateway with its sources');
  }
  const hasTerritory = declared.some((s) => s.connector === 'cog' || s.connector === 'geo-api');
  if (config.territory.source === 'geo-api' && !hasTerritory) {
    declared = [...declared, { id: 'geo-api', connector: 'geo-api', baseUrl: config.territory.geoApiUrl }];
  }
  return { sources: declared, ...(policy ? { policy } : {}) };
}

/** Département → région, read once from the territory source (the federation filters by région). */
async function regionIndex(territory: TerritoryConnector): Promise<(codeDepartement: string) => string | null> {
  const byDepartement = new Map((await territory.listDepartements()).map((d) => [d.code, d.codeRegion]));
  return (code) => byDepartement.get(code) ?? null;
}

/** Each dependency's health for /readyz: the cache, and the territory source the schema relies on. */
function readinessOf(store: KeyValueCache, territory: TerritoryConnector): () => Promise<Record<string, boolean>> {
  return async () => {
    const [cache, territoryUp] = await Promise.all([
      store.ping(),
      territory.ping
        ? territory.ping().then(
            () => true,
            () => false,
          )
        : Promise.resolve(true),
    ]);
    return { cache, territory: territoryUp };
  };
}

/** A source's circuit, its gauge shown closed from the start. */
function circuitFor(
  source: string,
  settings: Config['partners']['circuit'],
  metrics: { onCircuit(c: CircuitChange): void },
  onChange: (c: CircuitChange) => void,
) {
  metrics.onCircuit({ source, state: 'CLOSED', at: new Date() });
  return createCircuit(source, settings, onChange);
}

/** A started gateway. */
export interface Gateway {
  readonly url: string;
  readonly graphqlUrl: string;
  /** Base URL of the metrics port, when METRICS_PORT is set. */
  readonly metricsUrl?: string;
  readonly connectors: BuiltConnectors;
  readonly health: HealthBoard;
  /** Resolves once background cache refreshes and write-backs, responses included, are done (tests). */
  drainCache(): Promise<void>;
  /** Drains HTTP within `graceMs`, stops Apollo, closes the cache and the provided sources. */
  stop(graceMs?: number): Promise<void>;
}

/** What tests may replace when starting a gateway. */
export interface GatewayOptions {
  /** Milliseconds clock of every cache level: tests move it to expire entries instead of sleeping. @default Date.now */
  readonly clock?: () => number;
  /** The sources when SOURCES_FILE is unset (main.ts passes the embedded sandbox's). */
  readonly sources?: ProvidedSources;
}

/** Builds and starts the whole gateway from a Config and, without a sources file, the provided sources. */
export async function startGateway(config: Config, logger: Logger, opts: GatewayOptions = {}): Promise<Gateway> {
  const consumers = config.auth.consumersFile === undefined ? [] : loadConsumersFile(config.auth.consumersFile);
  const provided = opts.sources;
  const { sources, policy } = sourcesOf(config, logger, provided);
  const health = new HealthBoard(
    sources
      .filter((s) => s.enabled !== false)
      .map((s) => ({ id: s.id, connector: s.connector }))
      .concat(
        sources.some((s) => s.connector === 'cog' || s.connector === 'geo-api')
          ? []
          : [{ id: 'cog', connector: 'cog' }],
      ),
  );
  const metrics = createGatewayMetrics(new Registry(), health);
  const caches = await createCacheStack(config.cache, logger, { metrics: metrics.cache, clock: opts.clock });
  const traces = createRequestTraces();
  const { swrSeconds, staleIfErrorSeconds, negativeTtlSeconds } = config.cache;
  const connectorLogger = logger.child({ component: 'connectors' });
  const onCircuit = (c: CircuitChange) => {
    health.circuitChanged(c);
    metrics.onCircuit(c);
    if (c.state === 'OPEN')
      connectorLogger.warn(
        { source: c.source, circuit: c.state },
        'circuit opened: calls fail fast until the cool-down is over',
      );
    else connectorLogger.info({ source: c.source, circuit: c.state }, 'circuit state changed');
  };
  const connectors: BuiltConnectors = buildConnectors(
    sources,
    { logger: connectorLogger, onRequest: metrics.onRequest, consumerShare: config.partners.consumerShare },
    (o) => {
      health.record(o);
      metrics.onOutcome(o);
    },
    {
      cache: caches.cache,
      swrSeconds,
      staleIfErrorSeconds,
      negativeTtlSeconds,
      onAnswer: traces.note,
      now: caches.clock,
      onNegativeFromList: metrics.onNegativeFromList,
    },
    // The embedded COG calls nobody: no circuit.
    (s) => (s.connector === 'cog' ? undefined : circuitFor(s.id, config.partners.circuit, metrics, onCircuit)),
  );
  // Health is fed by live calls below the cache (registry's `observed`): cache hits are not calls.
  const federation = createFederation(connectors.offre, await regionIndex(connectors.territory), {
    deadline: () => currentBudget()?.deadline,
  });
  const admin = createAdmin({
    token: config.admin.token,
    invalidate: createInvalidator(caches.cache),
    logger: logger.child({ component: 'admin' }),
  });
  // Long synchronous executions yield to the event loop every 20 ms (execution-slices.ts).
  const schema = resolveInSlices(await buildGatewaySchema());
  const authenticate = createAuthenticator({
    mode: config.auth.mode,
    consumers,
    jwtSecret: config.auth.jwtSecret,
    adminToken: config.admin.token,
  });
  const rateLimits = createRateLimits({
    redis: caches.redis,
    anonymous: config.auth.anonymousRateLimit,
    consumer: config.auth.consumerRateLimit,
    declared: consumers,
  });
  const admit = createAdmit(rateLimits);
  const restrictedSources = sources.filter((s) => s.restricted === true).map((s) => s.id);
  logger.info(
    {
      mode: config.auth.mode,
      consumers: consumers.length,
      jwt: config.auth.jwtSecret !== undefined,
      restrictedSources,
    },
    'auth: consumers and scopes',
  );
  // The scope that changes answers keys whole responses, on both paths alike.
  const responseCache = responseCachePlugin<Context>({
    tiers: caches.responses,
    clock: caches.clock,
    traces,
    metrics: metrics.responseCache,
    maxEntryBytes: config.cache.responseMaxBytes,
    scopeOf: (ctx) => responseScopeOf(ctx.consumer),
  });
  const apollo = createServer<Context>({
    schema,
    logger,
    introspection: config.exposure.introspection,
    plugins: [sourceReportPlugin(), maskingReportPlugin(), responseCache],
    limits: config.limits,
    requestDeadlineMs: config.http.requestDeadlineMs,
  });
  await apollo.start();
  const { metricsPort, metricsToken } = config.exposure;
  const corsHandler = corsFor(config.exposure.corsOrigins);
  const app = createHttpApp({
    apollo,
    logger,
    readiness: readinessOf(caches.store, connectors.territory),
    context: buildContext({
      loaderDeps: { territory: connectors.territory, federation, restrictedSources, ...(policy ? { policy } : {}) },
      health,
      admin,
    }),
    ...(metricsPort === undefined ? { metrics: metrics.handler, ...(metricsToken ? { metricsToken } : {}) } : {}),
    adminInvalidate: admin.invalidateHandler,
    graphqlMiddleware: [requestDeadline(config.http.requestDeadlineMs), traces.middleware],
    auth: { authenticate, admit },
    ...(corsHandler ? { cors: corsHandler } : {}),
  });
  // Fresh L1 hits of the response cache are written before express and Apollo see the request, once admitted.
  const fastPath = createFastPath({
    hit: (request, scope) => responseCache.hitBytes(request, scope),
    logger,
    requestIdFor,
    admit: admitBeforeExpress(authenticate, admit),
    scopeOf: responseScopeOf,
    variablesMaxDepth: config.limits.variablesMaxDepth,
    variablesMaxNodes: config.limits.variablesMaxNodes,
    onError: (err) => logger.error({ err }, 'fast path failed: request handed to express'),
    ...(corsHandler ? { decorate: (req, res) => corsHandler(req, res, () => undefined) } : {}),
  });
  const http = await listen(withFastPath(app, fastPath), config.http);
  const metricsHttp =
    metricsPort === undefined
      ? undefined
      : await listen(createMetricsApp(metrics.handler, metricsToken), { port: metricsPort, host: config.http.host });
  const closers = [
    ...(metricsHttp ? [{ name: 'metrics', close: () => metricsHttp.drain(0).then(() => undefined) }] : []),
    { name: 'cache', close: () => caches.close() },
    ...(provided?.close ? [{ name: 'sources', close: () => provided.close?.() ?? Promise.resolve() }] : []),
  ];
  return {
    url: http.url,
    graphqlUrl: `${http.url}/graphql`,
    ...(metricsHttp ? { metricsUrl: metricsHttp.url } : {}),
    connectors,
    health,
    drainCache: async () => {
      await Promise.all([caches.cache.drain(), caches.responses.drain()]);
    },
    stop: async (graceMs = config.http.shutdownGraceMs) => {
      await shutdown({ http, apollo, graceMs, logger, closers });
    },
  };
}
