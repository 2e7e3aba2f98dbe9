/**
 * Vocabulary of published datasets the `file` connector reads (docs/partners/file.md#layouts):
 * a v1 sheet (column names are v1 field names) or the mes-aides "aides" export
 * (French Airtable column labels).
 */

/** How the file is encoded. */
export type FileFormat = 'csv' | 'json';
/** Which columns it has. */
export type FileLayout = 'v1' | 'mes-aides';

/** One row as read: CSV cells are strings, JSON values may be anything. */
export type RawRow = Readonly<Record<string, unknown>>;

/** A row and where it was in the file (1-based; the CSV header is row 1, JSON items count from 1). */
export interface SheetRow {
  readonly row: number;
  readonly cells: RawRow;
}

/** Columns of the France Travail services sheet (docs/partners/file.md#v1-sheet), plus `structure_id` and the address block v1 allows. */
export const V1_SERVICE_COLUMNS = [
  'id',
  'structure_id',
  'date_maj',
  'nom',
  'description',
  'lien_source',
  'type',
  'thematiques',
  'frais',
  'frais_precisions',
  'publics',
  'publics_precisions',
  'conditions_acces',
  'telephone',
  'courriel',
  'contact_nom_prenom',
  'modes_accueil',
  'modes_mobilisation',
  'lien_mobilisation',
  'mobilisation_precisions',
  'mobilisable_par',
  'zone_eligibilite',
  'volume_horaire_hebdomadaire',
  'nombre_semaines',
  'horaires_accueil',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'latitude',
  'longitude',
  '__ignore__',
] as const;

/** v1 Structure columns (a structures sheet beside a services sheet, e.g. action-logement). */
export const V1_STRUCTURE_COLUMNS = [
  'id',
  'nom',
  'date_maj',
  'description',
  'lien_source',
  'siret',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'latitude',
  'longitude',
  'telephone',
  'courriel',
  'site_web',
  'horaires_accueil',
  'accessibilite_lieu',
  'reseaux_porteurs',
  '__ignore__',
] as const;

/** Column labels of the mes-aides `aides.csv` export (docs/partners/file.md#mes-aides-layout). */
export const MES_AIDES_COLUMNS = [
  'ID',
  'Nom',
  'Description',
  'Montant',
  'Bon à savoir',
  'Zone géographique',
  'Villes',
  'EPCI',
  'Départements',
  'Régions',
  'Besoins',
  'Nature',
  "Type d'aide",
  'Méthode',
  'Thématiques',
  'Conditions',
  'Autres Conditions',
  'Justificatifs',
  'Autres Justificatifs',
  'Démarches',
  'Modalité et versement',
  'Formulaire Url',
  'Documentation Url',
  'Règlement Url',
  'Site',
  "Voir l'aide",
  'Contact',
  'Contact Email',
  'Contact Email 2',
  'Contact Email 3',
  'Contact Tel',
  'Contact Tel 2',
  'Contact Tel 3',
  'En ligne',
  'Expiration',
  'Créée le',
  'Modifiée le',
  'Mise à jour le',
  'Organisme',
  'Organisme Financeur',
  'Cumulable',
  'Dossier',
] as const;
export type MesAidesColumn = (typeof MES_AIDES_COLUMNS)[number];
