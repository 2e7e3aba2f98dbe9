/**
 * geo.api.gouv.fr's query semantics, for the simulator (docs/partners/geo-api.md#endpoints): `fields` (csv, `nom` and
 * `code` always in), `format=geojson`, `limit` (integer ≥ 0, else a plain-text 400), filters combined
 * with AND, fuzzy `nom` with a `_score` (times 1 + population/100 000 with `boost=population`), and
 * the plain-text `Not Found` of an unknown code. Pure functions over records.
 */
import type { SimResponse } from '../sim/server.js';

/** A record as the simulator holds it (any resource). */
export type SimRecord = Readonly<Record<string, unknown>> & { readonly code: string; readonly nom: string };

/** Default `fields` per resource (docs/partners/geo-api.md#payload). */
export const DEFAULT_FIELDS = Object.freeze({
  commune: ['nom', 'code', 'codeDepartement', 'siren', 'codeEpci', 'codeRegion', 'codesPostaux', 'population'],
  epci: ['nom', 'code', 'codesDepartements', 'codesRegions', 'population'],
  departement: ['nom', 'code', 'codeRegion'],
  region: ['nom', 'code'],
});

/** Geometry fields: moved out of `properties` into `geometry` with `format=geojson`. */
const GEOMETRIES = ['centre', 'contour', 'mairie', 'bbox'];

/** The API's plain-text answers. */
export const TEXT = Object.freeze({
  notFound: (): SimResponse => ({
    status: 404,
    raw: 'Not Found',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  }),
  badLimit: (): SimResponse => ({
    status: 400,
    raw: 'Your limit parameter is not a number or is negative',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  }),
  unfiltered: (): SimResponse => ({
    status: 400,
    raw: 'This endpoint does not support an unfiltered API call with a geojson format output or a field with contour',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  }),
});

/** The asked `fields` (or the resource's defaults), plus `nom` and `code`. */
export function fieldsOf(query: URLSearchParams, defaults: readonly string[]): Set<string> {
  const raw = query.get('fields');
  const fields = new Set(
    raw
      ? raw
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : defaults,
  );
  fields.add('nom');
  fields.add('code');
  return fields;
}

/** `limit` as the API reads it: undefined when absent, 'bad' when not an integer ≥ 0. */
export function limitOf(query: URLSearchParams): number | undefined | 'bad' {
  const raw = query.get('limit');
  if (raw === null) return undefined;
  const n = Number(raw);
  return raw.trim() === '' || !Number.isInteger(n) || n < 0 ? 'bad' : n;
}

/** A csv parameter, or the default list. */
export function csvOf(query: URLSearchParams, name: string, fallback: readonly string[]): readonly string[] {
  const raw = query.get(name);
  return raw ? raw.split(',').map((v) => v.trim()) : fallback;
}

const norm = (v: string): string =>
  v
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Text relevance of a name for a query in [0, 1]; 0 is no match. */
export function textScore(name: string, q: string): number {
  const n = norm(name);
  const w = norm(q);
  if (w === '') return 0;
  if (n === w) return 1;
  if (n.startsWith(w)) return 0.8;
  if (` ${n}`.includes(` ${w}`)) return 0.6;
  return n.includes(w) ? 0.4 : 0;
}

/** Keeps the records matching `nom`, with `_score`, best first; population-boosted when asked. */
export function byName(records: readonly SimRecord[], nom: string, boost: boolean): SimRecord[] {
  const scored: SimRecord[] = [];
  for (const r of records) {
    const base = textScore(r.nom, nom);
    if (base === 0) continue;
    const pop = typeof r.population === 'number' ? r.population : 0;
    scored.push({ ...r, _score: Math.round((boost ? base * (1 + pop / 100_000) : base) * 1000) / 1000 });
  }
  return scored.sort((a, b) => (b._score as number) - (a._score as number));
}

/** Record restricted to the asked fields (absent fields stay absent, like lodash `pick`). */
export function pickFields(r: SimRecord, fields: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (r[f] !== undefined) out[f] = r[f];
  return out;
}

/** One record in the asked format: plain JSON, or a GeoJSON Feature whose geometry leaves `properties`. */
export function formatOne(
  r: SimRecord,
  fields: ReadonlySet<string>,
  query: URLSearchParams,
  geojsonAllowed: boolean,
): unknown {
  if (!geojsonAllowed || query.get('format') !== 'geojson') return pickFields(r, fields);
  const asked = query.get('geometry');
  const geometry = asked && GEOMETRIES.includes(asked) ? asked : 'centre';
  const props = new Set([...fields].filter((f) => !GEOMETRIES.includes(f)));
  return { type: 'Feature', properties: pickFields(r, props), geometry: r[geometry] ?? null };
}

/** A list answer in the asked format, after `limit`. */
export function formatList(
  rs: readonly SimRecord[],
  fields: ReadonlySet<string>,
  query: URLSearchParams,
  geojsonAllowed: boolean,
): SimResponse {
  const limit = limitOf(query);
  if (limit === 'bad') return TEXT.badLimit();
  const kept = limit === undefined ? rs : rs.slice(0, limit);
  const items = kept.map((r) => formatOne(r, fields, query, geojsonAllowed));
  if (geojsonAllowed && query.get('format') === 'geojson')
    return { body: { type: 'FeatureCollection', features: items } };
  return { body: items };
}

/** Keeps the records whose `field` equals the parameter, when the parameter is given. */
export function whereEq(
  rs: readonly SimRecord[],
  query: URLSearchParams,
  param: string,
  field = param,
): readonly SimRecord[] {
  const v = query.get(param);
  return v === null ? rs : rs.filter((r) => r[field] === v);
}
