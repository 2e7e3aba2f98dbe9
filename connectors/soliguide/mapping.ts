/**
 * Soliguide places → schema v1 Structures (and, through services.ts, Services), with the
 * pipeline's rules (docs/data-inclusion.md#soliguide-rules, `int_soliguide__structures_v1`/`__adresses_v1`), its
 * pre-dedup and exclusions (#duplicates) and the cross-source normalisation (#cross-source-rules). Pure.
 */
import {
  cleanCodePostal,
  cleanNom,
  cleanText,
  cleanUrl,
  communeOfArrondissement,
  departementOfCommune,
  sourceId,
  toE164,
  toIsoDate,
  EMPTY_STRUCTURE,
  type Structure,
} from '../../src/domain/index.js';
import { newHoursToOsm } from './hours.js';
import { frDate, htmlToText } from './text.js';
import type { SoliguidePlace, SoliguideTempInfo } from './types.js';
import { reseauOfSource } from './vocabulary.js';

/** The source slug of every record this connector publishes. */
export const SOLIGUIDE = 'soliguide';

/** Address, contact and dates a place's services share with it. */
export interface PlaceBasics {
  readonly structureId: string;
  readonly lienSource: string | null;
  readonly dateMaj: string;
  readonly commune: string | null;
  readonly codePostal: string | null;
  readonly codeInsee: string | null;
  readonly codeDepartement: string | null;
  readonly adresse: string | null;
  readonly complementAdresse: string | null;
  readonly longitude: number | null;
  readonly latitude: number | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
}

/** Reason a place is kept out before mapping (docs/data-inclusion.md#soliguide-rules), or null when it is mapped. */
export function placeExclusion(place: SoliguidePlace): string | null {
  if (typeof place !== 'object' || place === null || !/^\d+$/.test(String(place.lieu_id ?? '')))
    return 'malformed place (no lieu_id)';
  if ((place.sources ?? []).some((s) => typeof s?.name === 'string' && s.name.trim().toLowerCase() === 'dora'))
    return 'lieu imported from dora (sources include dora): dora publishes it directly';
  const country = place.position?.country ?? place.country;
  if (typeof country === 'string' && country.toLowerCase() !== 'fr') return `country "${country}" is not fr`;
  return null;
}

/**
 * Pre-dedup: places sharing a `serviceObjectId` are one place published twice; the most
 * recently updated is kept (ties: the higher lieu_id), the others are reported with the kept id.
 */
