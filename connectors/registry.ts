/**
 * The one place where connectors are built from the sources list and composed with their
 * policies (architecture.md practice 4). Adding a partner: one factory line here, one folder.
 */
import type {
  Connector, ConnectorDeps, EntrepriseConnector, GeocoderConnector, LocationGranularity, OffreConnector, SourceConfig, TerritoryConnector,
} from './connector.js';
import { isEntrepriseConnector, isGeocoderConnector, isOffreConnector, isTerritoryConnector } from './connector.js';
import { createBanConnector } from './ban/index.js';
import { createCogConnector } from './cog/index.js';
import { createDataInclusionConnector } from './data-inclusion/index.js';
import { createDoraConnector } from './dora/index.js';
import { createEmploisConnector } from './emplois-de-linclusion/index.js';
import { createFileConnector } from './file/index.js';
import { createFranceTravailConnector } from './france-travail/index.js';
import { createGeoApiConnector } from './geo-api/index.js';
import { createMediationNumeriqueConnector } from './mediation-numerique/index.js';
import { createRechercheEntreprisesConnector } from './recherche-entreprises/index.js';
import { createSoliguideConnector } from './soliguide/index.js';
import type { Cache } from '../cache/cached.js';
import { type CachedKind, ttlResolver } from './cache-ttl.js';
import type { AnswerNote, Caching } from './cached-call.js';
import { cachedEntreprises, cachedGeocoder, cachedOffre, cachedTerritory } from './cached-kinds.js';
import { dataInclusionConfig } from './data-inclusion/config.js';
import { doraConfig } from './dora/config.js';
import { emploisConfig } from './emplois-de-linclusion/config.js';
import { fileConfig } from './file/config.js';
import { franceTravailConfig } from './france-travail/config.js';
import { locationGranularity } from './location-granularity.js';
import { lookupViaList } from './lookup-via-list.js';
import { mediationNumeriqueConfig } from './mediation-numerique/config.js';
import { observed, type CallOutcome } from './policies.js';
import { withCircuitBreaker, type Circuit } from './circuit.js';
import { soliguideConfig } from './soliguide/config.js';

type Factory = (source: SourceConfig, deps: ConnectorDeps) => Connector;

/** Every contract the gateway speaks, by the `connector` name used in the sources file. */
export const CONNECTOR_FACTORIES: Readonly<Record<string, Factory>> = Object.freeze({
  'data-inclusion': createDataInclusionConnector,
  dora: createDoraConnector,
  'emplois-de-linclusion': createEmploisConnector,
  soliguide: createSoliguideConnector,
  'mediation-numerique': createMediationNumeriqueConnector,
  'france-travail': createFranceTravailConnector,
  file: createFileConnector,
  ban: createBanConnector,
  'recherche-entreprises': createRechercheEntreprisesConnector,
  'geo-api': createGeoApiConnector,
  cog: (source: SourceConfig, deps: ConnectorDeps) => createCogConnector(source, deps),
});

/** Connector names accepted in the sources file. */
export const CONNECTOR_NAMES: readonly string[] = Object.keys(CONNECTOR_FACTORIES);

/** An offre connector and the source slugs it may return (`any` for an aggregator). */
export interface RegisteredOffre {
  readonly connector: OffreConnector;
  readonly publishes: readonly string[] | 'any';
  readonly excludes?: readonly string[];
  /** How a list filtered by commune is asked of it (location-granularity.ts). */
  readonly locationGranularity: LocationGranularity;
}

/** Everything built from the sources list. */
export interface BuiltConnectors {
  readonly offre: readonly RegisteredOffre[];
  readonly territory: TerritoryConnector;
  readonly geocoder: GeocoderConnector | null;
  readonly entreprises: EntrepriseConnector | null;
  /** Every connector, for the `sources` query and readiness. */
  readonly all: readonly Connector[];
}

/** What the registry needs to put the shared cache in front of the connectors (without it: live calls only). */
export interface RegistryCaching {
  readonly cache: Cache;
  /** Window after expiry in which the stale answer is served while one refresh runs (CACHE_SWR_SECONDS). */
  readonly swrSeconds: number;
  /** Maximum age of an answer served when the partner fails (CACHE_STALE_IF_ERROR_SECONDS). */
  readonly staleIfErrorSeconds: number;
  /** TTL of a cached "not found" (CACHE_NEGATIVE_TTL_SECONDS). */
  readonly negativeTtlSeconds: number;
  /** Told about every answer a request used (the response cache's TTL and tags). */
  readonly onAnswer?: (note: AnswerNote) => void;
  /** Milliseconds clock, the cache's. @default Date.now */
  readonly now?: () => number;
  /** Told of each lookup answered "not found" from a source's fresh cached list. */
  readonly onNegativeFromList?: (source: string) => void;
}

/** Each offre partner's own default freshness (its config.ts); cache-ttl.ts caps list answers at an hour. */
const CONNECTOR_TTL_SECONDS: Readonly<Record<string, number>> = Object.freeze({
  'data-inclusion': dataInclusionConfig.ttlSeconds,
  dora: doraConfig.ttlSeconds,
  'emplois-de-linclusion': emploisConfig.ttlSeconds,
  soliguide: soliguideConfig.ttlSeconds,
  'mediation-numerique': mediationNumeriqueConfig.ttlSeconds,
  'france-travail': franceTravailConfig.ttlSeconds,
  file: fileConfig.ttlSeconds,
});

