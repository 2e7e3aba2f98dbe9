/**
 * DORA API v2 payloads, in DORA's own vocabulary (docs/partners/dora.md#payload): data·inclusion schema v0
 * shaped records served by DRF read-only ViewSets. Every key is always present in real answers;
 * the mapping still reads them defensively because a partner can send anything.
 */

/** `GET /api/v2/structures/` item and `GET /api/v2/structures/{id}/` body. */
export interface DoraStructure {
  readonly id: string;
  readonly siret: string | null;
  readonly parent_siret: string | null;
  readonly antenne: boolean;
  readonly rna: null;
  readonly nom: string;
  /** v0 typologie code (`ASSO`, `CCAS`, `ML`, …). */
  readonly typologie: string | null;
  readonly presentation_resume: string | null;
  readonly presentation_detail: string | null;
  readonly site_web: string | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
  readonly adresse: string | null;
  readonly complement_adresse: string | null;
  readonly commune: string | null;
  readonly code_postal: string | null;
  readonly code_insee: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** OSM opening_hours, possibly with a quoted free-text comment. */
  readonly horaires_ouverture: string | null;
  /** Acceslibre URL. */
  readonly accessibilite: string | null;
  /** v0 labels nationaux (`cnaf`, `afpa`, `france-service`, …). */
  readonly labels_nationaux: readonly string[];
  readonly labels_autres: readonly string[];
  /** Always null: DORA carries thématiques on services. */
  readonly thematiques: null;
  readonly source: string | null;
  /** ISO datetime with `Z`. */
  readonly date_maj: string;
  readonly lien_source: string;
}

/** v0 zone de diffusion types. */
export type DoraZoneType = 'commune' | 'epci' | 'departement' | 'region' | 'pays';

/** `GET /api/v2/services/` item and `GET /api/v2/services/{id}/` body. */
export interface DoraService {
  readonly id: string;
  readonly structure_id: string;
  readonly nom: string;
  readonly presentation_resume: string | null;
  readonly presentation_detail: string | null;
  /** v0 typologies de services; 0 or 1 element. */
  readonly types: readonly string[];
  /** v1 thématiques (`*--autre` values already dropped by DORA). */
  readonly thematiques: readonly string[];
  /** v0 frais: `gratuit`, `payant`, `gratuit-sous-conditions`, `adhesion`, `pass-numerique`. */
  readonly frais: string | null;
  readonly frais_autres: string | null;
  /** v1 publics; empty or all publics are exported as `["tous-publics"]`. */
  readonly publics: readonly string[];
  readonly publics_precisions: string | null;
  readonly pre_requis: readonly string[];
  readonly justificatifs: readonly string[];
  readonly cumulable: boolean;
  readonly prise_rdv: string | null;
  readonly formulaire_en_ligne: string | null;
  readonly adresse: string | null;
  readonly complement_adresse: string | null;
  readonly commune: string | null;
  readonly code_postal: string | null;
  readonly code_insee: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly recurrence: string | null;
  readonly date_creation: string | null;
  readonly date_maj: string;
  readonly date_suspension: string | null;
  readonly lien_source: string;
  readonly telephone: string | null;
  readonly courriel: string | null;
  readonly contact_nom_prenom: string | null;
  /** False: the producer asked not to publish the contact. */
  readonly contact_public: boolean;
  readonly modes_accueil: readonly string[];
  readonly zone_diffusion_type: DoraZoneType | null;
  /** INSEE commune / EPCI SIREN / département / région code. */
  readonly zone_diffusion_code: string | null;
  readonly zone_diffusion_nom: string | null;
  readonly modes_orientation_accompagnateur: readonly string[];
  readonly modes_orientation_accompagnateur_autres: string | null;
  readonly modes_orientation_beneficiaire: readonly string[];
  readonly modes_orientation_beneficiaire_autres: string | null;
  readonly temps_passe_duree_hebdomadaire: number | null;
  readonly temps_passe_semaines: number | null;
  readonly source: string | null;
}

/** DRF PageNumberPagination envelope, served when `page_size` is given. */
export interface DoraPage<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: readonly T[];
}
