/**
 * The domain-facing, batch-first Connector interface. Every partner adapter implements the base
 * `Connector` plus the capability interfaces for what it can answer. Everything after a connector
 * speaks the domain (src/domain); partner vocabulary stops in each partner's mapping.ts.
 */
import type {
  Commune,
  Departement,
  Epci,
  GeoPoint,
  OffreFilter,
  Region,
  Service,
  Structure,
} from '../src/domain/index.js';
import { ConnectorError } from '../src/errors.js';

/**
 * A filter a connector may push down to its partner: a key of the gateway's OffreFilter
 * (src/domain/filter.ts), whose thématique categories the federation has already expanded.
 */
export type FilterName = keyof OffreFilter;

/** A record a connector read but kept out of results because it violates the schema after mapping. */
export interface RejectedRecord {
  readonly source: string;
  readonly id: string | null;
  readonly reason: string;
}

/**
 * What a list call returns: the mapped records, the rejected ones (counted, never silently dropped),
 * and which filters the connector actually applied (the gateway applies the rest).
 */
export interface FetchResult<T> {
  readonly items: readonly T[];
  readonly rejected: readonly RejectedRecord[];
  readonly appliedFilters: readonly FilterName[];
  /**
   * Degradations the caller should surface (optional, additive): e.g. a dependency such as the geocoder
   * was down, so records came back with reduced location info. Never partner bodies, URLs or tokens.
   */
  readonly warnings?: readonly string[];
  /** How the answer was obtained when the cache layer served it (set by the registry's cache policies; absent when uncached). */
  readonly cache?: CacheInfo;
}

/** Where a cached answer came from (cache/policy.ts CacheStatus), how old it is, and how long it stays fresh. */
export interface CacheInfo {
  readonly status: 'hit' | 'miss' | 'stale' | 'stale-error' | 'coalesced';
  /** Whole seconds since the partner gave the answer. */
  readonly ageSeconds: number;
  /** Seconds the answer stays fresh from now; 0 once stale. */
  readonly freshForSeconds: number;
}

/** Per-call context: a request id to forward and a signal to abort. */
export interface CallContext {
  readonly requestId?: string;
  readonly signal?: AbortSignal;
}

/** Where a connector has data: every département, or a list of département codes. */
export type Coverage = { readonly kind: 'all' } | { readonly kind: 'departements'; readonly codes: readonly string[] };

/**
 * How a list filtered by commune is asked of a partner (`options.locationGranularity`, see
 * location-granularity.ts): `commune` sends the commune; `departement` sends its département, so one
 * cached answer serves every commune of it, and the gateway keeps the commune's records.
 */
export type LocationGranularity = 'commune' | 'departement';

/** What a connector declares about itself. */
export interface ConnectorCapabilities {
  /** Filters the partner applies server-side. */
  readonly pushdown: readonly FilterName[];
  /** Territories the partner covers. */
  readonly coverage: Coverage;
  /** The partner's documented rate budget. */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
  /** Largest batch the partner accepts in one lookup, if it has a batch or list endpoint. */
  readonly maxBatchSize?: number;
}

/** A source's circuit breaker (circuit.ts): closed (calls go through), open (they fail fast), half-open (one probe in flight). */
export type CircuitStatus = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Base of every connector: identity, declared capabilities, and a cheap health probe. */
export interface Connector {
  /** The source slug used in record ids (`dora`). */
  readonly id: string;
  /** Which contract it speaks (`dora`, `data-inclusion`, `geo-api`, …). */
  readonly connector: string;
  readonly capabilities: ConnectorCapabilities;
  /** Resolves when the partner answers; rejects with a ConnectorError otherwise. */
  ping?(ctx?: CallContext): Promise<void>;
}

/**
 * What one source did for one call: the outcome a live partner call reports (health, metrics) and
 * the one a fan-out reports per source (errors[] and extensions.sources).
 */
export interface Outcome {
  readonly source: string;
  readonly ok: boolean;
  readonly error: ConnectorError | null;
  readonly latencyMs: number;
  /** Records the answer gave, before the gateway's own filtering (0 for a failure or a non-list call). */
  readonly returned: number;
  /** Records the answer kept out because they violate the schema after mapping. */
  readonly rejected: ReadonlyArray<{ readonly id: string | null; readonly reason: string }>;
  /** The connector operation called (`listServices`…), when one call is reported. */
  readonly operation?: string;
  /** Set when the cache served the answer past its freshness. */
  readonly stale?: { readonly ageSeconds: number } | null;
}

