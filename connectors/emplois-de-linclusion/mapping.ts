/**
 * Pure translation of Les emplois de l'inclusion records into v1 structures, with the pipeline's
 * rules (docs/data-inclusion.md#emplois-rules and #cross-source-rules; `int_emplois_de_linclusion__structures_v1.sql`): ids
 * `<source>--<id>`, `kind` → réseaux porteurs through `_map_emplois__reseaux_porteurs_v1.csv`,
 * lat/lon `0` as null, all-zero SIRET dropped, descriptions of ≤ 5 characters dropped, E.164 phones,
 * no `code_insee` (it comes from geocoding, applied by `applyGeocode`).
 */
import {
  EMPTY_STRUCTURE,
  cleanCodePostal,
  cleanMultiline,
  cleanNom,
  cleanText,
  cleanUrl,
  communeOfArrondissement,
  sourceId,
  toE164,
  toIsoDate,
  type Structure,
} from '../../src/domain/index.js';
import type { GeocodeResult } from '../connector.js';
import { jsonArrayCell, readTable } from '../tables.js';

/** A mapped record, or why it could not be read at all (schema checks come later, after geocoding). */
export type Mapped =
  | { readonly ok: true; readonly structure: Structure }
  | { readonly ok: false; readonly id: string | null; readonly reason: string };

type Raw = Readonly<Record<string, unknown>>;
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
const coord = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v !== 0 ? v : null);

/** `kind` → v1 réseaux porteurs (null when the table leaves it unmapped or the kind is unknown). */
export function reseauxPorteursOfKind(kind: string | null): string[] | null {
  if (!kind) return null;
  const row = readTable('pipeline-mappings/_map_emplois__reseaux_porteurs_v1.csv').find((r) => r.kind === kind.trim());
  const values = jsonArrayCell(row?.reseaux_porteurs?.trim());
  return values.length > 0 ? values : null;
}

/** Descriptions: ≤ 5 characters dropped, over 10 000 truncated with `…` (cross-source rule). */
function description(v: unknown): string | null {
  const d = cleanMultiline(str(v));
  if (d === null || d.length <= 5) return null;
  return d.length > 10_000 ? `${d.slice(0, 9_999)}…` : d;
}

function siret(v: unknown): string | null {
  const s = cleanText(str(v))?.replace(/\s/g, '') ?? null;
  return s === null || /^0{14}$/.test(s) ? null : s;
}

function base(raw: unknown): { r: Raw; id: string } | { ok: false; id: string | null; reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, id: null, reason: 'record is not an object' };
  const r = raw as Raw;
  const id = cleanText(str(r.id));
  return id ? { r, id } : { ok: false, id: null, reason: 'record has no id' };
}

/** One `data-inclusion/` record as a v1 structure (before geocoding). */
export function mapEmploisStructure(raw: unknown, source: string): Mapped {
  const b = base(raw);
  if (!('r' in b)) return b;
  const { r, id } = b;
  const structure: Structure = {
    ...EMPTY_STRUCTURE,
    source,
    id: sourceId(source, id),
    nom: cleanNom(str(r.nom)) ?? '',
    dateMaj: toIsoDate(str(r.date_maj)) ?? '',
    description: description(r.description),
    lienSource: cleanUrl(str(r.lien_source)),
    siret: siret(r.siret),
    commune: cleanText(str(r.commune)),
    codePostal: cleanCodePostal(str(r.code_postal)),
    adresse: cleanText(str(r.adresse)),
    complementAdresse: cleanText(str(r.complement_adresse)),
    longitude: coord(r.longitude),
    latitude: coord(r.latitude),
    telephone: toE164(str(r.telephone)),
    courriel: cleanText(str(r.courriel)),
    siteWeb: cleanUrl(str(r.site_web)),
    reseauxPorteurs: reseauxPorteursOfKind(cleanText(str(r.kind))),
    adresseCertifiee: false,
  };
  return { ok: true, structure };
}

/** One open `siaes/` record as a v1 structure (before geocoding): the display name is the enseigne, else the raison sociale. */
export function mapEmploisSiae(raw: unknown, source: string): Mapped {
  const b = base(raw);
  if (!('r' in b)) return b;
  const { r, id } = b;
  const structure: Structure = {
    ...EMPTY_STRUCTURE,
    source,
    id: sourceId(source, id),
    nom: cleanNom(cleanText(str(r.enseigne)) ?? str(r.raison_sociale)) ?? '',
    dateMaj: toIsoDate(str(r.mis_a_jour_le) ?? str(r.cree_le)) ?? '',
    description: description(r.description),
    siret: siret(r.siret),
    commune: cleanText(str(r.ville)),
    codePostal: cleanCodePostal(str(r.code_postal)),
    adresse: cleanText(str(r.addresse_ligne_1)),
    complementAdresse: cleanText(str(r.addresse_ligne_2)),
    telephone: toE164(str(r.telephone)),
    courriel: cleanText(str(r.courriel)),
    siteWeb: cleanUrl(str(r.site_web)),
    reseauxPorteurs: reseauxPorteursOfKind(cleanText(str(r.type))),
    adresseCertifiee: false,
  };
  return { ok: true, structure };
}

/** Clean-up before geocoding (cross-source rules): "BP/CS nnn" and "CEDEX…" removed. */
function forGeocoding(v: string | null): string {
  return (v ?? '')
    .replace(/\b(BP|CS)\s*\d+\b/gi, ' ')
    .replace(/\bcedex\b.*$/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The geocoder query of a structure (adresse + commune, postcode aside), or null when it has no address at all. */
export function geocodeQueryOf(s: Structure): { q: string; codePostal: string | null } | null {
  const q = [forGeocoding(s.adresse), forGeocoding(s.commune)].filter((x) => x !== '').join(' ');
  return q === '' ? null : { q, codePostal: s.codePostal };
}

/** An accepted geocoding replaces the address fields with BAN's and certifies them (cross-source rules); complement kept. */
export function applyGeocode(s: Structure, g: GeocodeResult): Structure {
  return {
    ...s,
    adresse: g.adresse ?? s.adresse,
    codePostal: g.codePostal ?? s.codePostal,
    commune: g.commune || s.commune,
    codeInsee: communeOfArrondissement(g.codeInsee) ?? g.codeInsee,
    latitude: g.point.latitude,
    longitude: g.point.longitude,
    adresseCertifiee: true,
  };
}

/** Département of a commune code (`97411` → `974`, `2A004` → `2A`). */
export const departementOfCommune = (code: string): string =>
  code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);

/** Départements a postcode may belong to (`20xxx` → Corsica's two; `98xxx` → none we cover). */
export function departementsOfPostcode(cp: string): string[] {
  if (cp.startsWith('20')) return ['2A', '2B'];
  if (cp.startsWith('97')) return [cp.slice(0, 3)];
  if (cp.startsWith('98')) return [];
  return [cp.slice(0, 2)];
}
