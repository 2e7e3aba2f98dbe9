/**
 * Per-request territory loaders over a TerritoryConnector (docs/architecture.md): lookups by
 * code are batched into one batch-first connector call per tick and key-aligned; list queries are
 * deduplicated per request; every result primes the by-code loaders, so a commune listed once is
 * never fetched again in the same request. A failed batch puts its Error in every slot it covered.
 */
import DataLoader from 'dataloader';
import type { CommuneQuery, TerritoryConnector } from '../../connectors/connector.js';
import type { Commune, Departement, Epci, GeoPoint, Region } from '../domain/index.js';

/** Key of the list loaders meaning "no filter" (every département, every EPCI). */
export const ALL = '*';

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** One batch-first call for all keys, checked for alignment; a failure fills every slot with the Error. */
async function alignedBatch<T>(
  keys: readonly string[],
  fetch: (keys: readonly string[]) => Promise<ReadonlyArray<T | null>>,
): Promise<Array<T | null | Error>> {
  try {
    const rows = await fetch(keys);
    if (rows.length !== keys.length) {
      const err = new Error(
        `territory source answered ${rows.length} results for ${keys.length} codes (expected one per code, in order)`,
      );
      return keys.map(() => err);
    }
    return [...rows];
  } catch (err) {
    const e = asError(err);
    return keys.map(() => e);
  }
}

/** One connector call per distinct key, run together; each key gets its own result or Error. */
function eachKey<K, T>(keys: readonly K[], run: (key: K) => Promise<T>): Promise<Array<T | Error>> {
  return Promise.all(keys.map((k) => run(k).catch(asError)));
}

/** A stable cache key for a commune query (same filters in any order → same key). */
export function communeQueryKey(q: CommuneQuery): string {
  return JSON.stringify([
    q.nom ?? null,
    q.codePostal ?? null,
    q.codeDepartement ?? null,
    q.codeEpci ?? null,
    q.limit ?? null,
  ]);
}

/** Builds the territory loaders of one request. */
export function createTerritoryLoaders(territory: TerritoryConnector) {
  const options = { maxBatchSize: territory.capabilities.maxBatchSize };
  const commune = new DataLoader<string, Commune | null>(
    (k) => alignedBatch(k, (c) => territory.getCommunes(c)),
    options,
  );
  const departement = new DataLoader<string, Departement | null>(
    (k) => alignedBatch(k, (c) => territory.getDepartements(c)),
    options,
  );
  const region = new DataLoader<string, Region | null>((k) => alignedBatch(k, (c) => territory.getRegions(c)), options);
  const epci = new DataLoader<string, Epci | null>((k) => alignedBatch(k, (c) => territory.getEpcis(c)), options);

  const primed =
    <T extends { readonly code: string }>(loader: DataLoader<string, T | null>) =>
    (rows: readonly T[]): readonly T[] => {
      for (const row of rows) loader.prime(row.code, row);
      return rows;
    };
  const orAll = (key: string): string | undefined => (key === ALL ? undefined : key);

  return {
    /** Commune by code; an arrondissement municipal code gives its commune with `arrondissement` set. */
    commune,
    departement,
    region,
    epci,
    /** The commune at a point (see TerritoryConnector.communeAt); a point is a key by its coordinates. */
    communeAt: new DataLoader<GeoPoint, Commune | null, string>(
      (points) => eachKey(points, (p) => territory.communeAt(p)),
      { cacheKeyFn: (p) => `${p.latitude},${p.longitude}` },
    ),
    /** Commune searches (see TerritoryConnector.searchCommunes). */
    communeSearch: new DataLoader<CommuneQuery, readonly Commune[], string>(
      (qs) => eachKey(qs, (q) => territory.searchCommunes(q).then(primed(commune))),
      { cacheKeyFn: communeQueryKey },
    ),
    /** Départements of a région, or all with ALL. */
    departementList: new DataLoader<string, readonly Departement[]>((ks) =>
      eachKey(ks, (k) => territory.listDepartements(orAll(k)).then(primed(departement))),
    ),
    /** All régions (key ALL). */
    regionList: new DataLoader<string, readonly Region[]>((ks) =>
      eachKey(ks, () => territory.listRegions().then(primed(region))),
    ),
    /** EPCIs with a commune in a département, or all with ALL. */
    epciList: new DataLoader<string, readonly Epci[]>((ks) =>
      eachKey(ks, (k) => territory.listEpcis(orAll(k)).then(primed(epci))),
    ),
  };
}
