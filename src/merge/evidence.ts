/**
 * Pairwise evidence that two structure records describe the same real structure.
 *
 * Precision first (data·inclusion's own choice, docs/data-inclusion.md#duplicates): a missed duplicate costs
 * a repeated line in a list, a wrong merge hides a structure and mixes two structures' contacts.
 * So the decision is a small additive score behind hard vetoes, not a learnt probability:
 *
 * - vetoes: two different SIRETs (never merged); different code_insee (or only one known); more
 *   than 1 km apart; names that share less than half their words (token Jaccard < 0.5);
 * - same SIRET (and not vetoed) is a match on its own; so is the same SIREN (first 9 digits: one
 *   legal unit, two establishment numbers, e.g. an outdated SIRET after a re-registration) at the
 *   same place (same commune and the same numbered street address, or within 100 m), provided the
 *   names are not unrelated (the name veto still applies: a commune's services share its SIREN
 *   and often the town hall's address);
 * - otherwise points: name (exact +3, ≥ 0.75 +2, ≥ 0.5 +1), distance (≤ 100 m +3, ≤ 300 m +1,
 *   ≤ 1 km −3), street address (equal with a house number +3, equal without +2, same street with
 *   one number missing +1, different −3),
 *   same distinctive phone +2, same e-mail +1 (antennas of one association share their mailbox);
 * - match when the score reaches 6, the place agrees (≤ 100 m, or same address) and either the
 *   names are close (≥ 0.75) or a phone/e-mail agrees. So identical names at the same numbered
 *   address match even without coordinates; a close name needs a phone or e-mail as well.
 *
 * Names are compared as word sets after normalise.ts (kind phrases canonicalised, generic words
 * dropped) and after removing the words of the shared commune's name: within one commune "CCAS de
 * Lille" and "C.C.A.S. Lille" both reduce to {ccas}. Token Jaccard was preferred to Jaro-Winkler on
 * whole names because producers reorder, prefix ("Association …") and suffix ("… - Lille") names;
 * Jaro-Winkler is used only inside tokens, to forgive a typo in a long word.
 */
import { communeOfArrondissement, distanceKm, type GeoPoint, type Structure } from '../domain/index.js';
import {
  isDistinctivePhone,
  nameTokens,
  normaliseAddress,
  normaliseEmail,
  normalisePhone,
  type NormalisedAddress,
} from './normalise.js';
import { softJaccard, tokensContained } from './similarity.js';

/** Distance under which two points are the same building (producers' geocodings differ by tens of metres). */
export const NEAR_KM = 0.1;
/** Distance beyond which two records are different places whatever else agrees. */
export const FAR_KM = 1;
/** Name similarity below which two records are never the same structure (unless same SIRET). */
export const MIN_NAME_SIMILARITY = 0.5;
/** Score at which a pair is a match. */
export const MATCH_SCORE = 6;
const SAME_SIRET_SCORE = 20;

/** A structure prepared once for pairwise comparison. */
export interface MatchRecord {
  readonly id: string;
  readonly siret: string | null;
  /** Commune code, arrondissements folded into their commune. */
  readonly codeInsee: string | null;
  readonly point: GeoPoint | null;
  /** National digits, only when distinctive (see isDistinctivePhone). */
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: NormalisedAddress | null;
  readonly name: readonly string[];
  readonly communeWords: readonly string[];
}

/** Prepares a structure for matching (normalises once, compares many times). */
export function prepare(s: Structure): MatchRecord {
  const siret = s.siret?.replace(/\s/g, '') ?? null;
  const phone = normalisePhone(s.telephone);
  const hasPoint =
    s.latitude !== null && s.longitude !== null && Number.isFinite(s.latitude) && Number.isFinite(s.longitude);
  return {
    id: s.id,
    siret: siret !== null && /^\d{14}$/.test(siret) ? siret : null,
    codeInsee: s.codeInsee === null ? null : (communeOfArrondissement(s.codeInsee) ?? s.codeInsee),
    point:
      hasPoint && !(s.latitude === 0 && s.longitude === 0) ? { latitude: s.latitude!, longitude: s.longitude! } : null,
    phone: isDistinctivePhone(phone) ? phone : null,
    email: normaliseEmail(s.courriel),
    address: normaliseAddress(s.adresse),
    name: nameTokens(s.nom),
    communeWords: s.commune === null ? [] : nameTokens(s.commune),
  };
}

/** How two street lines agree. */
export type AddressAgreement = 'equal' | 'compatible' | 'conflict' | 'unknown';

/** Same street (same words, or one street line containing the other) and same house number. */
export function compareAddresses(a: NormalisedAddress | null, b: NormalisedAddress | null): AddressAgreement {
  if (a === null || b === null || a.voie.length === 0 || b.voie.length === 0) return 'unknown';
  const sameStreet =
    softJaccard(a.voie, b.voie) >= 0.75 ||
    (Math.min(a.voie.length, b.voie.length) >= 2 && tokensContained(a.voie, b.voie));
  if (!sameStreet) return 'conflict';
  if (a.numero !== null && b.numero !== null) return a.numero === b.numero ? 'equal' : 'conflict';
  return a.numero === b.numero ? 'equal' : 'compatible';
}

