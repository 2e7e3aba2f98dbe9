/**
 * Whether a source is asked for a commune's DÉPARTEMENT instead of the commune on list queries
 * filtered by `codeCommune` (the federation then keeps the commune's records, as it re-applies every
 * filter anyway). Widening turns one partner call per commune into one cached call per département.
 *
 * Default: widen every source that cannot filter by commune itself. Such a partner answers a commune
 * with its whole département (Soliguide's `departement` search, les emplois' open SIAE list) or the
 * whole country (national lists), so the wider question costs it nothing more, and the per-commune
 * cache entries were each a copy of the same answer. A partner that does filter by commune
 * (data·inclusion's `code_commune`) keeps per-commune calls: it has no rate limit, answers a commune
 * quickly, while its département answers run to thousands of services (MBs, pages of up to 10 000)
 * that every commune's request would then read from the cache and filter.
 *
 * A sources-file entry overrides it: `options.locationGranularity: departement | commune`.
 */
import type { ConnectorCapabilities, LocationGranularity, SourceConfig } from './connector.js';

/** The accepted values of `options.locationGranularity`. */
export const LOCATION_GRANULARITIES: readonly LocationGranularity[] = ['departement', 'commune'];

/** The default of a connector: `commune` when its partner filters by commune, `departement` otherwise. */
export function defaultLocationGranularity(capabilities: ConnectorCapabilities): LocationGranularity {
  return capabilities.pushdown.includes('codeCommune') ? 'commune' : 'departement';
}

/**
 * The granularity of a source: `options.locationGranularity`, else the connector's default. Throws,
 * naming the setting, when the option is not one of the accepted values.
 */
export function locationGranularity(source: SourceConfig, capabilities: ConnectorCapabilities): LocationGranularity {
  const raw = source.options?.locationGranularity;
  if (raw === undefined) return defaultLocationGranularity(capabilities);
  if (typeof raw !== 'string' || !(LOCATION_GRANULARITIES as readonly string[]).includes(raw))
    throw new Error(
      `sources entry "${source.id}": options.locationGranularity must be one of ${LOCATION_GRANULARITIES.join(', ')}, got: ${JSON.stringify(raw)}`,
    );
  return raw as LocationGranularity;
}
