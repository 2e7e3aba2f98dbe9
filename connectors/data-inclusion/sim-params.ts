/**
 * Query-parameter validation of the simulated d·i API, FastAPI / pydantic v2 style: every problem
 * is collected into one 422 `{"detail": [{type, loc, msg, input, ctx}]}`; unknown parameters are
 * ignored, as FastAPI does.
 */
import { NOMENCLATURES, THEMATIQUE_CATEGORIES, type NomenclatureName } from '../../src/domain/index.js';
import type { SimRequest } from '../sim/server.js';
import { readTable } from '../tables.js';
import { DI_MAX_PAGE_SIZE } from './config.js';
import type { DiValidationItem } from './types.js';

/** A validated query. */
export interface DiQuery {
  readonly page: number;
  readonly size: number;
  readonly sources?: readonly string[];
  readonly thematiques?: readonly string[];
  readonly publics?: readonly string[];
  readonly frais?: readonly string[];
  readonly types?: readonly string[];
  readonly modesAccueil?: readonly string[];
  readonly reseauxPorteurs?: readonly string[];
  readonly codeCommune?: string;
  readonly codeDepartement?: string;
  readonly codeRegion?: string;
  readonly scoreQualiteMinimum?: number;
  readonly recherchePublic?: string;
  readonly exclureDoublons: boolean;
  readonly lat?: number;
  readonly lon?: number;
}

/** Which parameters each route reads. */
export type DiRoute = 'structures' | 'services' | 'search';

const enumValues = (name: NomenclatureName) => NOMENCLATURES[name].map((v) => v.value);
const api = (file: string) => readTable(`derived/${file}`);

function enumError(loc: Array<string | number>, input: string, allowed: readonly string[]): DiValidationItem {
  const expected = allowed.length > 1 ? `${allowed.slice(0, -1).map((a) => `'${a}'`).join(', ')} or '${allowed.at(-1)}'` : `'${allowed[0]}'`;
  return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
}

/** Reads and checks the query of `req` for `route`; returns the errors when any. */
export function parseQuery(req: SimRequest, route: DiRoute): { query: DiQuery } | { errors: DiValidationItem[] } {
  const q = req.query;
  const errors: DiValidationItem[] = [];
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = q.get(name);
    if (raw === null) return def;
    const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (Number.isNaN(n)) errors.push({ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
    else if (n < min) errors.push({ type: 'greater_than_equal', loc: ['query', name], msg: `Input should be greater than or equal to ${min}`, input: raw, ctx: { ge: min } });
    else if (n > max) errors.push({ type: 'less_than_equal', loc: ['query', name], msg: `Input should be less than or equal to ${max}`, input: raw, ctx: { le: max } });
    return n;
  };
  const float = (name: string): number | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) errors.push({ type: 'float_parsing', loc: ['query', name], msg: 'Input should be a valid number, unable to parse string as a number', input: raw });
    return n;
  };
  const list = (name: string, allowed?: readonly string[]): string[] | undefined => {
    const values = q.getAll(name);
    if (values.length === 0) return undefined;
    if (allowed) values.forEach((v, i) => allowed.includes(v) || errors.push(enumError(['query', name, i], v, allowed)));
    return values;
  };
  const one = (name: string, allowed: readonly string[]): string | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    if (!allowed.includes(v)) errors.push(enumError(['query', name], v, allowed));
    return v;
  };
  const bySlug = (codeName: string, slugName: string, rows: ReturnType<typeof api>): string | undefined => {
    const code = one(codeName, rows.map((r) => r.code!));
    const slug = one(slugName, rows.map((r) => r.slug!));
    return code ?? rows.find((r) => r.slug === slug)?.code;
  };
  const commune = q.get('code_commune') ?? undefined;
  if (commune !== undefined && !/^\w{5}$/.test(commune))
    errors.push({ type: 'string_pattern_mismatch', loc: ['query', 'code_commune'], msg: "String should match pattern '^\\w{5}$'", input: commune, ctx: { pattern: '^\\w{5}$' } });
  const exclure = q.get('exclure_doublons');
  if (exclure !== null && !/^(true|false|1|0|yes|no|on|off)$/i.test(exclure))
    errors.push({ type: 'bool_parsing', loc: ['query', 'exclure_doublons'], msg: 'Input should be a valid boolean, unable to interpret input', input: exclure });
  const services = route !== 'structures';
  const query: DiQuery = {
    page: int('page', 1, 1, Number.MAX_SAFE_INTEGER),
    size: int('size', 5000, 1, DI_MAX_PAGE_SIZE),
    sources: list('sources'),
    codeCommune: commune,
    exclureDoublons: exclure !== null && /^(true|1|yes|on)$/i.test(exclure),
    ...(route !== 'search' ? { codeDepartement: bySlug('code_departement', 'slug_departement', api('api-departements.csv')), codeRegion: bySlug('code_region', 'slug_region', api('api-regions.csv')) } : {}),
    ...(route === 'structures' ? { reseauxPorteurs: list('reseaux_porteurs', enumValues('reseaux-porteurs')) } : {}),
    ...(services
      ? {
          thematiques: list('thematiques', [...enumValues('thematiques'), ...THEMATIQUE_CATEGORIES.map((c) => c.value)]),
          publics: list('publics', enumValues('publics')), frais: list('frais', enumValues('frais')), types: list('types', enumValues('types-services')),
          modesAccueil: list('modes_accueil', enumValues('modes-accueil')), scoreQualiteMinimum: float('score_qualite_minimum'),
          recherchePublic: q.get('recherche_public') ?? undefined,
        }
      : {}),
    ...(route === 'search' ? { lat: float('lat'), lon: float('lon') } : {}),
  };
  return errors.length > 0 ? { errors } : { query };
}
