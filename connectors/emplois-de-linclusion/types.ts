/**
 * Les emplois de l'inclusion's own vocabulary (docs/partners/emplois-de-linclusion.md#payload): the restricted
 * `/api/v1/data-inclusion/?type=siae|orga` records and the open `/api/v1/siaes/` search.
 */

/** Which list of `/data-inclusion/` to read. */
export type EmploisType = 'siae' | 'orga';

/** SIAE kinds (employers of the IAE sector). */
export const SIAE_KINDS = ['ACI', 'AI', 'EA', 'EATT', 'EI', 'EITI', 'ETTI', 'GEIQ', 'OPCS'] as const;
/** Prescriber organisation kinds. */
export const ORGA_KINDS = [
  'AFPA',
  'ASE',
  'Orienteur',
  'CAARUD',
  'CADA',
  'CAF',
  'CAP_EMPLOI',
  'CAVA',
  'CCAS',
  'CHRS',
  'CHU',
  'CIDFF',
  'CPH',
  'CSAPA',
  'E2C',
  'EPIDE',
  'FT',
  'HUDA',
  'ML',
  'MSA',
  'OACAS',
  'OIL',
  'ODC',
  'OHPD',
  'OCASF',
  'PENSION',
  'PIJ_BIJ',
  'PJJ',
  'PLIE',
  'RS_FJT',
  'PREVENTION',
  'DEPT',
  'SPIP',
  'Autre',
] as const;

/** DRF PageNumberPagination envelope. */
export interface DrfPage<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: readonly T[];
}

/** One `/data-inclusion/` record (same fields for both types). Strings may be "". */
export interface EmploisStructure {
  /** UUID. */
  readonly id: string;
  /** SIAE or prescriber kind. */
  readonly kind: string;
  readonly nom: string;
  /** Null, or `"00000000000000"` for some prescribers. */
  readonly siret: string | null;
  readonly description: string;
  readonly site_web: string;
  readonly telephone: string;
  readonly courriel: string;
  readonly code_postal: string;
  readonly commune: string;
  readonly adresse: string;
  readonly complement_adresse: string;
  /** `0` means unknown. */
  readonly longitude: number | null;
  readonly latitude: number | null;
  /** ISO datetime in Europe/Paris, e.g. `2025-03-04T10:21:33.123456+01:00`. */
  readonly date_maj: string;
  /** Absolute URL of the public card. */
  readonly lien_source: string | null;
}

/** One job of an open-search SIAE. */
export interface EmploisPoste {
  readonly id: number;
  readonly rome: string;
  readonly cree_le: string;
  readonly mis_a_jour_le: string;
  /** The string "True"/"False". */
  readonly recrutement_ouvert: string;
  readonly description: string;
  readonly appellation_modifiee: string;
  readonly type_contrat: string;
  readonly nombre_postes_ouverts: number;
  readonly lieu: {
    readonly nom: string;
    readonly departement: string;
    readonly code_postaux: readonly string[];
    readonly code_insee: string;
  } | null;
  readonly profil_recherche: string;
}

/** One `/siaes/` record. Note the partner's spelling `addresse_ligne_*`. */
export interface EmploisSiae {
  readonly id: string;
  readonly cree_le: string;
  readonly mis_a_jour_le: string;
  readonly siret: string;
  readonly type: string;
  readonly raison_sociale: string;
  readonly enseigne: string;
  readonly telephone: string;
  readonly courriel: string;
  readonly site_web: string;
  readonly description: string;
  readonly bloque_candidatures: boolean;
  readonly addresse_ligne_1: string;
  readonly addresse_ligne_2: string;
  readonly code_postal: string;
  readonly ville: string;
  readonly departement: string;
  readonly postes: readonly EmploisPoste[];
}
