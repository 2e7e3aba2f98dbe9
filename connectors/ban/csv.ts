/**
 * The geocoder's CSV batch contract (addok-csv, served by the Géoplateforme as `POST /search/csv`):
 * the caller uploads a CSV (multipart field `data`), names the columns making up the query
 * (`columns`, repeatable) and the per-row filter columns (`citycode`, `postcode`); the answer is the
 * same CSV, row for row and in order, with the best result of each row appended as `result_*`
 * columns (`result_status` is `ok` when a result was found). One request geocodes a whole page of
 * addresses instead of one `/search` per address. This file holds the pure parts both sides share.
 */
import type { BanFeature, BanFeatureCollection, BanResultType } from './types.js';

/** Columns addok appends to each row, in its order. */
export const RESULT_COLUMNS = [
  'latitude',
  'longitude',
  'result_label',
  'result_score',
  'result_score_next',
  'result_type',
  'result_id',
  'result_housenumber',
  'result_name',
  'result_street',
  'result_postcode',
  'result_city',
  'result_context',
  'result_citycode',
  'result_oldcitycode',
  'result_oldcity',
  'result_district',
  'result_status',
] as const;

/** Quotes a cell when needed (RFC 4180). */
const cell = (v: string) => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes rows as comma-separated CSV with a header line. */
export function writeCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Reads comma-separated CSV (quoted cells, `""` escapes, CRLF or LF); the first row is the header. */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header = [], ...rest] = rows;
  return { header, rows: rest };
}

const TYPES = new Set<string>(['housenumber', 'street', 'locality', 'municipality']);

/** One answered row as the FeatureCollection `/search` would have given (its best feature, or none). */
export function rowToCollection(row: Readonly<Record<string, string>>): BanFeatureCollection {
  const lon = Number(row.longitude);
  const lat = Number(row.latitude);
  const ok =
    row.result_status === 'ok' &&
    row.longitude !== '' &&
    row.latitude !== '' &&
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    TYPES.has(row.result_type ?? '');
  if (!ok) return { type: 'FeatureCollection', features: [] };
  const opt = (k: string) => (row[k] ? { [k.slice('result_'.length)]: row[k] } : {});
  const feature: BanFeature = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: {
      label: row.result_label ?? '',
      score: Number(row.result_score) || 0,
      type: row.result_type as BanResultType,
      id: row.result_id ?? '',
      name: row.result_name ?? '',
      citycode: row.result_citycode ?? '',
      city: row.result_city ?? '',
      context: row.result_context ?? '',
      ...opt('result_housenumber'),
      ...opt('result_street'),
      ...opt('result_postcode'),
      ...opt('result_district'),
      oldcitycode: row.result_oldcitycode || null,
      oldcity: row.result_oldcity || null,
    },
  };
  return { type: 'FeatureCollection', features: [feature] };
}

/** The `result_*` cells of a row from the best feature of a `/search` answer (empty cells and `not-found` without one). */
export function featureToCells(f: BanFeature | undefined, next: BanFeature | undefined): string[] {
  if (!f) return RESULT_COLUMNS.map((c) => (c === 'result_status' ? 'not-found' : ''));
  const p = f.properties;
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return [
    s(f.geometry.coordinates[1]),
    s(f.geometry.coordinates[0]),
    p.label,
    s(p.score),
    s(next?.properties.score),
    p.type,
    p.id,
    s(p.housenumber),
    p.name,
    s(p.street),
    s(p.postcode),
    p.city,
    p.context,
    p.citycode,
    s(p.oldcitycode),
    s(p.oldcity),
    s(p.district),
    'ok',
  ];
}
