/**
 * The one place where connectors are built from the sources list and composed with their
 * policies (architecture.md practice 4). Adding a partner: one factory line here, one folder.
 */
import type {
  Connector, ConnectorDeps, EntrepriseConnector, GeocoderConnector, OffreConnector, SourceConfig, TerritoryConnector,
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
import { observed, type CallOutcome } from './policies.js';

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
): BuiltConnectors {
  const enabled = sources.filter((s) => s.enabled !== false);
  // Offre list calls are observed by the federation (with record counts); the others are observed here.
  const build = (s: SourceConfig, d: ConnectorDeps) => {
    const c = CONNECTOR_FACTORIES[s.connector]!(s, d);
    return onOutcome && !isOffreConnector(c) ? observed(c, onOutcome) : c;
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
    if (isOffreConnector(c)) offre.push(aggregator ? { connector: c, publishes: 'any', excludes: offreIds } : { connector: c, publishes: [c.id] });
    else if (isTerritoryConnector(c)) territory ??= c;
    else if (isEntrepriseConnector(c)) entreprises ??= c;
    else if (isGeocoderConnector(c)) continue;
  }
  if (!territory) {
    territory = build({ id: 'cog', connector: 'cog', baseUrl: 'embedded:' }, deps) as TerritoryConnector;
    all.push(territory);
  }
  return { offre, territory, geocoder, entreprises, all };
}

function isOffreName(name: string): boolean {
  return !['ban', 'recherche-entreprises', 'geo-api', 'cog'].includes(name);
}
