/**
 * The partner sandbox's shared "world": real-world structures and services over real communes,
 * each published by one or several sources in that source's own terms. Each partner simulator
 * renders the appearances of its source into its own contract; the ground truth says which
 * appearances are the same real structure (for the merge issue to measure against).
 *
 * Values here are semantic (v1 nomenclature values, COG codes, E.164 phones): a simulator turns
 * them into its partner's vocabulary (v0 fields for DORA, Soliguide categories, …).
 */

/**
 * Source slugs the sandbox publishes for. The data·inclusion simulator republishes every source's
 * records (as the real API does); the other simulators publish only their own.
 */
export const SANDBOX_SOURCES = [
  'dora',
  'emplois-de-linclusion',
  'soliguide',
  'mediation-numerique',
  'france-travail',
  'mes-aides',
  // Sources the gateway reaches only through the data·inclusion API (no connector of their own).
  'fredo',
  'monenfant',
] as const;
export type SandboxSource = (typeof SANDBOX_SOURCES)[number];

/** One source's record of a structure. */
export interface SandboxStructure {
  readonly source: SandboxSource;
  /** The producer's own id (without the `<source>--` prefix). */
  readonly localId: string;
  /** Ground truth: the real-world entity this record describes; equal keys = same structure. */
  readonly entityKey: string;
  /** Kind of structure, a v0 typologie code (the generator uses CCAS, CS, CSC, ASSO, RFS, ML, ACI, EI, ETTI, AI, EA, ES, EPN, FT, AVIP, Autre, MUNI, CD, REG). */
  readonly typologie: string;
  /** v1 réseaux porteurs values. */
  readonly reseauxPorteurs: readonly string[];
  readonly nom: string;
  readonly siret: string | null;
  readonly adresse: string;
  readonly complementAdresse: string | null;
  readonly codePostal: string;
  readonly codeInsee: string;
  readonly commune: string;
  readonly latitude: number;
  readonly longitude: number;
  /** E.164 (`+33320123456`). */
  readonly telephone: string | null;
  /** The same number as this producer typed it (`03 20 12 34 56`, `03.20…`); `toE164(telephoneRaw) === telephone`. */
  readonly telephoneRaw?: string | null;
  readonly courriel: string | null;
  readonly siteWeb: string | null;
  readonly description: string | null;
  /** `YYYY-MM-DD`. */
  readonly dateMaj: string;
  /** OSM opening_hours. */
  readonly horairesAccueil: string | null;
}

/** Eligibility area in partner-neutral terms (a simulator renders it; DORA as zone_diffusion, d·i as zone_eligibilite). */
export type SandboxZone =
  | { readonly type: 'commune' | 'epci' | 'departement' | 'region'; readonly code: string }
  | { readonly type: 'pays' }
  | null;

/** One source's record of a service. */
export interface SandboxService {
  readonly source: SandboxSource;
  readonly localId: string;
  /** localId of its structure in the same source. */
  readonly structureLocalId: string;
  readonly nom: string;
  readonly description: string;
  readonly dateMaj: string;
  /** v1 values. */
  readonly type: string | null;
  readonly thematiques: readonly string[];
  readonly publics: readonly string[] | null;
  readonly publicsPrecisions: string | null;
  readonly frais: 'gratuit' | 'payant' | null;
  readonly fraisPrecisions: string | null;
  readonly modesAccueil: readonly ('en-presentiel' | 'a-distance')[];
  readonly zone: SandboxZone;
  readonly modesMobilisation: readonly string[] | null;
  readonly mobilisablePar: readonly string[] | null;
  readonly lienMobilisation: string | null;
  readonly conditionsAcces: string | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
  readonly contactNomPrenom: string | null;
  /** False when the producer asked not to publish the contact (DORA `contact_public`). */
  readonly contactPublic: boolean;
  /** Where the service takes place; usually its structure's address. */
  readonly adresse: string | null;
  readonly codePostal: string | null;
  readonly codeInsee: string | null;
  readonly commune: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly horairesAccueil: string | null;
  readonly volumeHoraireHebdomadaire: number | null;
  readonly nombreSemaines: number | null;
  /**
   * The producer's own codes or labels behind the v1 values, when it has some (Soliguide category
   * code; médiation numérique `services` labels; fredo service, category and public; mes-aides
   * besoin and type d'aide; monenfant `EAJE`/`avip`). Mapping them with d·i's tables gives exactly
   * `thematiques`/`type`, so a simulator can render the source's vocabulary back.
   */
  readonly sourceCategories?: readonly string[];
}

/** The whole sandbox. */
export interface SandboxWorld {
  readonly seed: number;
  readonly structures: readonly SandboxStructure[];
  readonly services: readonly SandboxService[];
  /** Date the world was generated "as of" (every date_maj is on or before it); derived from the seed. */
  readonly referenceDate?: string;
  /** Structures deliberately made to look alike although they are different (see GroundTruth). */
  readonly distinctLookalikes?: GroundTruth['distinctLookalikes'];
}

/** Ground truth for entity resolution: clusters of `<source>--<localId>` structure ids that are one real structure. */
export interface GroundTruth {
  readonly seed: number;
  /** Only clusters of size ≥ 2. */
  readonly clusters: ReadonlyArray<{
    readonly entityKey: string;
    readonly note: string;
    readonly ids: readonly string[];
  }>;
  /** Pairs deliberately placed to look alike but that are different structures (e.g. two antennas). */
  readonly distinctLookalikes: ReadonlyArray<{ readonly ids: readonly [string, string]; readonly note: string }>;
}

/** Generation knobs. */
export interface WorldOptions {
  /** @default 42 */
  readonly seed?: number;
  /** Approximate number of services across all sources. @default 3000 */
  readonly services?: number;
}
