/**
 * Where emplois records are: the partner gives no `code_insee`, so each page is geocoded in one
 * batch through the injected GeocoderConnector (BAN). Records the geocoder cannot place keep the
 * partner's address with null code/coordinates; a geocoder outage degrades the answer observably
 * (warnings) instead of failing it. Location filters are applied here, after geocoding.
 */
import type { ConnectorError } from '../../src/errors.js';
import type { Structure, OffreFilter } from '../../src/domain/index.js';
import type { CallContext, GeocoderConnector } from '../connector.js';
import { toConnectorError } from '../http.js';
import { applyGeocode, departementOfCommune, departementsOfPostcode, geocodeQueryOf } from './mapping.js';

/** The location a list call asks for. `departement` is the commune's département for a commune filter. */
export interface LocationFilter {
  readonly kind: 'commune' | 'departement';
  readonly code: string;
  readonly departement: string;
}

/** What went less than perfectly during one list call, turned into warnings at the end. */
export interface LocateState {
  geocoderFailure: ConnectorError | null;
  /** Records left without code_insee because the geocoder was missing or down. */
  unlocated: number;
  /** Records kept in a département by their postcode alone. */
  byPostcode: number;
  /** Records left out of a commune filter because they could not be located. */
  leftOut: number;
}

/** A fresh state for one list call. */
export const newLocateState = (): LocateState => ({ geocoderFailure: null, unlocated: 0, byPostcode: 0, leftOut: 0 });

/** The location filter of a OffreFilter; 'none' when a commune and a département contradict each other. */
export function locationFilterOf(f: OffreFilter): LocationFilter | null | 'none' {
  if (f.codeCommune) {
    const departement = departementOfCommune(f.codeCommune);
    if (f.codeDepartement && f.codeDepartement !== departement) return 'none';
    return { kind: 'commune', code: f.codeCommune, departement };
  }
  return f.codeDepartement ? { kind: 'departement', code: f.codeDepartement, departement: f.codeDepartement } : null;
}

/** Cheap pre-selection before geocoding: the postcode points into the département (or there is none). */
export function mayBeIn(s: Structure, loc: LocationFilter): boolean {
  return s.codePostal === null || departementsOfPostcode(s.codePostal).includes(loc.departement);
}

/** Geocodes one page in one batch; never throws for a geocoder failure (the state records it). */
export async function locatePage(
  items: readonly Structure[],
  geocoder: GeocoderConnector | undefined,
  state: LocateState,
  ctx?: CallContext,
): Promise<Structure[]> {
  const todo = items.map((s) => ({ s, q: geocodeQueryOf(s) }));
  const asked = todo.filter((t) => t.q !== null);
  if (asked.length === 0) return [...items];
  if (!geocoder || state.geocoderFailure) {
    state.unlocated += asked.length;
    return [...items];
  }
  try {
    const answers = await geocoder.geocode(
      asked.map((t) => t.q!),
      ctx,
    );
    const byItem = new Map(asked.map((t, i) => [t.s, answers[i] ?? null]));
    return todo.map(({ s }) => {
      const g = byItem.get(s);
      return g ? applyGeocode(s, g) : s;
    });
  } catch (err) {
    // Later pages skip the geocoder: a partner that just failed (after its retries) is not retried per page.
    state.geocoderFailure = toConnectorError(geocoder.id, err);
    state.unlocated += asked.length;
    return [...items];
  }
}

/** True when a (geocoded) record lies in the filter's territory; `serverFiltered` trusts the partner's own département filter. */
export function isIn(s: Structure, loc: LocationFilter, serverFiltered: boolean, state: LocateState): boolean {
  if (s.codeInsee)
    return loc.kind === 'commune' ? s.codeInsee === loc.code : departementOfCommune(s.codeInsee) === loc.code;
  if (loc.kind === 'commune') {
    state.leftOut++;
    return false;
  }
  if (serverFiltered) return true;
  const byCp = s.codePostal !== null && departementsOfPostcode(s.codePostal).includes(loc.code);
  if (byCp) state.byPostcode++;
  return byCp;
}

/** The warnings of a finished list call (no partner bodies, URLs or tokens). */
export function warningsOf(state: LocateState, geocoder: GeocoderConnector | undefined): string[] {
  const out: string[] = [];
  if (state.unlocated > 0) {
    const why = !geocoder
      ? 'no geocoder is configured'
      : `geocoder "${state.geocoderFailure?.partner ?? geocoder.id}" failed (${state.geocoderFailure?.kind ?? 'unknown'})`;
    out.push(`${why}: ${state.unlocated} record(s) returned without code_insee or coordinates`);
  }
  if (state.byPostcode > 0)
    out.push(`${state.byPostcode} record(s) matched the département filter by postcode only (address not geocoded)`);
  if (state.leftOut > 0)
    out.push(`${state.leftOut} record(s) left out of the commune filter: their address could not be geocoded`);
  return out;
}