export function dedupePlaces(places: readonly SoliguidePlace[]): {
  kept: SoliguidePlace[];
  duplicates: Array<{ place: SoliguidePlace; keptId: string }>;
} {
  const order = [...places].sort(
    (a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || Number(b.lieu_id) - Number(a.lieu_id),
  );
  const owner = new Map<string, string>();
  const dropped = new Map<SoliguidePlace, string>();
  for (const p of order) {
    const ids = (p.services_all ?? [])
      .map((s) => s?.serviceObjectId)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    const clash = ids.map((id) => owner.get(id)).find((o) => o !== undefined);
    if (clash !== undefined) dropped.set(p, clash);
    else for (const id of ids) owner.set(id, sourceId(SOLIGUIDE, p.lieu_id));
  }
  return {
    kept: places.filter((p) => !dropped.has(p)),
    duplicates: [...dropped].map(([place, keptId]) => ({ place, keptId })),
  };
}

/** A place's own id as a v1 id. */
export const placeId = (place: SoliguidePlace): string => sourceId(SOLIGUIDE, place.lieu_id);

/** First readable phone of the place, E.164 (staging prefixes 9-digit numbers with 0). */
function phone(place: SoliguidePlace): string | null {
  for (const p of place.entity?.phones ?? []) {
    const n = toE164(typeof p?.phoneNumber === 'string' ? p.phoneNumber : null);
    if (n) return n;
  }
  return null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The fields a place's structure and services share. */
export function placeBasics(place: SoliguidePlace): PlaceBasics {
  const pos = place.position ?? {};
  const city = cleanText(pos.cityCode);
  const codeInsee = city && /^\w{5}$/.test(city) ? (communeOfArrondissement(city) ?? city) : null;
  const dep = cleanText(pos.departmentCode);
  const coords = pos.location?.coordinates;
  // int_soliguide__adresses: the address line repeats ", <postcode> <city>", which is cut off.
  const adresse = cleanText(
    typeof pos.address === 'string' ? pos.address.replace(/, \d{5}.*$/, '').replace(/,+$/, '') : null,
  );
  return {
    structureId: placeId(place),
    lienSource: place.seo_url ? `https://soliguide.fr/fr/fiche/${place.seo_url}` : null,
    dateMaj: toIsoDate(place.updatedAt) ?? '',
    commune: cleanText(pos.city),
    codePostal: cleanCodePostal(pos.postalCode),
    codeInsee,
    codeDepartement: dep && /^\w{2,3}$/.test(dep) ? dep : codeInsee ? departementOfCommune(codeInsee) : null,
    adresse,
    complementAdresse: cleanText(pos.additionalInformation),
    longitude: Array.isArray(coords) ? num(coords[0]) : null,
    latitude: Array.isArray(coords) ? num(coords[1]) : null,
    telephone: phone(place),
    courriel: cleanText(place.entity?.mail),
  };
}

/** "fermé temporairement du A au B." / "depuis le A." / "." for a closure block. */
export function closureSentence(
  subject: string,
  c: { actif?: boolean; dateDebut?: string | null; dateFin?: string | null } | undefined,
): string | null {
  if (!c?.actif) return null;
  const from = frDate(c.dateDebut);
  const to = frDate(c.dateFin);
  if (from && to) return `${subject} fermé temporairement du ${from} au ${to}.`;
  if (from) return `${subject} fermé temporairement depuis le ${from}.`;
  return `${subject} fermé temporairement.`;
}

/** Joins description parts with blank lines; over 10 000 characters is cut with `…` (cross-source rule). */
export function joinDescription(parts: ReadonlyArray<string | null | undefined>): string | null {
  const text = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n\n');
  if (text === '') return null;
  return text.length > 10_000 ? `${text.slice(0, 9_999)}…` : text;
}

const active = (t: SoliguideTempInfo | undefined): boolean => t?.actif === true;

/** Opening hours of the place: temporary closure, then temporary hours, then `newhours`. */
export function placeHours(place: SoliguidePlace): string | null {
  const t = place.tempInfos;
  if (active(t?.closure)) return 'closed "fermeture temporaire"';
  if (active(t?.hours) && t?.hours?.hours) return newHoursToOsm(t.hours.hours);
  return newHoursToOsm(place.newhours);
}

/**
 * The place's temporary information: the message title (pipeline) and, beyond the pipeline, a
 * sentence for a temporary closure, which the pipeline only puts in the opening hours.
 */
export function placeNotices(place: SoliguidePlace): Array<string | null> {
  const msg = place.tempInfos?.message;
  return [
    active(msg) && cleanText(msg?.name) ? `Information temporaire : ${cleanText(msg?.name)}` : null,
    closureSentence('Ce lieu est', place.tempInfos?.closure),
  ];
}

/** A place as a v1 Structure (not validated here). */
export function placeToStructure(place: SoliguidePlace): Structure {
  const b = placeBasics(place);
  const reseaux = [
    ...new Set(
      (place.sources ?? []).map((s) => reseauOfSource(String(s?.name ?? ''))).filter((r): r is string => r !== null),
    ),
  ].sort();
  return {
    ...EMPTY_STRUCTURE,
    source: SOLIGUIDE,
    id: b.structureId,
    nom: cleanNom(place.name) ?? '',
    dateMaj: b.dateMaj,
    description: joinDescription([...placeNotices(place), htmlToText(place.description)]),
    lienSource: b.lienSource,
    commune: b.commune,
    codePostal: b.codePostal,
    codeInsee: b.codeInsee,
    adresse: b.adresse,
    complementAdresse: b.complementAdresse,
    longitude: b.longitude,
    latitude: b.latitude,
    telephone: b.telephone,
    courriel: b.courriel,
    siteWeb: cleanUrl(place.entity?.website),
    horairesAccueil: placeHours(place),
    reseauxPorteurs: reseaux.length > 0 ? reseaux : null,
  };
}
