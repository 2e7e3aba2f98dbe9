/** Territories of the Code Officiel Géographique (INSEE), as the gateway models them. */
import { geodesicKm } from './geodesy.js';

/** A WGS84 point. */
export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
}

export interface Region {
  readonly code: string;
  readonly nom: string;
}

export interface Departement {
  readonly code: string;
  readonly nom: string;
  readonly codeRegion: string;
}

export interface Epci {
  /** SIREN of the EPCI (9 digits). */
  readonly code: string;
  readonly nom: string;
}

/**
 * A part of a commune that has its own INSEE code: an arrondissement municipal (Paris, Lyon,
 * Marseille) or a former commune kept inside a commune nouvelle (commune déléguée or associée).
 */
export interface CommunePart {
  readonly code: string;
  readonly nom: string;
  /** Its own centre when known; null or absent: the commune's centre stands for it. */
  readonly centre?: GeoPoint | null;
}

/** A commune déléguée or associée, and which of the two it is. */
export interface CommuneDeleguee extends CommunePart {
  readonly type: 'commune-deleguee' | 'commune-associee';
}

export interface Commune {
  readonly code: string;
  readonly nom: string;
  readonly codesPostaux: readonly string[];
  readonly population: number | null;
  readonly centre: GeoPoint | null;
  readonly codeDepartement: string;
  readonly codeRegion: string;
  readonly codeEpci: string | null;
  /** Set when the commune was asked for by one of its arrondissements municipaux (Paris, Lyon, Marseille). */
  readonly arrondissement?: CommunePart | null;
  /** Set when the commune (a commune nouvelle) was asked for by one of its communes déléguées or associées. */
  readonly communeDeleguee?: CommuneDeleguee | null;
}

/** The part the commune was asked for by (arrondissement, commune déléguée or associée), if any. */
export function askedPart(c: Commune): CommunePart | null {
  return c.arrondissement ?? c.communeDeleguee ?? null;
}

/** The code the commune was asked for by: its part's code, else its own. */
export const askedCode = (c: Commune): string => askedPart(c)?.code ?? c.code;

/** Where a search from this commune starts: the centre of the part asked for when known, else the commune's. */
export const centreOf = (c: Commune): GeoPoint | null => askedPart(c)?.centre ?? c.centre;

/**
 * Collectivités d'outre-mer (Saint-Pierre-et-Miquelon 975, Saint-Barthélemy 977, Saint-Martin 978,
 * TAAF 984, Wallis-et-Futuna 986, Polynésie française 987, Nouvelle-Calédonie 988, Clipperton 989):
 * they have INSEE codes but are outside the data·inclusion schema's territories.
 */
export function isCollectiviteOutreMer(code: string): boolean {
  return /^9(7[578]|8\d)/.test(code);
}

/** Format checks for COG codes (docs/data-inclusion.md#field-formats and #territories). */
export const CODE_FORMATS = Object.freeze({
  commune: {
    re: /^(\d{5}|2[AB]\d{3})$/,
    expected: '5 characters, digits or 2A/2B followed by 3 digits (e.g. "59350", "2A004")',
  },
  departement: { re: /^(\d{2}|2[AB]|97[1-6])$/, expected: '2 or 3 characters: "01"–"95", "2A", "2B" or "971"–"976"' },
  region: { re: /^\d{2}$/, expected: '2 digits (e.g. "32")' },
  epci: { re: /^\d{9}$/, expected: 'a 9-digit SIREN (e.g. "200093201")' },
  codePostal: { re: /^\d{5}$/, expected: '5 digits (e.g. "59000")' },
});

/** Arrondissements municipaux of Paris, Lyon and Marseille fold into their commune. */
export function communeOfArrondissement(code: string): string | null {
  const n = Number(code);
  if (n >= 75101 && n <= 75120) return '75056';
  if (n >= 69381 && n <= 69389) return '69123';
  if (n >= 13201 && n <= 13216) return '13055';
  return null;
}

/** Distance in km on the WGS84 ellipsoid, as data·inclusion's search measures it. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  return geodesicKm(a, b);
}
