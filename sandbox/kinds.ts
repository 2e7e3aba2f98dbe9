/**
 * Kinds of real-world structures in the sandbox: their v0 typologie, réseaux porteurs, how each
 * producer names them, and which sources publish them (with what probability). Source coverage
 * follows docs/data-inclusion.md#mapping-rules: les emplois = SIAE and prescriber orgas; Soliguide = emergency and
 * solidarity places; médiation numérique = digital places; France Travail = agencies; mes-aides =
 * mobility aids and garages; monenfant = crèches; fredo = La Réunion.
 */
import type { SandboxSource } from './world.js';
import type { Rng } from './random.js';

export type KindCode =
  | 'ccas'
  | 'centre-social'
  | 'asso'
  | 'france-services'
  | 'mission-locale'
  | 'siae'
  | 'epicerie'
  | 'aide-alimentaire'
  | 'epn'
  | 'ft-agence'
  | 'creche'
  | 'garage'
  | 'organisme-aides';

/** One kind of structure. */
export interface KindSpec {
  readonly code: KindCode;
  /** Relative frequency among new entities. */
  readonly weight: number;
  /** Most entities of this kind in one commune of this population (undefined = no limit). */
  readonly perCommune?: (population: number) => number;
  /** Publishing probability per source outside La Réunion, and in La Réunion (fredo's territory). */
  readonly publishers: ReadonlyArray<readonly [SandboxSource, number]>;
  readonly publishersReunion?: ReadonlyArray<readonly [SandboxSource, number]>;
}

/** The kinds, by code. */
export const KINDS: readonly KindSpec[] = [
  {
    code: 'ccas',
    weight: 6,
    perCommune: () => 1,
    publishers: [
      ['dora', 0.85],
      ['emplois-de-linclusion', 0.5],
      ['soliguide', 0.45],
      ['mediation-numerique', 0.12],
    ],
    publishersReunion: [
      ['fredo', 0.9],
      ['dora', 0.5],
    ],
  },
  {
    code: 'centre-social',
    weight: 7,
    perCommune: (p) => 1 + Math.floor(p / 40_000),
    publishers: [
      ['dora', 0.9],
      ['soliguide', 0.25],
      ['mediation-numerique', 0.25],
    ],
    publishersReunion: [
      ['fredo', 0.8],
      ['dora', 0.4],
    ],
  },
  {
    code: 'asso',
    weight: 22,
    publishers: [
      ['dora', 0.85],
      ['soliguide', 0.35],
    ],
    publishersReunion: [
      ['fredo', 0.85],
      ['dora', 0.35],
    ],
  },
  {
    code: 'france-services',
    weight: 4,
    perCommune: () => 1,
    publishers: [
      ['dora', 0.8],
      ['mediation-numerique', 0.6],
    ],
    publishersReunion: [
      ['dora', 0.8],
      ['fredo', 0.4],
    ],
  },
  {
    code: 'mission-locale',
    weight: 3,
    perCommune: (p) => (p >= 15_000 ? 1 : 0),
    publishers: [
      ['dora', 0.8],
      ['emplois-de-linclusion', 0.8],
    ],
    publishersReunion: [
      ['dora', 0.8],
      ['emplois-de-linclusion', 0.6],
      ['fredo', 0.5],
    ],
  },
  {
    code: 'siae',
    weight: 14,
    publishers: [
      ['emplois-de-linclusion', 1],
      ['dora', 0.4],
    ],
  },
  {
    code: 'epicerie',
    weight: 5,
    publishers: [
      ['soliguide', 0.85],
      ['dora', 0.55],
    ],
    publishersReunion: [
      ['fredo', 0.8],
      ['dora', 0.4],
    ],
  },
  {
    code: 'aide-alimentaire',
    weight: 5,
    perCommune: (p) => (p >= 5_000 ? 3 : 1),
    publishers: [
      ['soliguide', 0.9],
      ['dora', 0.5],
    ],
    publishersReunion: [
      ['fredo', 0.7],
      ['dora', 0.5],
    ],
  },
  {
    code: 'epn',
    weight: 11,
    publishers: [
      ['mediation-numerique', 1],
      ['dora', 0.2],
    ],
  },
  {
    code: 'ft-agence',
    weight: 3,
    perCommune: (p) => (p >= 20_000 ? 1 + Math.floor(p / 150_000) : 0),
    publishers: [
      ['france-travail', 1],
      ['emplois-de-linclusion', 0.5],
      ['dora', 0.25],
    ],
  },
  { code: 'creche', weight: 9, publishers: [['monenfant', 1]] },
  {
    code: 'garage',
    weight: 2,
    publishers: [
      ['mes-aides', 1],
      ['dora', 0.35],
    ],
  },
  // Collectivities and platforms that fund mobility aids sit in towns of some size.
  {
    code: 'organisme-aides',
    weight: 2,
    perCommune: (p) => (p >= 20_000 ? 1 : 0),
    publishers: [
      ['mes-aides', 1],
      ['dora', 0.2],
    ],
  },
];

