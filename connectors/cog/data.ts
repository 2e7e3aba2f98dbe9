/**
 * The embedded COG as O(1) lookups: communes actuelles, arrondissements municipaux, départements,
 * régions and EPCIs of metropolitan France and the five DROM (the collectivités d'outre-mer are
 * outside data·inclusion's territories, docs/data-inclusion.md#territories), with the indexes the connector needs.
 */
import {
  compareCodeUnits,
  type Commune,
  type CommuneDeleguee,
  type CommunePart,
  type Departement,
  type Epci,
  type GeoPoint,
  type Region,
} from '../../src/domain/index.js';
import type { CogSources, RawCommune } from './raw.js';

/** An arrondissement municipal (Paris, Lyon, Marseille) and the commune it belongs to. */
export interface Arrondissement extends CommunePart {
  readonly commune: string;
}

/** A commune déléguée or associée and the commune nouvelle it belongs to (its chef-lieu). */
export interface Deleguee extends CommuneDeleguee {
  readonly commune: string;
}

/** Read-only indexes over the COG; every list is sorted by code. */
export interface CogData {
  readonly communes: ReadonlyMap<string, Commune>;
  readonly arrondissements: ReadonlyMap<string, Arrondissement>;
  /** Communes déléguées and associées whose code is not also a commune actuelle's. */
  readonly deleguees: ReadonlyMap<string, Deleguee>;
  readonly departements: ReadonlyMap<string, Departement>;
  readonly regions: ReadonlyMap<string, Region>;
  readonly epcis: ReadonlyMap<string, Epci>;
  readonly communesByDepartement: ReadonlyMap<string, readonly Commune[]>;
  readonly communesByEpci: ReadonlyMap<string, readonly Commune[]>;
  readonly communesByPostcode: ReadonlyMap<string, readonly Commune[]>;
  readonly departementsByRegion: ReadonlyMap<string, readonly Departement[]>;
  readonly epcisByDepartement: ReadonlyMap<string, readonly Epci[]>;
}

const IN_SCOPE = new Set(['metro', 'drom']);

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Orders by code, plain code-unit order (`2A` after `29`, `971` after `95`). */
export const byCode = <T extends { readonly code: string }>(a: T, b: T): number => compareCodeUnits(a.code, b.code);

function sortedGroups<T extends { readonly code: string }>(map: Map<string, T[]>): Map<string, readonly T[]> {
  for (const list of map.values()) list.sort(byCode);
  return map;
}

function toCommune(r: RawCommune, codeEpci: string | null, centre: GeoPoint | null): Commune {
  return {
    code: r.code,
    nom: r.nom,
    codesPostaux: [...(r.codesPostaux ?? [])].sort(),
    population: typeof r.population === 'number' ? r.population : null,
    centre,
    codeDepartement: r.departement,
    codeRegion: r.region,
    codeEpci,
  };
}

function buildCommunes(src: CogSources) {
  const { centres } = src;
  const epciOf = new Map<string, string>();
  for (const e of src.epcis) for (const m of e.membres) epciOf.set(m.code, e.code);
  const communes = new Map<string, Commune>();
  const arrondissements = new Map<string, Arrondissement>();
  const deleguees = new Map<string, Deleguee>();
  for (const r of src.communes) {
    if (!IN_SCOPE.has(r.zone)) continue;
    const centre = centres.get(r.code) ?? null;
    if (r.type === 'commune-actuelle') communes.set(r.code, toCommune(r, epciOf.get(r.code) ?? null, centre));
    else if (r.type === 'arrondissement-municipal' && r.commune)
      arrondissements.set(r.code, { code: r.code, nom: r.nom, centre, commune: r.commune });
    else if ((r.type === 'commune-deleguee' || r.type === 'commune-associee') && r.chefLieu)
      deleguees.set(r.code, { code: r.code, nom: r.nom, type: r.type, centre, commune: r.chefLieu });
  }
  // A déléguée sharing its code with a commune actuelle (the historic chef-lieu) is that commune.
  for (const code of communes.keys()) deleguees.delete(code);
  return { communes, arrondissements, deleguees };
}

/** Builds the indexes from the raw data. */
export function buildCogData(src: CogSources): CogData {
  const { communes, arrondissements, deleguees } = buildCommunes(src);
  const regions = new Map<string, Region>();
  for (const r of src.regions) if (IN_SCOPE.has(r.zone)) regions.set(r.code, { code: r.code, nom: r.nom });
  const departements = new Map<string, Departement>();
  const departementsByRegion = new Map<string, Departement[]>();
  for (const d of src.departements) {
    if (!IN_SCOPE.has(d.zone) || !d.region) continue;
    const dep: Departement = { code: d.code, nom: d.nom, codeRegion: d.region };
    departements.set(d.code, dep);
    push(departementsByRegion, d.region, dep);
  }
  const communesByDepartement = new Map<string, Commune[]>();
  const communesByEpci = new Map<string, Commune[]>();
  const communesByPostcode = new Map<string, Commune[]>();
  for (const c of communes.values()) {
    push(communesByDepartement, c.codeDepartement, c);
    if (c.codeEpci) push(communesByEpci, c.codeEpci, c);
    for (const cp of c.codesPostaux) push(communesByPostcode, cp, c);
  }
  const epcis = new Map<string, Epci>();
  const epcisByDepartement = new Map<string, Epci[]>();
  for (const e of src.epcis) {
    const members = communesByEpci.get(e.code);
    if (!members) continue; // no member in scope
    const epci: Epci = { code: e.code, nom: e.nom };
    epcis.set(e.code, epci);
    for (const dep of new Set(members.map((m) => m.codeDepartement))) push(epcisByDepartement, dep, epci);
  }
  return {
    communes,
    arrondissements,
    deleguees,
    departements,
    regions,
    epcis,
    communesByDepartement: sortedGroups(communesByDepartement),
    communesByEpci: sortedGroups(communesByEpci),
    communesByPostcode: sortedGroups(communesByPostcode),
    departementsByRegion: sortedGroups(departementsByRegion),
    epcisByDepartement: sortedGroups(epcisByDepartement),
  };
}