/** Name similarity within the pair's communes (their words removed from both names first). */
export function nameSimilarity(a: MatchRecord, b: MatchRecord): number {
  const strip = new Set([...a.communeWords, ...b.communeWords]);
  const left = a.name.filter((w) => !strip.has(w));
  const right = b.name.filter((w) => !strip.has(w));
  if (left.length === 0 && right.length === 0) return softJaccard(a.name, b.name);
  return softJaccard(left, right);
}

/** Same legal unit (SIREN) with two SIRETs, at the same place: one establishment seen twice. */
export function sameSirenSamePlace(a: MatchRecord, b: MatchRecord): boolean {
  if (a.siret === null || b.siret === null || a.siret === b.siret || a.siret.slice(0, 9) !== b.siret.slice(0, 9))
    return false;
  if (a.codeInsee === null || a.codeInsee !== b.codeInsee) return false;
  const address = compareAddresses(a.address, b.address);
  const near = a.point !== null && b.point !== null && distanceKm(a.point, b.point) <= NEAR_KM;
  return near || (address === 'equal' && a.address?.numero != null);
}

/** Hard reasons two records can never be in one cluster (also checked across a chain), or null. */
export function conflict(a: MatchRecord, b: MatchRecord): string | null {
  const sameSiret = a.siret !== null && a.siret === b.siret;
  if (a.siret !== null && b.siret !== null && !sameSiret && !sameSirenSamePlace(a, b)) return 'different SIRETs';
  if (a.codeInsee !== b.codeInsee && (!sameSiret || (a.codeInsee !== null && b.codeInsee !== null)))
    return 'different code_insee';
  if (a.point && b.point && distanceKm(a.point, b.point) > FAR_KM) return `more than ${FAR_KM} km apart`;
  if (!sameSiret && nameSimilarity(a, b) < MIN_NAME_SIMILARITY) return 'names differ';
  return null;
}

/** The outcome of comparing two records, with the reasons that made it (for tests and debugging). */
export interface PairEvidence {
  readonly match: boolean;
  readonly score: number;
  readonly reasons: readonly string[];
}

const veto = (reason: string): PairEvidence => ({ match: false, score: 0, reasons: [reason] });

function distancePoints(km: number | null): number {
  if (km === null) return 0;
  return km <= NEAR_KM ? 3 : km <= 0.3 ? 1 : -3;
}

function addressPoints(agreement: AddressAgreement, a: MatchRecord, b: MatchRecord): number {
  if (agreement === 'equal') return a.address?.numero != null && b.address?.numero != null ? 3 : 2;
  return agreement === 'compatible' ? 1 : agreement === 'conflict' ? -3 : 0;
}

/** Compares two prepared records (see the module comment for the rules). */
export function comparePair(a: MatchRecord, b: MatchRecord): PairEvidence {
  const hard = conflict(a, b);
  if (hard !== null) return veto(hard);
  if (a.siret !== null && a.siret === b.siret) return { match: true, score: SAME_SIRET_SCORE, reasons: ['same SIRET'] };
  if (sameSirenSamePlace(a, b))
    return { match: true, score: SAME_SIRET_SCORE, reasons: ['same SIREN at the same place'] };
  const km = a.point && b.point ? distanceKm(a.point, b.point) : null;
  if (a.codeInsee === null && !(km !== null && km <= NEAR_KM)) return veto('no code_insee and not within 100 m');
  const name = nameSimilarity(a, b);
  const address = compareAddresses(a.address, b.address);
  const samePhone = a.phone !== null && a.phone === b.phone;
  const sameEmail = a.email !== null && a.email === b.email;
  const parts: Array<[string, number]> = [
    [`name ${name.toFixed(2)}`, name >= 0.99 ? 3 : name >= 0.75 ? 2 : 1],
    [`distance ${km === null ? 'unknown' : `${km.toFixed(3)} km`}`, distancePoints(km)],
    [`address ${address}`, addressPoints(address, a, b)],
    [`phone ${samePhone ? 'same' : 'not same'}`, samePhone ? 2 : 0],
    [`e-mail ${sameEmail ? 'same' : 'not same'}`, sameEmail ? 1 : 0],
  ];
  const score = parts.reduce((sum, [, p]) => sum + p, 0);
  const placeAgrees =
    (km !== null && km <= NEAR_KM) || address === 'equal' || (address === 'compatible' && km !== null && km <= 0.3);
  const match = score >= MATCH_SCORE && placeAgrees && (name >= 0.75 || samePhone || sameEmail);
  return { match, score, reasons: parts.map(([r, p]) => `${r} (${p >= 0 ? '+' : ''}${p})`) };
}