/** A partner that publishes structures and services. */
export interface OffreConnector extends Connector {
  listStructures(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Structure>>;
  listServices(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Service>>;
  /** Batch lookup by full v1 id; the result is aligned with `ids` (null when unknown). */
  getStructures(ids: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Structure | null>>;
  getServices(ids: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Service | null>>;
}

/** An offre connector as the fan-out knows it: the source slugs it may return, and how it is asked. */
export interface RegisteredSource {
  readonly connector: OffreConnector;
  /** `any` for an aggregator such as data·inclusion. */
  readonly publishes: readonly string[] | 'any';
  /** With `any`: slugs the aggregator is not asked for, because the gateway reaches them directly. */
  readonly excludes?: readonly string[];
  /** `departement`: a commune filter is asked as its département (location-granularity.ts). @default 'commune' */
  readonly locationGranularity?: LocationGranularity;
}

/** Commune search parameters; name search is accent- and case-insensitive, ranked by population. */
export interface CommuneQuery {
  readonly nom?: string;
  readonly codePostal?: string;
  readonly codeDepartement?: string;
  readonly codeEpci?: string;
  readonly limit?: number;
}

/** A source of territories (the embedded COG, or geo.api.gouv.fr). Lookups are batch-first and key-aligned. */
export interface TerritoryConnector extends Connector {
  getCommunes(codes: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Commune | null>>;
  searchCommunes(query: CommuneQuery, ctx?: CallContext): Promise<readonly Commune[]>;
  /** The commune a point lies in (or the nearest, as each source documents); null when none is near. */
  communeAt(point: GeoPoint, ctx?: CallContext): Promise<Commune | null>;
  getDepartements(codes: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Departement | null>>;
  listDepartements(codeRegion?: string, ctx?: CallContext): Promise<readonly Departement[]>;
  getRegions(codes: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Region | null>>;
  listRegions(ctx?: CallContext): Promise<readonly Region[]>;
  getEpcis(codes: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Epci | null>>;
  /** EPCIs with at least one commune in the département. */
  listEpcis(codeDepartement?: string, ctx?: CallContext): Promise<readonly Epci[]>;
}

/** One geocoding answer. */
export interface GeocodeResult {
  readonly point: GeoPoint;
  /** Commune code, arrondissements folded into their commune. */
  readonly codeInsee: string;
  readonly codePostal: string | null;
  readonly commune: string;
  /** Normalised address line as the geocoder returns it. */
  readonly adresse: string | null;
  readonly score: number;
}

/** An address geocoder (BAN / Géoplateforme). */
export interface GeocoderConnector extends Connector {
  /** Geocodes each address; null when nothing scores at or above the threshold. Aligned with `queries`. */
  geocode(
    queries: ReadonlyArray<{
      readonly q: string;
      readonly codePostal?: string | null;
      readonly codeInsee?: string | null;
    }>,
    ctx?: CallContext,
  ): Promise<ReadonlyArray<GeocodeResult | null>>;
  reverse(point: GeoPoint, ctx?: CallContext): Promise<GeocodeResult | null>;
}

/** What the company registry says of an establishment. */
export interface Etablissement {
  readonly siret: string;
  readonly nom: string;
  readonly adresse: string | null;
  readonly codePostal: string | null;
  readonly codeInsee: string | null;
  readonly commune: string | null;
  readonly point: GeoPoint | null;
  /** False when the establishment is closed (état administratif F). */
  readonly actif: boolean;
}

/** A company registry (Recherche d'entreprises). */
export interface EntrepriseConnector extends Connector {
  getEtablissements(sirets: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Etablissement | null>>;
}

/** Type guards over the capability interfaces. */
export const isOffreConnector = (c: Connector): c is OffreConnector =>
  typeof (c as OffreConnector).listServices === 'function';
export const isTerritoryConnector = (c: Connector): c is TerritoryConnector =>
  typeof (c as TerritoryConnector).getCommunes === 'function';
export const isGeocoderConnector = (c: Connector): c is GeocoderConnector =>
  typeof (c as GeocoderConnector).geocode === 'function';
export const isEntrepriseConnector = (c: Connector): c is EntrepriseConnector =>
  typeof (c as EntrepriseConnector).getEtablissements === 'function';

/** One entry of the sources file (or of the embedded default), validated at boot. */
export interface SourceConfig {
  /** Source slug used in record ids (`dora`). */
  readonly id: string;
  /** Which contract it speaks: a key of the connector registry (`dora`, `data-inclusion`, `geo-api`, …). */
  readonly connector: string;
  readonly baseUrl: string;
  /** Resolved credential (the sources file gives `${ENV_VAR}` references). */
  readonly token?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Cache TTL of this source's answers, in seconds. */
  readonly ttlSeconds?: number;
  /** Whole-request timeout, in ms. */
  readonly timeoutMs?: number;
  /** @default true */
  readonly enabled?: boolean;
  /** Part of the partner's rate budget one consumer may use (0 < share <= 1); unset: PARTNER_CONSUMER_SHARE. */
  readonly consumerShare?: number;
  /** Its records are served only to consumers with the restricted-sources scope. @default false */
  readonly restricted?: boolean;
  /** Connector-specific settings (e.g. `excludeSources` for data-inclusion, `format` for file). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** How long and how many answers a shared partner read keeps (request-shared.ts). */
export interface SharingOptions {
  /** Milliseconds a settled answer stays shared. @default 30_000 */
  readonly holdMs?: number;
  /** Most answers kept at once, oldest dropped first. @default 16 */
  readonly max?: number;
}

/** One partner read: an argument (the key of its answer) and the call's context. */
export type PartnerRead<A, T> = (arg: A, ctx?: CallContext) => Promise<T>;

/** Makes a partner read shared by the operations of one request (request-shared.ts); each read keeps its own answers. */
export type ShareRead = <A, T>(read: PartnerRead<A, T>, opts?: SharingOptions) => PartnerRead<A, T>;

/** What every connector factory receives besides its SourceConfig. */
export interface ConnectorDeps {
  readonly logger?: {
    warn(obj: object, msg?: string): void;
    debug(obj: object, msg?: string): void;
    info?(obj: object, msg?: string): void;
  };
  /** Called on every HTTP attempt (upstream-call metrics). */
  readonly onRequest?: (partner: string) => void;
  /** Fills coordinates and code_insee of records that lack them. */
  readonly geocoder?: GeocoderConnector;
  readonly now?: () => Date;
  /** Default part of a partner's rate budget one consumer may use (PARTNER_CONSUMER_SHARE); a source's `consumerShare` overrides it. */
  readonly consumerShare?: number;
  /** Shares a partner read between the operations of one request; given by the registry. @default no sharing */
  readonly shareRead?: ShareRead;
}
