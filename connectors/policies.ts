/**
 * How a policy is put around a connector without knowing any partner: an `OperationWrapper` wraps
 * one operation, and `offreOperations`, `territoryOperations`, `geocoderOperations` and
 * `entrepriseOperations` apply wrappers to every operation of a connector kind, named one by one,
 * and return a new connector of the same interface. registry.ts composes them per source.
 * `observed` is the wrapper that reports each live call's outcome (health board, metrics).
 */
import type {
  CallContext,
  Connector,
  EntrepriseConnector,
  GeocoderConnector,
  OffreConnector,
  Outcome,
  TerritoryConnector,
} from './connector.js';
import { toConnectorError } from './http.js';

/** Wraps one operation of a connector; `operation` is its name (`listServices`, `ping`…). */
export type OperationWrapper = <A extends unknown[], R>(
  operation: string,
  call: (...args: A) => Promise<R>,
) => (...args: A) => Promise<R>;

/** `wrappers` applied to `call`, the first one outermost. */
function wrapped<A extends unknown[], R>(
  wrappers: readonly OperationWrapper[],
  operation: string,
  call: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return wrappers.reduceRight((inner, wrap) => wrap(operation, inner), call);
}

/** The connector's identity, capabilities and health probe (wrapped as `ping`), shared by every kind. */
function base(c: Connector, wrappers: readonly OperationWrapper[]): Connector {
  const identity = { id: c.id, connector: c.connector, capabilities: c.capabilities };
  if (c.ping === undefined) return identity;
  return { ...identity, ping: wrapped(wrappers, 'ping', async (ctx?: CallContext) => c.ping?.(ctx)) };
}

/** The connector's identity, capabilities and health probe, for a wrapper that replaces every operation itself. */
export function identityOf(c: Connector): Connector {
  return base(c, []);
}

/** An offre connector with `wrappers` around each of its operations. */
export function offreOperations(c: OffreConnector, ...wrappers: OperationWrapper[]): OffreConnector {
  return {
    ...base(c, wrappers),
    listStructures: wrapped(
      wrappers,
      'listStructures',
      (f: Parameters<OffreConnector['listStructures']>[0], ctx?: CallContext) => c.listStructures(f, ctx),
    ),
    listServices: wrapped(
      wrappers,
      'listServices',
      (f: Parameters<OffreConnector['listServices']>[0], ctx?: CallContext) => c.listServices(f, ctx),
    ),
    getStructures: wrapped(wrappers, 'getStructures', (ids: readonly string[], ctx?: CallContext) =>
      c.getStructures(ids, ctx),
    ),
    getServices: wrapped(wrappers, 'getServices', (ids: readonly string[], ctx?: CallContext) =>
      c.getServices(ids, ctx),
    ),
  };
}

/** A territory connector with `wrappers` around each of its operations. */
export function territoryOperations(c: TerritoryConnector, ...wrappers: OperationWrapper[]): TerritoryConnector {
  type T = TerritoryConnector;
  return {
    ...base(c, wrappers),
    getCommunes: wrapped(wrappers, 'getCommunes', (codes: readonly string[], ctx?: CallContext) =>
      c.getCommunes(codes, ctx),
    ),
    searchCommunes: wrapped(wrappers, 'searchCommunes', (q: Parameters<T['searchCommunes']>[0], ctx?: CallContext) =>
      c.searchCommunes(q, ctx),
    ),
    getDepartements: wrapped(wrappers, 'getDepartements', (codes: readonly string[], ctx?: CallContext) =>
      c.getDepartements(codes, ctx),
    ),
    listDepartements: wrapped(wrappers, 'listDepartements', (codeRegion?: string, ctx?: CallContext) =>
      c.listDepartements(codeRegion, ctx),
    ),
    getRegions: wrapped(wrappers, 'getRegions', (codes: readonly string[], ctx?: CallContext) =>
      c.getRegions(codes, ctx),
    ),
    listRegions: wrapped(wrappers, 'listRegions', (ctx?: CallContext) => c.listRegions(ctx)),
    getEpcis: wrapped(wrappers, 'getEpcis', (codes: readonly string[], ctx?: CallContext) => c.getEpcis(codes, ctx)),
    listEpcis: wrapped(wrappers, 'listEpcis', (codeDepartement?: string, ctx?: CallContext) =>
      c.listEpcis(codeDepartement, ctx),
    ),
    communeAt: wrapped(wrappers, 'communeAt', (point: Parameters<T['communeAt']>[0], ctx?: CallContext) =>
      c.communeAt(point, ctx),
    ),
  };
}

/** A geocoder with `wrappers` around each of its operations. */
export function geocoderOperations(c: GeocoderConnector, ...wrappers: OperationWrapper[]): GeocoderConnector {
  type G = GeocoderConnector;
  return {
    ...base(c, wrappers),
    geocode: wrapped(wrappers, 'geocode', (queries: Parameters<G['geocode']>[0], ctx?: CallContext) =>
      c.geocode(queries, ctx),
    ),
    reverse: wrapped(wrappers, 'reverse', (point: Parameters<G['reverse']>[0], ctx?: CallContext) =>
      c.reverse(point, ctx),
    ),
  };
}

/** A company registry with `wrappers` around each of its operations. */
export function entrepriseOperations(c: EntrepriseConnector, ...wrappers: OperationWrapper[]): EntrepriseConnector {
  return {
    ...base(c, wrappers),
    getEtablissements: wrapped(wrappers, 'getEtablissements', (sirets: readonly string[], ctx?: CallContext) =>
      c.getEtablissements(sirets, ctx),
    ),
  };
}

/** The records a list answer kept out, if the value is one. */
function rejectedOf(value: unknown): Outcome['rejected'] {
  if (typeof value !== 'object' || value === null || !('rejected' in value) || !Array.isArray(value.rejected))
    return [];
  return value.rejected;
}

/** The records a list answer gave, if the value is one. */
function returnedOf(value: unknown): number {
  return typeof value === 'object' && value !== null && 'items' in value && Array.isArray(value.items)
    ? value.items.length
    : 0;
}

/**
 * Each call of `source` reports its outcome to `onOutcome` (health board, metrics). Results and
 * errors pass through as they are; without `onOutcome`, calls pass unwrapped.
 */
export function observed(source: string, onOutcome: ((o: Outcome) => void) | undefined): OperationWrapper {
  if (onOutcome === undefined) return (_operation, call) => call;
  return (operation, call) =>
    async (...args) => {
      const t0 = performance.now();
      try {
        const value = await call(...args);
        onOutcome({
          source,
          operation,
          ok: true,
          error: null,
          latencyMs: performance.now() - t0,
          returned: returnedOf(value),
          rejected: rejectedOf(value),
        });
        return value;
      } catch (err) {
        onOutcome({
          source,
          operation,
          ok: false,
          error: toConnectorError(source, err),
          latencyMs: performance.now() - t0,
          returned: 0,
          rejected: [],
        });
        throw err;
      }
    };
}
