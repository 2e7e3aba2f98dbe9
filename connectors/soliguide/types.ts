/**
 * Soliguide's own vocabulary (docs/partners/soliguide.md#payload): the `POST /new-search` body and answer, and the
 * Place object as the API projects it for API users. Optional keys are the ones the real API omits
 * on some places; the mapping treats every field as untrusted.
 */

/** `location.geoType` values accepted by the search. */
export type SoliguideGeoType =
  'position' | 'ville' | 'codePostal' | 'departement' | 'region' | 'pays' | 'citiesGroup' | 'inconnu';

/** Body of `POST /new-search` (the subset the gateway sends; docs/partners/soliguide.md#endpoints). */
export interface SoliguideSearchBody {
  readonly location: {
    readonly geoType: SoliguideGeoType;
    readonly geoValue?: string;
    readonly coordinates?: readonly [number, number];
    readonly distance?: number;
  };
  /** Several category codes; only API users may send it. */
  readonly categories?: readonly string[];
  readonly options?: {
    /** 1-based. */
    readonly page?: number;
    readonly limit?: number;
    readonly sortBy?: string;
    readonly sortValue?: 1 | -1;
  };
}

/** Answer of `POST /new-search`. */
export interface SoliguideSearchResponse {
  readonly nbResults: number;
  readonly places: readonly SoliguidePlace[];
}

/** A `{checked, precisions}` modality. */
export interface SoliguideCheck {
  readonly checked?: boolean | null;
  readonly precisions?: string | null;
}

/** Access modalities of a place or a service. */
export interface SoliguideModalities {
  readonly inconditionnel?: boolean | null;
  readonly appointment?: SoliguideCheck;
  readonly inscription?: SoliguideCheck;
  readonly orientation?: SoliguideCheck;
  readonly price?: SoliguideCheck;
  readonly animal?: { readonly checked?: boolean | null };
  readonly pmr?: { readonly checked?: boolean | null };
  readonly other?: string | null;
  readonly docs?: readonly unknown[];
}

/** Public-profile dimensions; `familialle` is Soliguide's own spelling. */
export interface SoliguidePublics {
  /** 0 unconditional, 1 preferential, 2 exclusive. */
  readonly accueil?: 0 | 1 | 2 | null;
  readonly description?: string | null;
  readonly administrative?: readonly string[];
  readonly familialle?: readonly string[];
  readonly gender?: readonly string[];
  readonly other?: readonly string[];
  readonly age?: { readonly min?: number | null; readonly max?: number | null };
}

/** One day of `newhours`; times are HHMM integers (830 = 08:30). */
export interface SoliguideDay {
  readonly open: boolean;
  readonly timeslot: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/** Weekly opening hours. */
export interface SoliguideHours {
  readonly monday?: SoliguideDay;
  readonly tuesday?: SoliguideDay;
  readonly wednesday?: SoliguideDay;
  readonly thursday?: SoliguideDay;
  readonly friday?: SoliguideDay;
  readonly saturday?: SoliguideDay;
  readonly sunday?: SoliguideDay;
  readonly closedHolidays?: 'OPEN' | 'CLOSED' | 'UNKNOWN';
  readonly description?: string | null;
}

/** A temporary information block of `tempInfos`. */
export interface SoliguideTempInfo {
  readonly actif?: boolean;
  readonly dateDebut?: string | null;
  readonly dateFin?: string | null;
  readonly description?: string | null;
  readonly name?: string | null;
  readonly hours?: SoliguideHours | null;
}

/** A phone of `entity.phones`. */
export interface SoliguidePhone {
  readonly label?: string | null;
  readonly phoneNumber?: string | null;
  readonly countryCode?: string | null;
  readonly isSpecialPhoneNumber?: boolean;
}

/** One item of `services_all`. */
export interface SoliguideService {
  /** DI has seen nulls since May 2026. */
  readonly serviceObjectId: string | null;
  readonly category: string;
  readonly categorySpecificFields?: Record<string, unknown>;
  readonly description?: string | null;
  readonly hours?: SoliguideHours | null;
  readonly differentHours?: boolean;
  readonly differentModalities?: boolean;
  readonly differentPublics?: boolean;
  readonly modalities?: SoliguideModalities;
  readonly publics?: SoliguidePublics;
  readonly isOpenToday?: boolean;
  readonly close?: { readonly actif?: boolean; readonly dateDebut?: string | null; readonly dateFin?: string | null };
  readonly saturated?: { readonly status?: 'LOW' | 'MODERATE' | 'HIGH' | null; readonly precision?: string | null };
  readonly createdAt?: string;
}

/** `position` of a place (legacy duplicates `adresse, codePostal, ville…` are ignored). */
export interface SoliguidePosition {
  readonly address?: string | null;
  readonly additionalInformation?: string | null;
  readonly city?: string | null;
  /** INSEE code in principle; DI found postcodes in it too. */
  readonly cityCode?: string | null;
  readonly postalCode?: string | null;
  readonly department?: string | null;
  readonly departmentCode?: string | null;
  readonly region?: string | null;
  readonly regionCode?: string | null;
  readonly country?: string | null;
  readonly timeZone?: string | null;
  readonly location?: { readonly type: 'Point'; readonly coordinates: readonly [number, number] } | null;
}

/** A place (lieu) as `/new-search` and `/place/{id}` return it to API users (docs/partners/soliguide.md#payload). */
export interface SoliguidePlace {
  readonly lieu_id: number;
  readonly seo_url: string;
  readonly name: string;
  /** HTML. */
  readonly description?: string | null;
  readonly status?: 'ONLINE' | 'OFFLINE' | 'DRAFT' | 'PERMANENTLY_CLOSED';
  readonly visibility?: 'ALL' | 'PRO';
  readonly country?: string | null;
  readonly createdAt?: string;
  readonly updatedAt: string;
  readonly distance?: number;
  readonly entity?: {
    readonly mail?: string | null;
    readonly website?: string | null;
    readonly facebook?: string | null;
    readonly instagram?: string | null;
    readonly fax?: string | null;
    readonly name?: string | null;
    readonly phones?: readonly SoliguidePhone[];
  };
  readonly position?: SoliguidePosition;
  readonly modalities?: SoliguideModalities;
  readonly publics?: SoliguidePublics;
  readonly newhours?: SoliguideHours | null;
  readonly tempInfos?: {
    readonly closure?: SoliguideTempInfo;
    readonly hours?: SoliguideTempInfo;
    readonly message?: SoliguideTempInfo;
  };
  readonly services_all?: readonly SoliguideService[];
  readonly sources?: ReadonlyArray<{
    readonly name: string;
    readonly ids?: ReadonlyArray<{ readonly id: string; readonly url?: string }>;
    readonly isOrigin?: boolean;
    readonly license?: string;
  }>;
}
