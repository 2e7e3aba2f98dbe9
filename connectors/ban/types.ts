/**
 * The Géoplateforme geocoder's own vocabulary (docs/partners/ban.md#payload): GeoCodeJSON FeatureCollections
 * answered by `/geocodage/search` and `/geocodage/reverse` (addok behind, BAN data).
 */

/** BAN result granularity. */
export type BanResultType = 'housenumber' | 'street' | 'locality' | 'municipality';

/** `properties` of one address feature. Optional keys are absent on some result types. */
export interface BanProperties {
  readonly label: string;
  /** Relevance 0..1 (search); reverse answers carry one too. */
  readonly score: number;
  readonly type: BanResultType;
  /** BAN id, e.g. `44109_3095_00012` (housenumber) or `44109_3095` (street). */
  readonly id: string;
  readonly banId?: string | null;
  /** "12 Rue X" for a housenumber, the street name for a street, the commune for a municipality. */
  readonly name: string;
  readonly housenumber?: string;
  readonly street?: string;
  readonly locality?: string;
  readonly postcode?: string;
  /** INSEE code; an arrondissement code (751xx, 6938x, 132xx) in Paris, Lyon and Marseille. */
  readonly citycode: string;
  readonly city: string;
  /** Arrondissement label in Paris, Lyon and Marseille. */
  readonly district?: string;
  readonly oldcitycode?: string | null;
  readonly oldcity?: string | null;
  /** `"44, Loire-Atlantique, Pays de la Loire"`. */
  readonly context: string;
  readonly importance?: number;
  /** Lambert-93 (EPSG:2154). */
  readonly x?: number;
  readonly y?: number;
  /** Metres (reverse, or search with lat/lon). */
  readonly distance?: number;
  readonly population?: number;
  /** Géoplateforme index: `address`, `poi`, `parcel`. */
  readonly _type?: string;
}

/** One GeoJSON feature. */
export interface BanFeature {
  readonly type: 'Feature';
  readonly geometry: { readonly type: 'Point'; readonly coordinates: readonly [number, number] };
  readonly properties: BanProperties;
}

/** The top-level answer of `/search` and `/reverse`. */
export interface BanFeatureCollection {
  readonly type: 'FeatureCollection';
  readonly version?: string;
  readonly features: readonly BanFeature[];
  readonly attribution?: string;
  readonly licence?: string;
  readonly query?: string;
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  readonly center?: readonly [number, number];
  readonly limit?: number;
}

/** Query string of `/search` (the subset the connector sends). */
export interface BanSearchParams {
  readonly q: string;
  readonly limit: number;
  readonly postcode?: string;
  readonly citycode?: string;
  readonly type?: BanResultType;
  readonly autocomplete?: 0 | 1;
}