/** The kind spec of a code. */
export function kind(code: KindCode): KindSpec {
  return KINDS.find((k) => k.code === code)!;
}

const CORES = [
  'Le Relais',
  'L’Escale',
  'Le Tremplin',
  'Passerelle',
  'La Clé',
  'Horizon',
  'Rebond',
  'L’Oasis',
  'Le Phare',
  'Cap Avenir',
  'Entraide',
  'Solidarité',
  'Les Amis du Quartier',
  'Trait d’Union',
  'La Boussole',
  'Le Fil d’Ariane',
  'Ensemble',
  'L’Étape',
  'La Main Tendue',
  'Le Pont',
  'Envol',
  'Alliance',
  'L’Accueil',
  'Renouveau',
  'Les Jardins de Cocagne',
  'Atout',
  'Initiatives',
  'Le Lien',
  'Aurore',
  'Le Colibri',
] as const;
const QUALIFIERS = [
  'Emploi',
  'Insertion',
  'Solidaire',
  'Services',
  'Familles',
  'Jeunesse',
  'Partage',
  'Avenir',
  'Nord',
  'Sud',
  'Cité',
  'Plus',
] as const;
const PLACE_NAMES = [
  'Jean Jaurès',
  'du Fort',
  'La Mosaïque',
  'Marcel Pagnol',
  'Boris Vian',
  'Nelson Mandela',
  'L’Arbre de Vie',
  'Les Hauts Champs',
  'La Fraternité',
  'Pablo Picasso',
  'Les Trois Ponts',
  'Saint-Exupéry',
  'Louise Michel',
  'Victor Hugo',
  'Les Tilleuls',
  'Le Carré',
  'Rosa Parks',
  'Jacques Prévert',
] as const;
/** Themes of generic associations; each selects its DORA services. */
export const ASSO_THEMES = [
  'emploi',
  'femmes',
  'logement',
  'jeunes',
  'budget',
  'fle',
  'mobilite',
  'sante',
  'exiles',
] as const;
const THEME_RESEAU: Readonly<Record<string, string>> = {
  femmes: 'cidff',
  budget: 'cresus',
  mobilite: 'wimoov',
  exiles: 'singa',
};
const SIAE_KINDS = ['ACI', 'ACI', 'EI', 'ETTI', 'AI', 'EA'] as const;
const QUARTIERS = [
  'Centre',
  'Nord',
  'Sud',
  'Gare',
  'Les Prés',
  'Hôtel de Ville',
  'Bourg',
  'Est',
  'Ouest',
  'République',
] as const;

/** "de Lille", "d’Arles", "du Port" (Le Port), "des Lilas". */
export function deCommune(nom: string): string {
  if (/^[AEIOUYÉÈÂÎ]/i.test(nom)) return `d’${nom}`;
  if (nom.startsWith('Le ')) return `du ${nom.slice(3)}`;
  if (nom.startsWith('Les ')) return `des ${nom.slice(4)}`;
  return `de ${nom}`;
}

/** What a new entity of a kind is called, its typologie and réseaux, and its sub-kind (theme, SIAE kind, network). */
export interface Identity {
  readonly nom: string;
  readonly typologie: string;
  readonly reseaux: readonly string[];
  readonly sub: string;
}

const FOOD_NETWORKS = [
  ['restos-du-coeur', (x: string) => `Restos du Cœur - Centre ${deCommune(x)}`],
  ['secours-populaire', (x: string) => `Secours populaire - Comité ${deCommune(x)}`],
  ['croix-rouge', (x: string) => `Croix-Rouge française - Unité locale ${deCommune(x)}`],
] as const;

