/**
 * A real-world structure of the sandbox (an "entity"), before any source publishes it: where it
 * is, its SIREN/SIRET, its contacts. Each publishing source then writes its own appearance of it
 * (sandbox/appearances.ts).
 */
import type { GeoPoint } from '../src/domain/index.js';
import { deCommune, identity, kind, type Identity, type KindCode } from './kinds.js';
import type { AddressArea, SandboxCommune } from './places.js';
import type { Rng } from './random.js';
import { OPENING_HOURS, phone, pointNear, siren, siret, slug, streetAddress } from './vocab.js';
import type { SandboxSource } from './world.js';

/** One real-world structure. */
export interface Entity {
  readonly key: string;
  readonly code: KindCode;
  readonly ident: Identity;
  readonly commune: SandboxCommune;
  readonly area: AddressArea;
  readonly siren: string;
  readonly siret: string;
  readonly adresse: string;
  readonly complement: string | null;
  readonly point: GeoPoint;
  readonly telephone: string;
  /** Another number of the same structure (a direct line), used by some producers. */
  readonly altTelephone: string;
  readonly courriel: string | null;
  readonly siteWeb: string | null;
  readonly horaires: string | null;
  readonly description: string;
  /** Publishing sources, primary first. */
  readonly publishers: readonly SandboxSource[];
}

const PUBLIC_KINDS = new Set<KindCode>(['ccas', 'france-services', 'ft-agence', 'organisme-aides']);

function contacts(
  code: KindCode,
  nom: string,
  commune: string,
  dep: string,
  rng: Rng,
): { courriel: string | null; siteWeb: string | null } {
  // La Réunion's towns get their own domains (which also keeps the two "Saint-Denis" apart).
  const town = dep === '974' ? `${slug(commune)}-reunion` : slug(commune);
  const name = slug(nom.replace(/^(Association|Centre social|Épicerie solidaire|Garage solidaire) /, ''));
  switch (code) {
    case 'ccas':
      return { courriel: `ccas@ville-${town}.fr`, siteWeb: `https://www.ville-${town}.fr/ccas` };
    case 'france-services':
      return { courriel: `france-services@ville-${town}.fr`, siteWeb: `https://www.ville-${town}.fr/` };
    case 'mission-locale':
      return { courriel: `contact@ml-${town}.fr`, siteWeb: `https://www.ml-${town}.fr/` };
    case 'ft-agence':
      return { courriel: `ape.${town}@francetravail.fr`, siteWeb: 'https://www.francetravail.fr/' };
    case 'organisme-aides':
      return { courriel: `mobilite@${town}.fr`, siteWeb: `https://www.${town}.fr/` };
    default: {
      const webmail = rng.chance(0.2);
      return {
        courriel: webmail
          ? `${name.replace(/-/g, '.')}@${rng.pick(['orange.fr', 'gmail.com', 'free.fr'])}`
          : `contact@${name}.${rng.pick(['fr', 'org'])}`,
        siteWeb: rng.chance(0.55) ? `https://www.${name}.${rng.pick(['fr', 'org'])}/` : null,
      };
    }
  }
}

const DESCRIPTIONS: Readonly<Record<KindCode, (nom: string, de: string) => string>> = {
  ccas: (_n, de) =>
    `Le centre communal d’action sociale ${de} accueille les habitants pour l’accès aux droits, l’aide sociale légale et facultative, la domiciliation et le soutien aux personnes âgées.`,
  'centre-social': (n) =>
    `${n} est un lieu d’accueil, d’animation et de services ouvert à tous les habitants du quartier : familles, jeunes, seniors.`,
  asso: (n) =>
    `${n} accompagne les personnes en difficulté dans leurs démarches et leur parcours d’insertion, avec une équipe de salariés et de bénévoles.`,
  'france-services': (_n, de) =>
    `L’espace France Services ${de} vous accompagne dans vos démarches administratives du quotidien : CAF, impôts, assurance maladie, retraite, France Travail.`,
  'mission-locale': (_n, de) =>
    `La mission locale ${de} accompagne les jeunes de 16 à 25 ans dans leur insertion sociale et professionnelle : emploi, formation, logement, santé, mobilité.`,
  siae: (n) =>
    `${n} est une structure de l’insertion par l’activité économique qui propose des contrats de travail accompagnés aux personnes éloignées de l’emploi.`,
  epicerie: (n) =>
    `${n} propose des produits alimentaires et d’hygiène à prix réduit et des ateliers autour de l’alimentation et du budget.`,
  'aide-alimentaire': (n) =>
    `${n} : distribution alimentaire, vestiaire et accompagnement des personnes en situation de précarité.`,
  epn: (n) =>
    `${n} : accès libre à des ordinateurs et à Internet, ateliers d’initiation et accompagnement individuel aux usages numériques.`,
  'ft-agence': (n) =>
    `Agence ${n} : inscription, indemnisation et accompagnement des demandeurs d’emploi, services aux entreprises.`,
  creche: (n) => `${n} accueille les enfants de 10 semaines à 4 ans en accueil régulier ou occasionnel.`,
  garage: (n) =>
    `${n} répare et entretient les véhicules des personnes en insertion à tarif solidaire et propose de la location de véhicules.`,
  'organisme-aides': (n) => `${n} : aides à la mobilité pour l’accès à l’emploi et à la formation.`,
};

/** Publishing sources drawn from the kind's probabilities; the most likely one is always kept. */
export function drawPublishers(code: KindCode, reunion: boolean, rng: Rng): SandboxSource[] {
  const spec = kind(code);
  const table = (reunion && spec.publishersReunion) || spec.publishers;
  const out = table.filter(([, p], i) => i === 0 || rng.chance(p)).map(([s]) => s);
  return out;
}

/** Values a hard case pins on a new entity (the rest is drawn as usual). */
export type EntityPins = Partial<Omit<Entity, 'key' | 'code' | 'commune' | 'description'>>;

/** Creates an entity of `code` in `commune`. */
export function createEntity(
  key: string,
  code: KindCode,
  commune: SandboxCommune,
  index: number,
  rng: Rng,
  pins: EntityPins = {},
): Entity {
  const ident = pins.ident ?? identity(code, commune.nom, index, rng);
  const area = rng.pick(commune.areas);
  const sirenCode = pins.siren ?? siren(rng, PUBLIC_KINDS.has(code));
  const dep = commune.codeDepartement;
  const drawn: Entity = {
    key,
    code,
    ident,
    commune,
    area,
    siren: sirenCode,
    siret: siret(sirenCode, rng),
    adresse: streetAddress(rng),
    complement:
      code === 'ccas' && rng.chance(0.3)
        ? 'Hôtel de ville'
        : rng.chance(0.1)
          ? `Bâtiment ${rng.pick(['A', 'B', 'C'])}`
          : null,
    point: pointNear(area.centre, 2, rng),
    telephone: phone(dep, rng),
    altTelephone: phone(dep, rng),
    ...contacts(code, ident.nom, commune.nom, dep, rng),
    horaires: rng.chance(0.85) ? rng.pick(OPENING_HOURS) : null,
    description: DESCRIPTIONS[code](ident.nom, deCommune(commune.nom)),
    publishers: drawPublishers(code, dep === '974', rng),
  };
  return { ...drawn, ...pins };
}