/**
 * The cache policies around each kind of connector, one expression each; read them outside in:
 *   lookupViaList  ids answered from the source's cached list, the partner's own lookup (detail calls,
 *                  or a batch endpoint) only for what the list lacks or for a single id on a cold list
 *                  (or "not found" at once when a fresh national list lacks the id)
 *   cachedOffre    L1 + Redis: TTL, stale-while-revalidate, stale-if-error, single flight, negative caching;
 *                  `national`: the partner ignores filters, so one cached list serves every query
 * The connector given is already `observed` and behind its circuit: only live calls reach health
 * and metrics, and an open circuit fails below the cache, which then serves the last good answer.
 */
function cachedPolicies(caching: RegistryCaching, s: SourceConfig): Readonly<Record<string, (c: Connector) => Connector>> {
  const k = (kind: CachedKind): Caching => ({
    cache: caching.cache,
    source: s.id,
    ttlSeconds: ttlResolver(s, kind, CONNECTOR_TTL_SECONDS[s.connector]),
    swrSeconds: caching.swrSeconds,
    staleIfErrorSeconds: caching.staleIfErrorSeconds,
    negativeTtlSeconds: caching.negativeTtlSeconds,
    onAnswer: caching.onAnswer,
  });
  // A national list is the source's whole list: ids it lacks are not found (lookup-via-list.ts).
  const listed = (c: Connector, national = false) =>
    lookupViaList(cachedOffre(k('offre'), c as OffreConnector, { national }), { now: caching.now, complete: national, onNegative: caching.onNegativeFromList });
  return {
    'data-inclusion': (c) => listed(c),
    dora: (c) => listed(c, true),
    // With the DATA_INCLUSION token its lists have no territory filter (located here after geocoding):
    // one cached national list, geocoded once, serves every territory.
    'emplois-de-linclusion': (c) => listed(c, Boolean(s.token)),
    soliguide: (c) => listed(c),
    // Its batch endpoint (`id=in.(…)`) answers what the cached national list lacks.
    'mediation-numerique': (c) => listed(c, true),
    'france-travail': (c) => listed(c, true),
    file: (c) => listed(c, true),
    ban: (c) => cachedGeocoder(k('geocoder'), c as GeocoderConnector),
    'recherche-entreprises': (c) => cachedEntreprises(k('entreprises'), c as EntrepriseConnector),
    'geo-api': (c) => cachedTerritory(k('territory'), c as TerritoryConnector),
    // The embedded COG answers from memory, faster than any cache.
    cog: (c) => c,
  };
}

/** Aggregators republish other sources' records; the gateway asks them only for sources it does not reach directly. */
const AGGREGATORS = new Set(['data-inclusion']);

/**
 * Builds every enabled source. The geocoder is built first because offre connectors that lack
 * coordinates (les emplois) geocode through it; without a territory source, the embedded COG is used.
 */
export function buildConnectors(
  sources: readonly SourceConfig[],
  deps: ConnectorDeps = {},
  onOutcome?: (o: CallOutcome) => void,
  caching?: RegistryCaching,
  circuitFor?: (source: SourceConfig) => Circuit | undefined,
): BuiltConnectors {
  const enabled = sources.filter((s) => s.enabled !== false);
  // Every live partner call is observed (health, metrics) below the circuit and the cache: a cache hit or a fast failure calls no partner.
  const build = (s: SourceConfig, d: ConnectorDeps) => {
    const c = CONNECTOR_FACTORIES[s.connector]!(withShare(s, d), d);
    const live = onOutcome ? observed(c, onOutcome) : c;
    const circuit = circuitFor?.(s);
    const guarded = circuit ? withCircuitBreaker(live, circuit) : live;
    return caching ? cachedPolicies(caching, s)[s.connector]!(guarded) : guarded;
  };
  const geoSource = enabled.find((s) => s.connector === 'ban');
  const geocoder = geoSource ? (build(geoSource, deps) as GeocoderConnector) : null;
  const withGeo: ConnectorDeps = { ...deps, ...(geocoder ? { geocoder } : {}) };
  const offreIds = enabled.filter((s) => !AGGREGATORS.has(s.connector) && isOffreName(s.connector)).map((s) => s.id);
  const all: Connector[] = geocoder ? [geocoder] : [];
  const offre: RegisteredOffre[] = [];
  let territory: TerritoryConnector | null = null;
  let entreprises: EntrepriseConnector | null = null;
  for (const s of enabled) {
    if (s === geoSource) continue;
    const aggregator = AGGREGATORS.has(s.connector);
    const cfg: SourceConfig = aggregator
      ? { ...s, options: { excludeSources: offreIds, ...(s.options ?? {}) } }
      : s;
    const c = build(cfg, withGeo);
    all.push(c);
    if (isOffreConnector(c)) {
      const asked = { connector: c, locationGranularity: locationGranularity(s, c.capabilities) };
      offre.push(aggregator ? { ...asked, publishes: 'any', excludes: offreIds } : { ...asked, publishes: [c.id] });
    } else if (isTerritoryConnector(c)) territory ??= c;
    else if (isEntrepriseConnector(c)) entreprises ??= c;
    else if (isGeocoderConnector(c)) continue;
  }
  if (!territory) {
    territory = build({ id: 'cog', connector: 'cog', baseUrl: 'embedded:' }, deps) as TerritoryConnector;
    all.push(territory);
  }
  return { offre, territory, geocoder, entreprises, all };
}

/** The source with its consumer share resolved: its own, else the gateway's default. */
function withShare(s: SourceConfig, d: ConnectorDeps): SourceConfig {
  const consumerShare = s.consumerShare ?? d.consumerShare;
  return consumerShare === undefined ? s : { ...s, consumerShare };
}

function isOffreName(name: string): boolean {
  return !['ban', 'recherche-entreprises', 'geo-api', 'cog'].includes(name);
}
