/**
 * Where the sandbox world lives: real communes of a few départements, the big ones always (so
 * tests can rely on Lille, Saint-Denis, Lyon, Marseille, Rennes…), small and far-away ones drawn
 * from the seed. Only communes with a known centre are used, since every address is drawn around it.
 */
import type { GeoPoint } from '../src/domain/index.js';
import type { CogCommune } from './cog.js';
import { loadCog } from './cog.js';
import type { Rng } from './random.js';

/** Départements of the sandbox; 974 hosts fredo (La Réunion's own directory). */
export const SANDBOX_DEPARTEMENTS = ['59', '93', '69', '13', '35', '974'] as const;

/** Communes always present: the big cities, their neighbours, and towns > 50 km from any of them. */
export const MUST_HAVE_COMMUNES: readonly string[] = [
  '59350',
  '59512',
  '59599',
  '59009',
  '59183',
  '59392',
  '59249', // Lille, Roubaix, Tourcoing, Villeneuve-d'Ascq, Dunkerque, Maubeuge, Fourmies
  '93066',
  '93048',
  '93001',
  '93008',
  '93070', // Saint-Denis, Montreuil, Aubervilliers, Bobigny, Saint-Ouen
  '69123',
  '69266',
  '69259', // Lyon, Villeurbanne, Vénissieux
  '13055',
  '13001',
  '13004', // Marseille, Aix-en-Provence, Arles
  '35238',
  '35288',
  '35236',
  '35115', // Rennes, Saint-Malo, Redon, Fougères
  '97411',
  '97415',
  '97416',
  '97407', // Saint-Denis, Saint-Paul, Saint-Pierre, Le Port (La Réunion)
];

/** A place an address can be drawn in: a commune, or one arrondissement of Lyon/Marseille. */
export interface AddressArea {
  readonly codePostal: string;
  readonly centre: GeoPoint;
}

/** A commune of the sandbox with what the generator needs. */
export interface SandboxCommune {
  readonly code: string;
  readonly nom: string;
  readonly codeDepartement: string;
  readonly codeRegion: string;
  readonly codeEpci: string | null;
  readonly population: number;
  /** Arrondissements for Lyon/Marseille (postcode + centre each), else the commune itself. */
  readonly areas: readonly AddressArea[];
  readonly centre: GeoPoint;
}

function areasOf(c: CogCommune, centre: GeoPoint): AddressArea[] {
  const arrs = loadCog()
    .arrondissementsOf(c.code)
    .filter((a) => a.centre && a.codesPostaux.length > 0);
  if (arrs.length > 0) return arrs.map((a) => ({ codePostal: a.codesPostaux[0]!, centre: a.centre! }));
  // Main postcode first: the commune's lowest postcode is its historical main one in practice.
  const cps = [...c.codesPostaux].sort();
  return cps.slice(0, 2).map((cp) => ({ codePostal: cp, centre }));
}

function toSandbox(c: CogCommune): SandboxCommune {
  const centre = c.centre!;
  return {
    code: c.code,
    nom: c.nom,
    codeDepartement: c.codeDepartement,
    codeRegion: c.codeRegion,
    codeEpci: c.codeEpci,
    population: c.population ?? 500,
    areas: areasOf(c, centre),
    centre,
  };
}

/** Picks the sandbox communes: must-haves, the largest of each département, and a seeded sample of smaller ones. */
export function pickCommunes(rng: Rng): SandboxCommune[] {
  const cog = loadCog();
  const out: CogCommune[] = [];
  for (const dep of SANDBOX_DEPARTEMENTS) {
    const usable = cog.communesOf(dep).filter((c) => c.centre !== null && c.codesPostaux.length > 0);
    const byPop = [...usable].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.code.localeCompare(b.code));
    const big = dep === '974' ? 6 : 18;
    const chosen = new Set([
      ...MUST_HAVE_COMMUNES.filter((m) => usable.some((c) => c.code === m)),
      ...byPop.slice(0, big).map((c) => c.code),
    ]);
    const rest = byPop.filter((c) => !chosen.has(c.code));
    for (const c of rng.sample(rest, dep === '974' ? 2 : 22)) chosen.add(c.code);
    out.push(...byPop.filter((c) => chosen.has(c.code)));
  }
  return out.map(toSandbox);
}
