/**
 * The unified model of the offre d'insertion: data·inclusion schema v1.0.8 Structure and Service,
 * with camelCase names (`code_insee` → `codeInsee`). Nomenclature fields hold the exact schema
 * value strings (`famille--garde-denfants`). Dates are `YYYY-MM-DD` strings.
 */

/** Contact fields that a source may mask for RGPD reasons; a masked field is never filled from another source. */
export type ContactField = 'courriel' | 'telephone' | 'contactNomPrenom';

/** A structure (schema v1 `Structure`) as one source publishes it. */
export interface Structure {
  readonly source: string;
  readonly id: string;
  readonly nom: string;
  readonly dateMaj: string;
  readonly description: string | null;
  readonly lienSource: string | null;
  readonly siret: string | null;
  readonly commune: string | null;
  readonly codePostal: string | null;
  readonly codeInsee: string | null;
  readonly adresse: string | null;
  readonly complementAdresse: string | null;
  readonly longitude: number | null;
  readonly latitude: number | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
  readonly siteWeb: string | null;
  readonly horairesAccueil: string | null;
  readonly accessibiliteLieu: string | null;
  readonly reseauxPorteurs: readonly string[] | null;
  /** d·i extension: true when the address comes from BAN geocoding rather than the producer. */
  readonly adresseCertifiee?: boolean | null;
  /** Contact fields the source itself nulled (RGPD); never re-filled by merging. */
  readonly maskedContacts?: readonly ContactField[];
}

/** A service (schema v1 `Service`) as one source publishes it. */
export interface Service {
  readonly source: string;
  readonly structureId: string;
  readonly id: string;
  readonly nom: string;
  readonly description: string;
  readonly lienSource: string | null;
  readonly dateMaj: string;
  readonly type: string | null;
  readonly thematiques: readonly string[] | null;
  readonly frais: string | null;
  readonly fraisPrecisions: string | null;
  readonly publics: readonly string[] | null;
  readonly publicsPrecisions: string | null;
  readonly conditionsAcces: string | null;
  readonly commune: string | null;
  readonly codePostal: string | null;
  readonly codeInsee: string | null;
  readonly adresse: string | null;
  readonly complementAdresse: string | null;
  readonly longitude: number | null;
  readonly latitude: number | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
  readonly contactNomPrenom: string | null;
  readonly modesAccueil: readonly string[] | null;
  readonly zoneEligibilite: readonly string[] | null;
  readonly lienMobilisation: string | null;
  readonly modesMobilisation: readonly string[] | null;
  readonly mobilisablePar: readonly string[] | null;
  readonly mobilisationPrecisions: string | null;
  readonly volumeHoraireHebdomadaire: number | null;
  readonly nombreSemaines: number | null;
  readonly horairesAccueil: string | null;
  /** d·i extension: true when the address comes from BAN geocoding rather than the producer. */
  readonly adresseCertifiee?: boolean | null;
  /** d·i extension: quality score 0–1 as data·inclusion published it (kept); the gateway computes the others'. */
  readonly scoreQualite?: number | null;
  /** Contact fields the source itself nulled (RGPD); never re-filled by merging. */
  readonly maskedContacts?: readonly ContactField[];
}

/** The `<source>--<producer id>` form every v1 id takes. */
export function sourceId(source: string, localId: string | number): string {
  return `${source}--${localId}`;
}

/** Splits a v1 id into its source slug and producer id, or null when it has no `--`. */
export function parseSourceId(id: string): { source: string; localId: string } | null {
  const at = id.indexOf('--');
  if (at <= 0 || at + 2 >= id.length) return null;
  return { source: id.slice(0, at), localId: id.slice(at + 2) };
}

/** Every Structure field set to null, to spread under a partial mapping result. */
export const EMPTY_STRUCTURE: Omit<Structure, 'source' | 'id' | 'nom' | 'dateMaj'> = Object.freeze({
  description: null,
  lienSource: null,
  siret: null,
  commune: null,
  codePostal: null,
  codeInsee: null,
  adresse: null,
  complementAdresse: null,
  longitude: null,
  latitude: null,
  telephone: null,
  courriel: null,
  siteWeb: null,
  horairesAccueil: null,
  accessibiliteLieu: null,
  reseauxPorteurs: null,
});

/** Every optional Service field set to null, to spread under a partial mapping result. */
export const EMPTY_SERVICE: Omit<Service, 'source' | 'id' | 'structureId' | 'nom' | 'description' | 'dateMaj'> =
  Object.freeze({
    lienSource: null,
    type: null,
    thematiques: null,
    frais: null,
    fraisPrecisions: null,
    publics: null,
    publicsPrecisions: null,
    conditionsAcces: null,
    commune: null,
    codePostal: null,
    codeInsee: null,
    adresse: null,
    complementAdresse: null,
    longitude: null,
    latitude: null,
    telephone: null,
    courriel: null,
    contactNomPrenom: null,
    modesAccueil: null,
    zoneEligibilite: null,
    lienMobilisation: null,
    modesMobilisation: null,
    mobilisablePar: null,
    mobilisationPrecisions: null,
    volumeHoraireHebdomadaire: null,
    nombreSemaines: null,
    horairesAccueil: null,
  });
