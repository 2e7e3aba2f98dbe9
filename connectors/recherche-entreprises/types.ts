/**
 * Recherche d'entreprises vocabulary (docs/partners/recherche-entreprises.md#payload). Field names are the
 * API's own; optional ones may be missing from `minimal=true` payloads or older records.
 */

/** État administratif of an établissement: A (actif) or F (fermé). */
export type EtatEtablissement = 'A' | 'F';

/** An établissement (`siege` or an item of `matching_etablissements`). Coordinates are strings. */
export interface EtablissementDto {
  readonly siret: string;
  readonly est_siege?: boolean;
  readonly etat_administratif?: EtatEtablissement | string;
  /** One formatted line: street, postcode and city (`1 BIS PLACE SAINT-SIMILIEN 44000 NANTES`). */
  readonly adresse?: string | null;
  readonly numero_voie?: string | null;
  readonly indice_repetition?: string | null;
  readonly type_voie?: string | null;
  readonly libelle_voie?: string | null;
  readonly complement_adresse?: string | null;
  readonly code_postal?: string | null;
  /** INSEE commune code (arrondissement codes for Paris, Lyon, Marseille). */
  readonly commune?: string | null;
  readonly libelle_commune?: string | null;
  readonly cedex?: string | null;
  readonly libelle_cedex?: string | null;
  readonly departement?: string | null;
  readonly region?: string | null;
  readonly epci?: string | null;
  readonly latitude?: string | null;
  readonly longitude?: string | null;
  readonly activite_principale?: string | null;
  readonly date_creation?: string | null;
  readonly date_debut_activite?: string | null;
  readonly date_fermeture?: string | null;
  readonly liste_enseignes?: readonly string[] | null;
  readonly nom_commercial?: string | null;
  readonly statut_diffusion_etablissement?: string | null;
}

/** A unité légale (one item of `results`). */
export interface UniteLegaleDto {
  readonly siren: string;
  readonly nom_complet: string;
  readonly nom_raison_sociale: string | null;
  readonly sigle?: string | null;
  readonly nombre_etablissements?: number;
  readonly nombre_etablissements_ouverts?: number;
  readonly activite_principale?: string | null;
  readonly categorie_entreprise?: string | null;
  readonly date_creation?: string | null;
  readonly date_fermeture?: string | null;
  readonly date_mise_a_jour?: string | null;
  /** A (active) or C (cessée). */
  readonly etat_administratif?: 'A' | 'C' | string;
  readonly nature_juridique?: string | null;
  readonly section_activite_principale?: string | null;
  readonly statut_diffusion?: string | null;
  readonly dirigeants?: readonly unknown[];
  readonly siege: EtablissementDto;
  readonly matching_etablissements: readonly EtablissementDto[];
  readonly finances?: unknown;
  readonly complements?: Readonly<Record<string, unknown>> | null;
}

/** `GET /search` answer. */
export interface SearchResponseDto {
  readonly results: readonly UniteLegaleDto[];
  readonly total_results: number;
  readonly page: number;
  readonly per_page: number;
  readonly total_pages: number;
}
