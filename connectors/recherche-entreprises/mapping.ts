/**
 * Pure translation of Recherche d'entreprises answers into the domain `Etablissement`, and the
 * enrichment of a structure from its registry record (docs/data-inclusion.md#cross-source-rules, SIRET).
 */
import { cleanNom, cleanText, communeOfArrondissement, isLuhnValid, type Structure } from '../../src/domain/index.js';
import type { Etablissement } from '../connector.js';
import type { EtablissementDto, SearchResponseDto, UniteLegaleDto } from './types.js';

/** La Poste's SIREN: its SIRETs follow "sum of digits divisible by 5" instead of Luhn (INSEE rule). */
const LA_POSTE_SIREN = '356000000';

/**
 * The SIRET in canonical form (spaces removed, as the API itself does), or null when it is not 14
 * digits or fails its check digit (Luhn; La Poste's own rule for its establishments).
 */
export function normaliseSiret(raw: string): string | null {
  const s = raw.replace(/\s+/g, '');
  if (!/^\d{14}$/.test(s)) return null;
  if (s.startsWith(LA_POSTE_SIREN)) return [...s].reduce((a, d) => a + Number(d), 0) % 5 === 0 ? s : null;
  return isLuhnValid(s) ? s : null;
}

/** The unité légale and établissement answering a SIRET lookup, or null when the answer has none. */
export function findEtablissement(
  res: SearchResponseDto,
  siret: string,
): { ul: UniteLegaleDto; etab: EtablissementDto } | null {
  for (const ul of res.results) {
    // A SIRET query returns the matched établissement as the nested inner hit; the siège may be it too.
    const etab =
      ul.matching_etablissements?.find((e) => e.siret === siret) ?? (ul.siege?.siret === siret ? ul.siege : undefined);
    if (etab) return { ul, etab };
  }
  return null;
}

const NON_DIFFUSIBLE = /NON[- ]DIFFUSIBLE|^\[ND\]$/i;

/** The street part of the API's one-line address: everything before ` <code postal> `. */
function streetLine(e: EtablissementDto): string | null {
  const full = cleanText(e.adresse);
  if (full === null || NON_DIFFUSIBLE.test(full)) return null;
  const cp = cleanText(e.code_postal);
  if (cp) {
    if (full.startsWith(`${cp} `) || full === cp) return null;
    const at = full.lastIndexOf(` ${cp}`);
    if (at > 0) return full.slice(0, at).trim() || null;
  }
  return full;
}

/** Enseigne or commercial name first (closest to what the public sees), then the legal name. */
function nameOf(ul: UniteLegaleDto, e: EtablissementDto): string {
  const candidates = [e.liste_enseignes?.[0], e.nom_commercial, ul.nom_raison_sociale, ul.nom_complet];
  for (const c of candidates) {
    const t = cleanText(c ?? null);
    if (t !== null && !NON_DIFFUSIBLE.test(t)) return t;
  }
  return '';
}

function coordinate(v: string | null | undefined, limit: number): number | null {
  if (v === null || v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/** One registry establishment as the domain sees it; `actif` is false for état administratif F. */
export function toEtablissement(ul: UniteLegaleDto, e: EtablissementDto): Etablissement {
  const lat = coordinate(e.latitude, 90);
  const lon = coordinate(e.longitude, 180);
  const code = cleanText(e.commune);
  const cp = cleanText(e.code_postal);
  return {
    siret: e.siret,
    nom: nameOf(ul, e),
    adresse: streetLine(e),
    codePostal: cp && /^\d{5}$/.test(cp) ? cp : null,
    codeInsee: code && /^\w{5}$/.test(code) ? (communeOfArrondissement(code) ?? code) : null,
    commune: cleanText(e.libelle_commune),
    point: lat !== null && lon !== null ? { latitude: lat, longitude: lon } : null,
    actif: e.etat_administratif !== 'F',
  };
}

/**
 * What the registry says of a structure's SIRET: `none` (no SIRET to check), `unknown` (not in the
 * registry or invalid), `active`, or `closed` (état administratif F).
 */
export type SiretStatus = 'none' | 'unknown' | 'active' | 'closed';

/** A structure after the registry check, with what was changed. */
export interface StructureEnrichment {
  readonly structure: Structure;
  readonly siretStatus: SiretStatus;
  /** True when the registry says the establishment is closed; the structure itself is left unchanged. */
  readonly closed: boolean;
  /** Structure fields filled from the registry (camelCase names). */
  readonly filled: readonly string[];
}

/**
 * Checks and enriches a structure with the registry's record of its SIRET (`etablissement` must be
 * the lookup of `structure.siret`, null when the registry does not know it).
 *
 * - unknown SIRET → SIRET set to null, as data·inclusion does;
 * - closed establishment → `closed: true`, nothing else changes. data·inclusion removes closed
 *   structures without a successor, but this API does not publish successors, so we cannot tell
 *   "moved" from "gone": we flag and let the caller decide (hide from searches, keep by id);
 * - active establishment → a missing name and the missing address fields are filled, the latter only
 *   when the structure has no commune or the same one (antennas often carry their head office's SIRET).
 */
export function enrichStructure(structure: Structure, etablissement: Etablissement | null): StructureEnrichment {
  if (structure.siret === null) return { structure, siretStatus: 'none', closed: false, filled: [] };
  if (etablissement === null)
    return { structure: { ...structure, siret: null }, siretStatus: 'unknown', closed: false, filled: ['siret'] };
  if (etablissement.siret !== structure.siret)
    throw new Error(
      `enrichStructure expects the registry record of SIRET ${structure.siret}, got the record of ${etablissement.siret}`,
    );
  if (!etablissement.actif) return { structure, siretStatus: 'closed', closed: true, filled: [] };
  const patch: Record<string, unknown> = {};
  const registryNom = cleanNom(etablissement.nom);
  if ((cleanNom(structure.nom) ?? '').length < 3 && registryNom !== null && registryNom.length >= 3)
    patch.nom = registryNom;
  if (structure.codeInsee === null || structure.codeInsee === etablissement.codeInsee)
    Object.assign(patch, addressPatch(structure, etablissement));
  return {
    structure: { ...structure, ...patch } as Structure,
    siretStatus: 'active',
    closed: false,
    filled: Object.keys(patch),
  };
}

/** Registry address values for the structure's empty address fields (coordinates only as a pair). */
function addressPatch(s: Structure, e: Etablissement): Partial<Record<keyof Structure, unknown>> {
  const patch: Partial<Record<keyof Structure, unknown>> = {};
  if (s.adresse === null && e.adresse !== null) patch.adresse = e.adresse;
  if (s.codePostal === null && e.codePostal !== null) patch.codePostal = e.codePostal;
  if (s.codeInsee === null && e.codeInsee !== null) patch.codeInsee = e.codeInsee;
  if (s.commune === null && e.commune !== null) patch.commune = e.commune;
  if (s.latitude === null && s.longitude === null && e.point !== null) {
    patch.latitude = e.point.latitude;
    patch.longitude = e.point.longitude;
  }
  return patch;
}
