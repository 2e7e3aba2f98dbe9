/**
 * Rows of the ANCT cartographie nationale PostgREST view `api.carto` (docs/partners/mediation-numerique.md#payload): lieux de médiation numérique in the LaMednum standard's vocabulary.
 */

/** The `adresse` object of a lieu. */
export interface CartoAdresse {
  readonly numero_voie: string | null;
  readonly repetition: string | null;
  readonly nom_voie: string | null;
  readonly code_postal: string | null;
  readonly commune: string | null;
  readonly code_insee: string | null;
}

/** A médiateur numérique of a lieu (personal data). */
export interface CartoMediateur {
  readonly prenom: string | null;
  readonly nom: string | null;
  readonly label: readonly string[];
  readonly email: string | null;
  readonly telephone: string | null;
}

/** One lieu de médiation numérique. Enumerations hold the standard's French labels (`Se présenter`, `Payant`, …). */
export interface CartoRow {
  /** Cartographie nationale id. */
  readonly id: string;
  /** SIRET or RNA; currently always `00000000000000`. */
  readonly pivot: string | null;
  readonly nom: string;
  readonly adresse: CartoAdresse | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly typologie: readonly string[] | null;
  readonly telephone: string | null;
  /** A `|`-joined string in the current view (the pipeline reads it as an array; both are accepted). */
  readonly courriels: string | readonly string[] | null;
  readonly site_web: string | null;
  /** OSM opening_hours. */
  readonly horaires: string | null;
  readonly presentation_resume: string | null;
  readonly presentation_detail: string | null;
  /** Producer that published the lieu to the cartographie (`dora`, `soliguide`, a regional hub, …). */
  readonly source: string | null;
  readonly itinerance: readonly string[] | null;
  /** Date (`YYYY-MM-DD`) or timestamp. */
  readonly date_maj: string;
  /** Services offered (9 labels, e.g. `Aide aux démarches administratives`). */
  readonly services: readonly string[] | null;
  readonly publics_specifiquement_adresses: readonly string[] | null;
  readonly prise_en_charge_specifique: readonly string[] | null;
  /** `Gratuit`, `Gratuit sous condition`, `Payant`. */
  readonly frais_a_charge: readonly string[] | null;
  readonly dispositif_programmes_nationaux: readonly string[] | null;
  readonly formations_labels: readonly string[] | null;
  readonly autres_formations_labels: readonly string[] | null;
  /** `Contacter par mail`, `Prendre un RDV en ligne`, `Se présenter`, `Téléphoner`, … */
  readonly modalites_acces: readonly string[] | null;
  /** `Accompagnement individuel`, `À distance`, `Dans un atelier collectif`, `En autonomie`. */
  readonly modalites_accompagnement: readonly string[] | null;
  readonly prise_rdv: string | null;
  readonly mediateurs: readonly CartoMediateur[] | null;
}