/** Draws the canonical identity of a new entity. `index` disambiguates kinds with several per commune. */
export function identity(code: KindCode, commune: string, index: number, rng: Rng): Identity {
  const core = rng.pick(CORES);
  switch (code) {
    case 'ccas':
      return { nom: `CCAS ${deCommune(commune)}`, typologie: 'CCAS', reseaux: ['ccas-cias'], sub: '' };
    case 'centre-social':
      return {
        nom: `Centre social ${rng.pick(PLACE_NAMES)}`,
        typologie: rng.pick(['CS', 'CSC']),
        reseaux: ['fcsf'],
        sub: '',
      };
    case 'france-services':
      return {
        nom: `Espace France Services ${deCommune(commune)}`,
        typologie: 'RFS',
        reseaux: ['france-service'],
        sub: '',
      };
    case 'mission-locale':
      return { nom: `Mission locale ${deCommune(commune)}`, typologie: 'ML', reseaux: ['mission-locale'], sub: '' };
    case 'epicerie':
      return { nom: `Épicerie solidaire ${rng.pick([core, ...PLACE_NAMES])}`, typologie: 'ES', reseaux: [], sub: '' };
    case 'epn':
      return {
        nom: rng.pick([
          `Espace numérique ${rng.pick(PLACE_NAMES)}`,
          `EPN ${deCommune(commune)}`,
          `Cyber-base ${commune}`,
          `Médiathèque ${rng.pick(PLACE_NAMES)}`,
        ]),
        typologie: 'EPN',
        reseaux: [rng.pick(['espaces-publics-numeriques', 'conseillers-numeriques'])],
        sub: '',
      };
    case 'ft-agence':
      return {
        nom: `France Travail ${commune}${index > 0 ? ` ${rng.pick(QUARTIERS)}` : ''}`,
        typologie: 'FT',
        reseaux: ['france-travail'],
        sub: '',
      };
    case 'garage':
      return { nom: `Garage solidaire ${core}`, typologie: 'ASSO', reseaux: [], sub: '' };
    case 'organisme-aides': {
      // `sub` is the zone the organisme's aids cover.
      const de = deCommune(commune);
      const [nom, typologie, reseau, sub] = rng.pick([
        [`Ville ${de} - Service mobilité`, 'MUNI', 'communes', 'commune'],
        [`Plateforme mobilité ${commune}`, 'ASSO', 'mobin', 'epci'],
        [`Conseil départemental - Antenne ${de}`, 'CD', 'departements', 'departement'],
        [`Région - Antenne mobilité ${de}`, 'REG', 'regions', 'region'],
        [`France Travail - Direction territoriale ${de}`, 'FT', 'france-travail', 'pays'],
      ] as const);
      return { nom, typologie, reseaux: [reseau], sub };
    }
    case 'aide-alimentaire': {
      const [reseau, name] = FOOD_NETWORKS[index % FOOD_NETWORKS.length]!;
      return { nom: name(commune), typologie: 'ASSO', reseaux: [reseau], sub: reseau };
    }
    case 'creche': {
      const avip = rng.chance(0.2);
      return {
        nom: `${rng.pick(['Crèche', 'Multi-accueil', 'Micro-crèche'])} ${rng.pick([...PLACE_NAMES, 'Les Petits Loups', 'Les Lutins', 'Pomme d’Api', 'Les Câlins'])}`,
        typologie: avip ? 'AVIP' : 'Autre',
        reseaux: avip ? ['creches-avip'] : [],
        sub: avip ? 'avip' : '',
      };
    }
    case 'siae': {
      const k = rng.pick(SIAE_KINDS);
      const nom = {
        ACI: `Chantier d’insertion ${core}`,
        EI: `${core} Services`,
        ETTI: `${core} Intérim`,
        AI: `${core} Emploi Service`,
        EA: `Entreprise adaptée ${core}`,
      }[k];
      return { nom, typologie: k, reseaux: [k.toLowerCase()], sub: k };
    }
    case 'asso': {
      const theme = rng.pick(ASSO_THEMES);
      const reseau = THEME_RESEAU[theme];
      return {
        nom: `${rng.chance(0.5) ? 'Association ' : ''}${core}${rng.chance(0.5) ? ` ${rng.pick(QUALIFIERS)}` : ''}`,
        typologie: 'ASSO',
        reseaux: reseau && rng.chance(0.5) ? [reseau] : [],
        sub: theme,
      };
    }
  }
}

/** How `source` writes the name of an entity (variants are what makes matching hard). */
export function nameFor(code: KindCode, nom: string, commune: string, source: SandboxSource, rng: Rng): string {
  if (code === 'ccas') {
    const variants = [
      nom,
      `C.C.A.S. ${commune}`,
      `Centre communal d’action sociale ${deCommune(commune)}`,
      `CCAS - Ville ${deCommune(commune)}`,
    ];
    if (source === 'emplois-de-linclusion')
      return `CENTRE COMMUNAL D'ACTION SOCIALE ${deCommune(commune).toUpperCase()}`;
    return source === 'dora' ? nom : rng.pick(variants);
  }
  if (source === 'emplois-de-linclusion' && rng.chance(0.6)) return nom.toUpperCase().replace(/’/g, "'");
  if (source === 'soliguide' && !nom.includes(commune) && rng.chance(0.5)) return `${nom} - ${commune}`;
  if (code === 'france-services' && source !== 'dora')
    return rng.pick([`France Services ${commune}`, `Maison France Services ${deCommune(commune)}`, nom]);
  if (code === 'mission-locale' && source !== 'dora')
    return rng.pick([`Mission Locale ${commune}`, `ML ${commune}`, nom]);
  if (code === 'ft-agence' && source !== 'france-travail')
    return rng.pick([`Agence ${nom}`, nom.replace('France Travail', 'France Travail -')]);
  if (code === 'centre-social' && rng.chance(0.4))
    return nom.replace('Centre social', rng.pick(['Centre Social', 'Centre social et culturel', 'CSC']));
  if (code === 'asso' && rng.chance(0.3)) return nom.startsWith('Association ') ? nom.slice(12) : `Association ${nom}`;
  return nom;
}
