/**
 * The sandbox records as schema v1 domain records (what data·inclusion publishes for them once its
 * pipeline ran): ids prefixed, zone rendered to `zone_eligibilite` (régions expanded to their
 * départements, pays → `["france"]`), DORA contacts masked when `contact_public` is false, the
 * producer's page as `lienSource`.
 */
import { sourceId, type ContactField, type Service, type Structure } from '../src/domain/index.js';
import type { Cog } from './cog.js';
import type { SandboxService, SandboxSource, SandboxStructure, SandboxZone } from './world.js';

const SIAE_TYPOLOGIES = new Set(['ACI', 'EI', 'ETTI', 'AI', 'EA']);

/** The producer's public page of a record, as d·i's `lien_source` gives it. */
export function lienSource(
  source: SandboxSource,
  what: 'structure' | 'service',
  localId: string,
  typologie = '',
): string | null {
  switch (source) {
    case 'dora':
      return `https://dora.inclusion.beta.gouv.fr/${what}s/${localId}`;
    case 'emplois-de-linclusion':
      return `https://emplois.inclusion.beta.gouv.fr/${SIAE_TYPOLOGIES.has(typologie) ? 'company' : 'prescribers'}/${localId}/card`;
    case 'soliguide':
      return what === 'structure' ? `https://soliguide.fr/fr/fiche/${localId}` : null;
    case 'mediation-numerique':
      return `https://cartographie.societenumerique.gouv.fr/cartographie/${localId}/details`;
    case 'mes-aides':
      return `https://mes-aides.francetravail.fr/aides/${localId}`;
    case 'fredo':
      return what === 'structure' ? `https://www.fredo.re/structures/${localId}` : null;
    case 'monenfant':
      return `https://monenfant.fr/que-recherchez-vous/mode-de-garde/EAJE/${localId}`;
    case 'france-travail':
      return null;
  }
}

/** `zone_eligibilite` of a zone: région → its départements; pays → `["france"]`; null stays null. */
export function zoneEligibilite(zone: SandboxZone, cog: Pick<Cog, 'departementsOfRegion'>): string[] | null {
  if (zone === null) return null;
  if (zone.type === 'pays') return ['france'];
  if (zone.type === 'region') return [...cog.departementsOfRegion(zone.code)];
  return [zone.code];
}

/** A sandbox structure as a v1 Structure. */
export function toV1Structure(s: SandboxStructure): Structure {
  return {
    source: s.source,
    id: sourceId(s.source, s.localId),
    nom: s.nom,
    dateMaj: s.dateMaj,
    description: s.description,
    lienSource: lienSource(s.source, 'structure', s.localId, s.typologie),
    siret: s.siret,
    commune: s.commune,
    codePostal: s.codePostal,
    codeInsee: s.codeInsee,
    adresse: s.adresse,
    complementAdresse: s.complementAdresse,
    longitude: s.longitude,
    latitude: s.latitude,
    telephone: s.telephone,
    courriel: s.courriel,
    siteWeb: s.siteWeb,
    horairesAccueil: s.horairesAccueil,
    accessibiliteLieu: null,
    reseauxPorteurs: s.reseauxPorteurs.length > 0 ? [...s.reseauxPorteurs] : null,
  };
}

const MASKED: readonly ContactField[] = ['courriel', 'telephone', 'contactNomPrenom'];

/** A sandbox service as a v1 Service (contacts nulled and listed in `maskedContacts` when not public). */
export function toV1Service(s: SandboxService, cog: Pick<Cog, 'departementsOfRegion'>): Service {
  const pub = s.contactPublic;
  return {
    source: s.source,
    structureId: sourceId(s.source, s.structureLocalId),
    id: sourceId(s.source, s.localId),
    nom: s.nom,
    description: s.description,
    lienSource: lienSource(s.source, 'service', s.localId),
    dateMaj: s.dateMaj,
    type: s.type,
    thematiques: [...s.thematiques],
    frais: s.frais,
    fraisPrecisions: s.fraisPrecisions,
    publics: s.publics ? [...s.publics] : null,
    publicsPrecisions: s.publicsPrecisions,
    conditionsAcces: s.conditionsAcces,
    commune: s.commune,
    codePostal: s.codePostal,
    codeInsee: s.codeInsee,
    adresse: s.adresse,
    complementAdresse: null,
    longitude: s.longitude,
    latitude: s.latitude,
    telephone: pub ? s.telephone : null,
    courriel: pub ? s.courriel : null,
    contactNomPrenom: pub ? s.contactNomPrenom : null,
    modesAccueil: [...s.modesAccueil],
    zoneEligibilite: zoneEligibilite(s.zone, cog),
    lienMobilisation: s.lienMobilisation,
    modesMobilisation: s.modesMobilisation ? [...s.modesMobilisation] : null,
    mobilisablePar: s.mobilisablePar ? [...s.mobilisablePar] : null,
    mobilisationPrecisions: null,
    volumeHoraireHebdomadaire: s.volumeHoraireHebdomadaire,
    nombreSemaines: s.nombreSemaines,
    horairesAccueil: s.horairesAccueil,
    ...(pub ? {} : { maskedContacts: MASKED }),
  };
}
