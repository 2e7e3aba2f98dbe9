/**
 * The one place where connectors are built from the sources list and composed with their
 * policies (`composed`, read from the outside in; docs/architecture.md). Adding a partner: one
 * factory line here, one folder.
 */
import type {
  Connector,
  ConnectorDeps,
  EntrepriseConnector,
  GeocoderConnector,
  Outcome,
  RegisteredSource,
  SourceConfig,
  TerritoryConnector,
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
import { requestShared } from './request-shared.js';
import { mediationNumeriqueConfig } from './mediation-numerique/config.js';
import {
  entrepriseOperations,
  geocoderOperations,
  observed,
  offreOperations,
  territoryOperations,
} from './policies.js';
import { behindCircuit, type Circuit } from './circuit.js';
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

/** Everything built from the sources list. */
export interface BuiltConnectors {
  readonly offre: readonly RegisteredSource[];
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
 * Sources whose list calls answer the partner's whole list whatever the filter (the gateway filters):
 * one cached list serves every query, and an id a fresh list lacks is not found (lookup-via-list.ts).
 */
const NATIONAL_LIST: Readonly<Record<string, (s: SourceConfig) => boolean>> = Object.freeze({
  dora: () => true,
  // With the DATA_INCLUSION token its lists have no territory filter (located here after geocoding):
  // one cached national list, geocoded once, serves every territory.
  'emplois-de-linclusion': (s: SourceConfig) => Boolean(s.token),
  // Its batch endpoint (`id=in.(…)`) answers what the cached national list lacks.
  'mediation-numerique': () => true,
  'france-travail': () => true,
  file: () => true,
});

/** What is put around every source; each part optional (tests build bare connectors). */
interface Policies {
  readonly onOutcome?: (o: Outcome) => void;
  readonly circuit?: Circuit;
  readonly caching?: RegistryCaching;
}

/**
 * One source composed with its policies, each read from the outside in:
 *   lookupViaList   ids answered from the source's cached list, the partner's own lookup (detail calls,
 *                   or a batch endpoint) only for what the list lacks or for a single id on a cold list
 *                   (or "not found" at once when a fresh national list lacks the id)
 *   cached…         L1 + Redis: TTL, stale-while-revalidate, stale-if-error, single flight, negative caching
 *   behindCircuit   every live call fails fast while the source's circuit is open, below the cache,
 *                   which then serves the last good answer
 *   observed        every live call reports its outcome (health, metrics); a cache hit calls no partner
 * Inside the partner, below its operations: request sharing (`shareRead`, given by buildConnectors),
 * one partner read serving two operations of one request (request-shared.ts), and the rate gate of
 * the HTTP base (http.ts).
 */
function composed(c: Connector, s: SourceConfig, p: Policies): Connector {
  const live = [behindCircuit(p.circuit), observed(s.id, p.onOutcome)];
  const k = p.caching === undefined ? undefined : cachingOf(p.caching, s);
  if (isOffreConnector(c)) {
    const national = NATIONAL_LIST[s.connector]?.(s) ?? false;
    if (k === undefined) return offreOperations(c, ...live);
    return lookupViaList(cachedOffre(k('offre'), offreOperations(c, ...live), { national }), {
      now: p.caching?.now,
      complete: national,
      onNegative: p.caching?.onNegativeFromList,
    });
  }
  if (isTerritoryConnector(c)) {
    // The embedded COG answers from memory, faster than any cache.
    if (k === undefined || s.connector === 'cog') return territoryOperations(c, ...live);
    return cachedTerritory(k('territory'), territoryOperations(c, ...live));
  }
  if (isGeocoderConnector(c)) {
    if (k === undefined) return geocoderOperations(c, ...live);
    return cachedGeocoder(k('geocoder'), geocoderOperations(c, ...live));
  }
  if (isEntrepriseConnector(c)) {
    if (k === undefined) return entrepriseOperations(c, ...live);
    return cachedEntreprises(k('entreprises'), entrepriseOperations(c, ...live));
  }
  return c;
}

/** How one source's answers of one kind are cached. */
function cachingOf(caching: RegistryCaching, s: SourceConfig): (kind: CachedKind) => Caching {
  return (kind) => ({
    cache: caching.cache,
    source: s.id,
    ttlSeconds: ttlResolver(s, kind, CONNECTOR_TTL_SECONDS[s.connector]),
    swrSeconds: caching.swrSeconds,
    staleIfErrorSeconds: caching.staleIfErrorSeconds,
    negativeTtlSeconds: caching.negativeTtlSeconds,
    onAnswer: caching.onAnswer,
  });
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
  onOutcome?: (o: Outcome) => void,
  caching?: RegistryCaching,
  circuitFor?: (source: SourceConfig) => Circuit | undefined,
): BuiltConnectors {
  const enabled = sources.filter((s) => s.enabled !== false);
  // Below the operations, inside each partner: one read serving two operations of one request.
  const shareRead = requestShared();
  const build = (s: SourceConfig, d: ConnectorDeps) =>
    composed(CONNECTOR_FACTORIES[s.connector]!(withShare(s, d), { ...d, shareRead }), s, {
      onOutcome,
      caching,
      circuit: circuitFor?.(s),
    });
  const geoSource = enabled.find((s) => s.connector === 'ban');
  const built = geoSource ? build(geoSource, deps) : null;
  const geocoder = built !== null && isGeocoderConnector(built) ? built : null;
  const withGeo: ConnectorDeps = { ...deps, ...(geocoder ? { geocoder } : {}) };
  const offreIds = enabled.filter((s) => !AGGREGATORS.has(s.connector) && isOffreName(s.connector)).map((s) => s.id);
  const all: Connector[] = geocoder ? [geocoder] : [];
  const offre: RegisteredSource[] = [];
  let territory: TerritoryConnector | null = null;
  let entreprises: EntrepriseConnector | null = null;
  for (const s of enabled) {
    if (s === geoSource) continue;
    const aggregator = AGGREGATORS.has(s.connector);
    const cfg: SourceConfig = aggregator ? { ...s, options: { excludeSources: offreIds, ...(s.options ?? {}) } } : s;
    const c = build(cfg, withGeo);
    all.push(c);
    if (isOffreConnector(c)) {
      const registered = { connector: c, locationGranularity: locationGranularity(s, c.capabilities) };
      offre.push(
        aggregator ? { ...registered, publishes: 'any', excludes: offreIds } : { ...registered, publishes: [c.id] },
      );
    } else if (isTerritoryConnector(c)) territory ??= c;
    else if (isEntrepriseConnector(c)) entreprises ??= c;
    else if (isGeocoderConnector(c)) continue;
  }
  if (!territory) {
    const cog = build({ id: 'cog', connector: 'cog', baseUrl: 'embedded:' }, deps);
    if (!isTerritoryConnector(cog)) throw new Error('the embedded COG is not a territory connector');
    territory = cog;
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
