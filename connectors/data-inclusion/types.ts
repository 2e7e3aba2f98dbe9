/**
 * The data·inclusion API v1 vocabulary (docs/partners/data-inclusion.md#payload): schema v1 records in snake_case
 * plus the API's extensions (`adresse_certifiee`, `score_qualite`, `doublons`), the pagination
 * envelope, search results, sources and FastAPI validation errors.
 */

/** Schema v1 Structure + `adresse_certifiee` (the API's BaseStructure). */
export interface DiStructure {
  source: string;
  id: string;
  nom: string;
  date_maj: string;
  description: string | null;
  lien_source: string | null;
  siret: string | null;
  commune: string | null;
  code_postal: string | null;
  code_insee: string | null;
  adresse: string | null;
  complement_adresse: string | null;
  longitude: number | null;
  latitude: number | null;
  telephone: string | null;
  courriel: string | null;
  site_web: string | null;
  horaires_accueil: string | null;
  accessibilite_lieu: string | null;
  reseaux_porteurs: string[] | null;
  adresse_certifiee: boolean | null;
}

/** A structure as `/structures` lists it: with its (BETA) score and known duplicates. */
export interface DiListedStructure extends DiStructure {
  score_qualite: number;
  doublons: Array<{ source: string; id: string }>;
}

/** `/structures/{id}`: the structure, its duplicates in full and its services. */
export interface DiDetailedStructure extends DiStructure {
  score_qualite: number;
  doublons: DiStructure[];
  services: DiService[];
}

/** Schema v1 Service + `adresse_certifiee` and `score_qualite`. */
export interface DiService {
  source: string;
  structure_id: string;
  id: string;
  nom: string;
  description: string;
  lien_source: string | null;
  date_maj: string;
  type: string | null;
  thematiques: string[] | null;
  frais: string | null;
  frais_precisions: string | null;
  publics: string[] | null;
  publics_precisions: string | null;
  conditions_acces: string | null;
  commune: string | null;
  code_postal: string | null;
  code_insee: string | null;
  adresse: string | null;
  complement_adresse: string | null;
  longitude: number | null;
  latitude: number | null;
  telephone: string | null;
  courriel: string | null;
  contact_nom_prenom: string | null;
  modes_accueil: string[] | null;
  zone_eligibilite: string[] | null;
  lien_mobilisation: string | null;
  modes_mobilisation: string[] | null;
  mobilisable_par: string[] | null;
  mobilisation_precisions: string | null;
  volume_horaire_hebdomadaire: number | null;
  nombre_semaines: number | null;
  horaires_accueil: string | null;
  adresse_certifiee: boolean | null;
  score_qualite: number;
}

/** `/services/{id}`: the service with its structure. */
export interface DiDetailedService extends DiService {
  structure: DiStructure;
}

/** One `/search/services` item; `distance` in km (rounded), null when remote or not computed. */
export interface DiServiceSearchResult {
  service: DiDetailedService;
  distance: number | null;
}

/** The pagination envelope; `size` is the number of items in this page, not the size asked for. */
export interface DiPage<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

/** One entry of `/sources`. */
export interface DiSource {
  slug: string;
  nom: string;
  description: string;
}

/** One FastAPI / pydantic v2 validation error. */
export interface DiValidationItem {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}
