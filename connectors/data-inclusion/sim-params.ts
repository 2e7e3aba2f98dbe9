/**
 * Query-parameter validation of the simulated d·i API, FastAPI / pydantic v2 style: every problem
 * is collected into one 422 `{"detail": [{type, loc, msg, input, ctx}]}`; unknown parameters are
 * ignored, as FastAPI does.
 */
import {
  NOMENCLATURES,
  THEMATIQUE_CATEGORIES,
  type NomenclatureName,
  type OffreFilter,
} from '../../src/domain/index.js';
import type { SimRequest } from '../sim/server.js';
import { readTable } from '../tables.js';
import { DI_MAX_PAGE_SIZE } from './config.js';
import type { DiValidationItem } from './types.js';

/** A validated query. */
export type DiQuery = OffreFilter & {
  readonly page: number;
  readonly size: number;
  readonly scoreQualiteMinimum?: number;
  readonly recherchePublic?: string;
  readonly exclureDoublons: boolean;
  readonly lat?: number;
  readonly lon?: number;
};

/** Which parameters each route reads. */
export type DiRoute = 'structures' | 'services' | 'search';

const enumValues = (name: NomenclatureName) => NOMENCLATURES[name].map((v) => v.value);
const api = (file: string) => readTable(`derived/${file}`);

function enumError(loc: Array<string | number>, input: string, allowed: readonly string[]): DiValidationItem {
  const expected =
    allowed.length > 1
      ? `${allowed
          .slice(0, -1)
          .map((a) => `'${a}'`)
          .join(', ')} or '${allowed.at(-1)}'`
      : `'${allowed[0]}'`;
  return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
}

/** Typed readers over one query string, collecting pydantic-style errors. */
function readers(q: URLSearchParams, errors: DiValidationItem[]) {
  const fail = (type: string, name: string, msg: string, input: string, ctx?: Record<string, unknown>) =>
    errors.push({ type, loc: ['query', name], msg, input, ...(ctx ? { ctx } : {}) });
  const one = (name: string, allowed: readonly string[]): string | undefined => {
    const v = q.get(name);
    if (v !== null && !allowed.includes(v)) errors.push(enumError(['query', name], v, allowed));
    return v ?? undefined;
  };
  return {
    int(name: string, def: number, min: number, max: number): number {
      const raw = q.get(name);
      if (raw === null) return def;
      const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (Number.isNaN(n))
        fail('int_parsing', name, 'Input should be a valid integer, unable to parse string as an integer', raw);
      else if (n < min)
        fail('greater_than_equal', name, `Input should be greater than or equal to ${min}`, raw, { ge: min });
      else if (n > max) fail('less_than_equal', name, `Input should be less than or equal to ${max}`, raw, { le: max });
      return n;
    },
    float(name: string): number | undefined {
      const raw = q.get(name);
      if (raw === null || raw === '') return undefined;
      if (!Number.isFinite(Number(raw)))
        fail('float_parsing', name, 'Input should be a valid number, unable to parse string as a number', raw);
      return Number(raw);
    },
    list(name: string, allowed?: readonly string[]): string[] | undefined {
      const values = q.getAll(name);
      if (allowed)
        values.forEach((v, i) => allowed.includes(v) || errors.push(enumError(['query', name, i], v, allowed)));
      return values.length === 0 ? undefined : values;
    },
    /** `code_x` or `slug_x` (same enum row), as a code. */
    territory(codeName: string, slugName: string, rows: ReturnType<typeof api>): string | undefined {
      const code = one(
        codeName,
        rows.map((r) => r.code!),
      );
      const slug = one(
        slugName,
        rows.map((r) => r.slug!),
      );
      return code ?? rows.find((r) => r.slug === slug)?.code;
    },
    pattern(name: string, re: RegExp, source: string): string | undefined {
      const v = q.get(name);
      if (v !== null && !re.test(v))
        fail('string_pattern_mismatch', name, `String should match pattern '${source}'`, v, { pattern: source });
      return v ?? undefined;
    },
    bool(name: string): boolean {
      const v = q.get(name);
      if (v !== null && !/^(true|false|1|0|yes|no|on|off)$/i.test(v))
        fail('bool_parsing', name, 'Input should be a valid boolean, unable to interpret input', v);
      return v !== null && /^(true|1|yes|on)$/i.test(v);
    },
  };
}

/** Reads and checks the query of `req` for `route`; returns the errors when any. */
export function parseQuery(req: SimRequest, route: DiRoute): { query: DiQuery } | { errors: DiValidationItem[] } {
  const errors: DiValidationItem[] = [];
  const r = readers(req.query, errors);
  const query: DiQuery = {
    page: r.int('page', 1, 1, Number.MAX_SAFE_INTEGER),
    size: r.int('size', 5000, 1, DI_MAX_PAGE_SIZE),
    sources: r.list('sources'),
    codeCommune: r.pattern('code_commune', /^\w{5}$/, '^\\w{5}$'),
    exclureDoublons: r.bool('exclure_doublons'),
    ...(route !== 'search'
      ? {
          codeDepartement: r.territory('code_departement', 'slug_departement', api('api-departements.csv')),
          codeRegion: r.territory('code_region', 'slug_region', api('api-regions.csv')),
        }
      : {}),
    ...(route === 'structures' ? { reseauxPorteurs: r.list('reseaux_porteurs', enumValues('reseaux-porteurs')) } : {}),
    ...(route !== 'structures'
      ? {
          thematiques: r.list('thematiques', [
            ...enumValues('thematiques'),
            ...THEMATIQUE_CATEGORIES.map((c) => c.value),
          ]),
          publics: r.list('publics', enumValues('publics')),
          frais: r.list('frais', enumValues('frais')),
          types: r.list('types', enumValues('types-services')),
          modesAccueil: r.list('modes_accueil', enumValues('modes-accueil')),
          scoreQualiteMinimum: r.float('score_qualite_minimum'),
          recherchePublic: req.query.get('recherche_public') ?? undefined,
        }
      : {}),
    ...(route === 'search' ? { lat: r.float('lat'), lon: r.float('lon') } : {}),
  };
  return errors.length > 0 ? { errors } : { query };
}
