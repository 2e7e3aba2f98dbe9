/**
 * geo.api.gouv.fr's own vocabulary (docs/partners/geo-api.md#payload): the JSON records of `/communes`, `/departements`,
 * `/regions` and `/epcis` as `fields=` selects them. Every field but `nom` and `code` is optional
 * because the API returns only the fields asked for.
 */

/** A GeoJSON point, `[longitude, latitude]`. */
export interface GeoJsonPointDto {
  readonly type: 'Point';
  readonly coordinates: readonly [number, number];
}

/** A `/communes` record (communes actuelles and arrondissements municipaux share it). */
export interface GeoCommuneDto {
  readonly nom: string;
  readonly code: string;
  /** `commune-actuelle` (default filter) or `arrondissement-municipal`. */
  readonly type?: string;
  /** For an arrondissement municipal: its commune. */
  readonly codeParent?: string;
  readonly codesPostaux?: readonly string[];
  readonly population?: number;
  readonly centre?: GeoJsonPointDto;
  readonly codeDepartement?: string;
  readonly codeRegion?: string;
  /** SIREN of the commune's EPCI; absent for communes in none. */
  readonly codeEpci?: string;
  readonly siren?: string;
  /** `metro`, `drom` or `com`. */
  readonly zone?: string;
  /** Relevance, only with `nom=`. */
  readonly _score?: number;
}

/** A `/departements` record. */
export interface GeoDepartementDto {
  readonly nom: string;
  readonly code: string;
  readonly codeRegion?: string;
  readonly zone?: string;
}

/** A `/regions` record. */
export interface GeoRegionDto {
  readonly nom: string;
  readonly code: string;
  readonly zone?: string;
}

/** An `/epcis` record. */
export interface GeoEpciDto {
  readonly nom: string;
  readonly code: string;
  readonly codesDepartements?: readonly string[];
  readonly codesRegions?: readonly string[];
  readonly population?: number;
  readonly type?: string;
  readonly financement?: string;
}

/** The `fields=` the client asks for, per resource (the API's defaults lack `centre` and `codeParent`). */
export const FIELDS = Object.freeze({
  commune: 'nom,code,codesPostaux,population,centre,codeDepartement,codeRegion,codeEpci',
  arrondissement: 'nom,code,codeParent,centre',
  departement: 'nom,code,codeRegion',
  region: 'nom,code',
  epci: 'nom,code',
});
