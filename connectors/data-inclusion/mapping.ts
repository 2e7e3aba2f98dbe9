/**
 * data·inclusion v1 DTO → domain. The API already speaks schema v1, so this is a rename to
 * camelCase that keeps `source` as given (`fredo`, `monenfant`…) and reads every field
 * defensively: a wrong-typed optional field becomes null, a wrong-typed required one an empty
 * value that validation then rejects with its reason.
 */
import { toIsoDate, type Service, type Structure } from '../../src/domain/index.js';
import { multiline, text } from '../json-values.js';
import type { DiService, DiStructure } from './types.js';

type Loose<T> = { readonly [K in keyof T]?: unknown };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
/** A list of strings; null when absent or not a list (an empty list stays empty: validation decides). */
const list = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
const date = (v: unknown): string => (typeof v === 'string' ? (toIsoDate(v) ?? v) : '');

/** The address and contact block shared by structures and services. */
function place(d: Loose<DiStructure> | Loose<DiService>) {
  return {
    commune: text(d.commune),
    codePostal: text(d.code_postal),
    codeInsee: text(d.code_insee),
    adresse: text(d.adresse),
    complementAdresse: text(d.complement_adresse),
    longitude: num(d.longitude),
    latitude: num(d.latitude),
    telephone: text(d.telephone),
    courriel: text(d.courriel),
    horairesAccueil: text(d.horaires_accueil),
    adresseCertifiee: bool(d.adresse_certifiee),
  };
}

/** A d·i structure (any of its shapes: listed, detailed, nested) as a domain Structure. */
export function mapDiStructure(d: Loose<DiStructure>): Structure {
  return {
    source: text(d.source) ?? '',
    id: text(d.id) ?? '',
    nom: text(d.nom) ?? '',
    dateMaj: date(d.date_maj),
    description: multiline(d.description),
    lienSource: text(d.lien_source),
    siret: text(d.siret),
    ...place(d),
    siteWeb: text(d.site_web),
    accessibiliteLieu: text(d.accessibilite_lieu),
    reseauxPorteurs: list(d.reseaux_porteurs),
  };
}

/** A d·i service as a domain Service (the d·i quality score kept as `scoreQualite`). */
export function mapDiService(d: Loose<DiService>): Service {
  return {
    source: text(d.source) ?? '',
    structureId: text(d.structure_id) ?? '',
    id: text(d.id) ?? '',
    nom: text(d.nom) ?? '',
    description: multiline(d.description) ?? '',
    lienSource: text(d.lien_source),
    dateMaj: date(d.date_maj),
    type: text(d.type),
    thematiques: list(d.thematiques),
    frais: text(d.frais),
    fraisPrecisions: multiline(d.frais_precisions),
    publics: list(d.publics),
    publicsPrecisions: multiline(d.publics_precisions),
    conditionsAcces: multiline(d.conditions_acces),
    ...place(d),
    contactNomPrenom: text(d.contact_nom_prenom),
    modesAccueil: list(d.modes_accueil),
    zoneEligibilite: list(d.zone_eligibilite),
    lienMobilisation: text(d.lien_mobilisation),
    modesMobilisation: list(d.modes_mobilisation),
    mobilisablePar: list(d.mobilisable_par),
    mobilisationPrecisions: multiline(d.mobilisation_precisions),
    volumeHoraireHebdomadaire: num(d.volume_horaire_hebdomadaire),
    nombreSemaines: num(d.nombre_semaines),
    scoreQualite: num(d.score_qualite),
  };
}
