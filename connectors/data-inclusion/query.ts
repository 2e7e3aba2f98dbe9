/**
 * Domain filters → data·inclusion query parameters (docs/data-inclusion.md#list-filters). Lists are repeated
 * keys. A filter is pushed down only when every value is one the API's enums accept; otherwise it
 * is left to the gateway (the API would answer 422 for the whole call).
 */
import {
  isNomenclatureValue,
  isThematiqueCategory,
  type NomenclatureName,
  type OffreFilter,
} from '../../src/domain/index.js';
import type { FilterName } from '../connector.js';
import { readTable } from '../tables.js';

/** Query parameters as ordered key/value pairs (repeated keys for lists). */
export type QueryParams = ReadonlyArray<readonly [string, string]>;

/** The parameters to send and the domain filters they apply. */
export interface PushedDown {
  readonly params: QueryParams;
  readonly applied: readonly FilterName[];
}

const apiCodes = (file: string): ReadonlySet<string> => new Set(readTable(`derived/${file}`).map((r) => r.code!));

/** True when the API's enum for this filter accepts every value. */
function accepted(name: FilterName, values: readonly string[]): boolean {
  const check = (n: NomenclatureName) => values.every((v) => isNomenclatureValue(n, v));
  switch (name) {
    case 'thematiques':
      return values.every((v) => isNomenclatureValue('thematiques', v) || isThematiqueCategory(v));
    case 'publics':
      return check('publics');
    case 'frais':
      return check('frais');
    case 'types':
      return check('types-services');
    case 'modesAccueil':
      return check('modes-accueil');
    case 'reseauxPorteurs':
      return check('reseaux-porteurs');
    case 'codeRegion':
      return values.every((v) => apiCodes('api-regions.csv').has(v));
    case 'codeDepartement':
      return values.every((v) => apiCodes('api-departements.csv').has(v));
    case 'codeCommune':
      return values.every((v) => /^\w{5}$/.test(v));
    case 'sources':
      return true;
  }
}

const PARAM: Readonly<Record<FilterName, string>> = {
  codeCommune: 'code_commune',
  codeDepartement: 'code_departement',
  codeRegion: 'code_region',
  sources: 'sources',
  thematiques: 'thematiques',
  publics: 'publics',
  frais: 'frais',
  types: 'types',
  modesAccueil: 'modes_accueil',
  reseauxPorteurs: 'reseaux_porteurs',
};

/** Filters each route accepts (`reseaux_porteurs` only on structures; facets only on services). */
export const PUSHDOWN: Readonly<Record<'structures' | 'services', readonly FilterName[]>> = {
  structures: ['sources', 'codeCommune', 'codeDepartement', 'codeRegion', 'reseauxPorteurs'],
  services: [
    'sources',
    'codeCommune',
    'codeDepartement',
    'codeRegion',
    'thematiques',
    'publics',
    'frais',
    'types',
    'modesAccueil',
  ],
};

/**
 * Parameters for `/structures` or `/services`. `sources` is the allowed list computed by the
 * connector (filter ∩ onlySources − excludeSources); undefined means no restriction.
 */
export function pushDown(
  route: 'structures' | 'services',
  filter: OffreFilter,
  sources: readonly string[] | undefined,
): PushedDown {
  const params: Array<[string, string]> = [];
  const applied: FilterName[] = [];
  for (const name of PUSHDOWN[route]) {
    const raw = name === 'sources' ? sources : filter[name];
    if (raw === undefined) continue;
    const values = typeof raw === 'string' ? [raw] : [...raw];
    // An empty list would send nothing and match everything: the connector short-circuits empty
    // sources, and any other empty list is left to the gateway.
    if (values.length === 0 || !accepted(name, values)) continue;
    for (const v of values) params.push([PARAM[name], v]);
    applied.push(name);
  }
  return { params, applied };
}
