/**
 * France Travail agencies → schema v1 Structures, with the pipeline's rules
 * (docs/data-inclusion.md#france-travail-rules, `stg_france_travail__agences`, `int_france_travail__structures`):
 * telephone always `3949`, e-mail never exposed (France Travail's request, docs/data-inclusion.md#personal-data), date_maj the
 * day of extraction, site web francetravail.fr, ADEDA agencies linked to the ADEDA page. Pure.
 */
import {
  cleanCodePostal,
  cleanNom,
  cleanText,
  communeOfArrondissement,
  departementOfCommune,
  sourceId,
  structureViolation,
  EMPTY_STRUCTURE,
  type ContactField,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import type { RejectedRecord } from '../connector.js';
import { horairesToOsm } from './hours.js';
import type { FtAgence } from './types.js';

/** The source slug of every record this connector publishes. */
export const FRANCE_TRAVAIL = 'france-travail';

/** France Travail asked d·i not to expose agency e-mails; merging never re-fills this field. */
export const MASKED_CONTACTS: readonly ContactField[] = Object.freeze(['courriel']);

/** The national phone number every agency is reached through. */
export const FT_TELEPHONE = '3949';

const ADEDA_URL = 'https://www.pole-emploi.fr/actualites/a-laffiche/2022/adeda-un-dispositif-pour-mieux-a.html';
const SITE_WEB = 'https://www.francetravail.fr/';
const LOWER = new Set([
  'd',
  'l',
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'en',
  'sur',
  'sous',
  'lès',
  'lez',
  'et',
  'aux',
  'au',
]);

/**
 * The commune name of `ligne6` (`"59100 ROUBAIX CEDEX"` → `Roubaix`). The pipeline takes the name
 * from the COG by INSEE code; the agency's own line, re-cased, avoids loading the COG here.
 */
export function communeOfLigne6(ligne6: string | null | undefined): string | null {
  const name = cleanText(
    typeof ligne6 === 'string' ? ligne6.replace(/^\s*\d{5}\s*/, '').replace(/\s+CEDEX(\s*\d+)?\s*$/i, '') : null,
  );
  if (!name) return null;
  return name
    .toLowerCase()
    .replace(/[\p{L}]+/gu, (w, at: number) => (at > 0 && LOWER.has(w) ? w : w[0]!.toUpperCase() + w.slice(1)))
    .replace(/\bSt\b/g, 'Saint')
    .replace(/\bSte\b/g, 'Sainte');
}

const coord = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v !== 0 ? v : null);

/** One agency as a v1 Structure (not validated here); `today` is the extraction date. */
export function agenceToStructure(a: FtAgence, today: string): Structure {
  const adr = a.adressePrincipale ?? {};
  const insee = cleanText(adr.communeImplantation);
  const folded = insee && /^\w{5}$/.test(insee) ? communeOfArrondissement(insee) : null;
  // An arrondissement's line reads "PARIS 15": the commune of the folded code is "Paris".
  const commune = folded
    ? (communeOfLigne6(adr.ligne6)?.replace(/\s+\d+\s*(e|er|eme|ème)?$/i, '') ?? null)
    : communeOfLigne6(adr.ligne6);
  const siret = cleanText(a.siret)?.replace(/\s/g, '') ?? null;
  return {
    ...EMPTY_STRUCTURE,
    source: FRANCE_TRAVAIL,
    id: sourceId(FRANCE_TRAVAIL, a.code),
    nom: cleanNom(a.libelleEtendu ?? a.libelle) ?? '',
    dateMaj: today,
    siret: siret && /^\d{14}$/.test(siret) ? siret : null,
    commune,
    codePostal: cleanCodePostal(adr.bureauDistributeur),
    codeInsee: folded ?? (insee && /^\w{5}$/.test(insee) ? insee : null),
    adresse: cleanText(adr.ligne4),
    complementAdresse: cleanText(adr.ligne3),
    longitude: coord(adr.gpsLon),
    latitude: coord(adr.gpsLat),
    telephone: FT_TELEPHONE,
    courriel: null,
    siteWeb: SITE_WEB,
    horairesAccueil: horairesToOsm(a.horaires),
    accessibiliteLieu: a.dispositifADEDA === true ? ADEDA_URL : null,
    reseauxPorteurs: [FRANCE_TRAVAIL],
    maskedContacts: MASKED_CONTACTS,
  };
}

/** Agencies → validated Structures plus the ones kept out with their reason. */
export function agencesToStructures(
  agences: readonly unknown[],
  today: string,
): { items: Structure[]; rejected: RejectedRecord[] } {
  const items: Structure[] = [];
  const rejected: RejectedRecord[] = [];
  for (const raw of agences) {
    const a = raw as FtAgence;
    if (typeof a !== 'object' || a === null || typeof a.code !== 'string' || cleanText(a.code) === null) {
      rejected.push({ source: FRANCE_TRAVAIL, id: null, reason: 'malformed agency (no code)' });
      continue;
    }
    const s = agenceToStructure({ ...a, code: a.code.trim() }, today);
    const why = structureViolation(s, today);
    if (why) rejected.push({ source: FRANCE_TRAVAIL, id: s.id, reason: why });
    else items.push(s);
  }
  return { items, rejected };
}

/**
 * The cross join, for whoever holds France Travail's curated national sheet: every national
 * service attached to every agency, id `france-travail--<agence code>-<service id>`, the agency's
 * address and contacts, eligibility the sheet's or else the agency's département.
 */
export function attachNationalServices(agences: readonly Structure[], national: readonly Service[]): Service[] {
  return agences.flatMap((a) => {
    const code = a.id.slice(FRANCE_TRAVAIL.length + 2);
    return national.map((s) => ({
      ...s,
      source: FRANCE_TRAVAIL,
      id: sourceId(
        FRANCE_TRAVAIL,
        `${code}-${s.id.startsWith(`${FRANCE_TRAVAIL}--`) ? s.id.slice(FRANCE_TRAVAIL.length + 2) : s.id}`,
      ),
      structureId: a.id,
      dateMaj: a.dateMaj,
      commune: a.commune,
      codePostal: a.codePostal,
      codeInsee: a.codeInsee,
      adresse: a.adresse,
      complementAdresse: a.complementAdresse,
      longitude: a.longitude,
      latitude: a.latitude,
      telephone: a.telephone,
      courriel: null,
      zoneEligibilite: s.zoneEligibilite ?? (a.codeInsee ? [departementOfCommune(a.codeInsee)] : null),
      maskedContacts: MASKED_CONTACTS,
    }));
  });
}
