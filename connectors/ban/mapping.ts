/**
 * Pure translation between the gateway's geocoding queries and the Géoplateforme geocoder, with the
 * pipeline's acceptance rules (docs/data-inclusion.md#cross-source-rules): score ≥ 0.75, municipality-level results only
 * when the input had no street, INSEE post-filter, arrondissements folded into their commune.
 */
import { communeOfArrondissement, normaliseForMatch } from '../../src/domain/index.js';
import type { GeocodeResult } from '../connector.js';
import type { BanFeature, BanFeatureCollection, BanSearchParams } from './types.js';

/** One address to geocode, as GeocoderConnector receives it. */
export interface GeocodeQuery {
  readonly q: string;
  readonly codePostal?: string | null;
  readonly codeInsee?: string | null;
}

/** A prepared `/search` call and the commune its answer must fall in (null: any). */
export interface PreparedSearch {
  /** Identical queries of one batch share this key (and one request). */
  readonly key: string;
  readonly params: BanSearchParams;
  /** Folded commune code the result must have (Paris/Lyon/Marseille post-filter). */
  readonly commune: string | null;
  /** Normalised text of the query, for the municipality rule. */
  readonly text: string;
}

const Q_MAX = 200;
const PLM = new Set(['75056', '69123', '13055']);
/** Words that do not make an address a street address ("bourg|village|mairie"). */
const NOT_A_STREET = /\b(bourg|village|mairie)\b/;

/**
 * The `/search` parameters for one query, or null when it cannot be sent (shorter than the 3
 * characters the geocoder requires). The postcode is added to `q` rather than sent as a filter,
 * because a CEDEX or stale postcode as a filter would hide the right answer.
 */
export function prepareSearch(query: GeocodeQuery): PreparedSearch | null {
  let q = query.q
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .trim();
  const cp = query.codePostal?.trim();
  if (cp && /^\d{5}$/.test(cp) && !q.includes(cp)) q = `${q} ${cp}`.trim();
  if (q.length > Q_MAX) q = q.slice(0, Q_MAX).replace(/\s+\S*$/, '');
  if (q.length < 3) return null;
  const insee = query.codeInsee?.trim() || null;
  // BAN indexes Paris/Lyon/Marseille addresses under arrondissement codes: a commune-code filter
  // would match nothing there, so those are post-filtered after folding instead.
  const filter = insee && !PLM.has(insee) ? insee : undefined;
  const params: BanSearchParams = { q, limit: filter || !insee ? 1 : 5, ...(filter ? { citycode: filter } : {}) };
  return {
    key: `${q}|${filter ?? ''}|${insee ?? ''}`,
    params,
    commune: insee ? (communeOfArrondissement(insee) ?? insee) : null,
    text: normaliseForMatch(q),
  };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A feature as a GeocodeResult (arrondissement folded, point kept), or null when it is unusable. */
export function toGeocodeResult(f: BanFeature): GeocodeResult | null {
  const p = f?.properties;
  const c = f?.geometry?.coordinates;
  if (!p || !Array.isArray(c) || !finite(c[0]) || !finite(c[1]) || typeof p.citycode !== 'string') return null;
  const [longitude, latitude] = c;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  const street = p.type === 'housenumber' || p.type === 'street' || p.type === 'locality';
  return {
    point: { latitude, longitude },
    codeInsee: communeOfArrondissement(p.citycode) ?? p.citycode,
    codePostal: typeof p.postcode === 'string' && /^\d{5}$/.test(p.postcode) ? p.postcode : null,
    commune: typeof p.city === 'string' ? p.city : '',
    adresse: street && typeof p.name === 'string' ? p.name : null,
    score: finite(p.score) ? p.score : 0,
  };
}

/** True when the query names nothing but the commune (so a municipality-level answer is a real answer). */
function hasNoStreet(text: string, f: BanFeature): boolean {
  if (NOT_A_STREET.test(text)) return true;
  const place = new Set(
    normaliseForMatch(
      `${f.properties.city ?? ''} ${f.properties.name ?? ''} ${f.properties.postcode ?? ''} cedex`,
    ).split(' '),
  );
  return text.split(' ').every((t) => t === '' || place.has(t));
}

/** The first feature that passes the acceptance rules, as a GeocodeResult; null when none does. */
export function pickResult(fc: BanFeatureCollection, search: PreparedSearch, minScore: number): GeocodeResult | null {
  for (const f of fc.features) {
    const r = toGeocodeResult(f);
    if (!r || r.score < minScore) continue;
    if (search.commune && r.codeInsee !== search.commune) continue;
    if (f.properties.type === 'municipality' && !hasNoStreet(search.text, f)) continue;
    return r;
  }
  return null;
}

/** The nearest feature of a reverse answer (no score threshold: reverse scores measure distance, not text). */
export function pickReverse(fc: BanFeatureCollection): GeocodeResult | null {
  for (const f of fc.features) {
    const r = toGeocodeResult(f);
    if (r) return r;
  }
  return null;
}
