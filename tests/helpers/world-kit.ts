/**
 * Builders for hand-made sandbox worlds: a structure or service of any source with schema-valid
 * defaults (located in Lyon), overridden field by field, and points at an exact distance.
 */
import { pointAtKm, type GeoPoint } from '../../src/domain/index.js';
import type { SandboxService, SandboxSource, SandboxStructure } from '../../sandbox/world.js';

/** Lyon's centre as the embedded COG knows it (data/commune-centres: the default origin of a search for 69123). */
export const LYON: GeoPoint = { latitude: 45.75485, longitude: 4.83638 };

/** The centre of Lyon 1er Arrondissement (69381), where a search for 69381 starts. */
export const LYON_1ER: GeoPoint = { latitude: 45.77005, longitude: 4.82836 };

/** A point `km` due east of `from` (along the WGS84 geodesic, as distanceKm measures). */
export function eastOf(from: GeoPoint, km: number): GeoPoint {
  return pointAtKm(from, 90, km);
}

/** A structure record; defaults: an association in Lyon 3e. */
export function structure(
  source: SandboxSource,
  localId: string,
  over: Partial<SandboxStructure> = {},
): SandboxStructure {
  return {
    source,
    localId,
    entityKey: `e-${source}-${localId}`,
    typologie: 'ASSO',
    reseauxPorteurs: [],
    nom: `Association ${localId}`,
    siret: null,
    adresse: '12 rue Paul Bert',
    complementAdresse: null,
    codePostal: '69003',
    codeInsee: '69123',
    commune: 'Lyon',
    latitude: LYON.latitude,
    longitude: LYON.longitude,
    telephone: null,
    courriel: null,
    siteWeb: null,
    description: 'Accueil, information et accompagnement des habitants du quartier.',
    dateMaj: '2025-06-02',
    horairesAccueil: null,
    ...over,
  };
}

/** A service record of `structureLocalId` (same source); defaults: on site at its given point, everyone, free, zone null. */
export function service(
  source: SandboxSource,
  localId: string,
  structureLocalId: string,
  at: GeoPoint | null,
  over: Partial<SandboxService> = {},
): SandboxService {
  return {
    source,
    localId,
    structureLocalId,
    nom: `Service ${localId}`,
    description: 'Un service d’accompagnement proposé sur place, sans rendez-vous, aux habitants qui en ont besoin.',
    dateMaj: '2025-06-02',
    type: 'accompagnement',
    thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
    publics: ['tous-publics'],
    publicsPrecisions: null,
    frais: 'gratuit',
    fraisPrecisions: null,
    modesAccueil: ['en-presentiel'],
    zone: null,
    modesMobilisation: ['telephoner', 'se-presenter'],
    mobilisablePar: ['usagers', 'professionnels'],
    lienMobilisation: null,
    conditionsAcces: null,
    telephone: '+33478000000',
    courriel: null,
    contactNomPrenom: null,
    contactPublic: true,
    adresse: at ? '12 rue Paul Bert' : null,
    codePostal: at ? '69003' : null,
    codeInsee: at ? '69123' : null,
    commune: at ? 'Lyon' : null,
    latitude: at?.latitude ?? null,
    longitude: at?.longitude ?? null,
    horairesAccueil: null,
    volumeHoraireHebdomadaire: null,
    nombreSemaines: null,
    ...over,
  };
}
