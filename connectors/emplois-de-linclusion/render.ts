/**
 * The reverse of mapping.ts (pure): the sandbox world's `emplois-de-linclusion` structures in the
 * partner's own formats, as `data-inclusion/?type=siae|orga` records and as open `siaes/` records.
 */
import type { SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { readTable } from '../tables.js';
import { ORGA_KINDS, SIAE_KINDS, type EmploisSiae, type EmploisStructure } from './types.js';

const SITE = 'https://emplois.inclusion.beta.gouv.fr';
const KINDS = new Set<string>([...SIAE_KINDS, ...ORGA_KINDS]);
const SIAE = new Set<string>(SIAE_KINDS);

/** The emplois kind of a world structure: its typologie when emplois knows it, else from its réseaux porteurs. */
export function kindOf(s: SandboxStructure): string {
  const t = s.typologie === 'PE' ? 'FT' : s.typologie;
  if (KINDS.has(t)) return t;
  const rows = readTable('pipeline-mappings/_map_emplois__reseaux_porteurs_v1.csv');
  const hit = rows.find(
    (r) => r.reseaux_porteurs && s.reseauxPorteurs.includes(r.reseaux_porteurs.trim()) && KINDS.has(r.kind!),
  );
  return hit?.kind ?? 'Autre';
}

/** True for SIAE kinds (listed under `type=siae` and in the open search). */
export const isSiaeKind = (kind: string): boolean => SIAE.has(kind);

/** E.164 back to the national format emplois stores (`+33320123456` → `0320123456`). */
export function nationalPhone(e164: string | null): string {
  if (!e164) return '';
  const m = /^\+(33|262|590|594|596)(\d{9})$/.exec(e164);
  return m ? `0${m[2]}` : e164;
}

/** A `YYYY-MM-DD` as the Europe/Paris ISO datetime DRF renders (summer time roughly April–October). */
export function parisDatetime(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date}T10:21:33.512301${month >= 4 && month <= 10 ? '+02:00' : '+01:00'}`;
}

/** Département of a world commune code. */
const departementOf = (code: string) => (code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2));

/** The world's emplois structures, in list order (`created_at, pk`). */
export const emploisStructuresOf = (world: SandboxWorld): SandboxStructure[] =>
  world.structures.filter((s) => s.source === 'emplois-de-linclusion');

/** One world structure as a `data-inclusion/` record. */
export function toEmploisStructure(s: SandboxStructure, n: number): EmploisStructure {
  const kind = kindOf(s);
  return {
    id: s.localId,
    kind,
    nom: s.nom,
    siret: s.siret ?? (isSiaeKind(kind) ? null : '00000000000000'),
    description: s.description ?? '',
    site_web: s.siteWeb ?? '',
    telephone: s.telephoneRaw ?? nationalPhone(s.telephone),
    courriel: s.courriel ?? '',
    code_postal: s.codePostal,
    commune: s.commune,
    adresse: s.adresse,
    complement_adresse: s.complementAdresse ?? '',
    longitude: s.longitude,
    latitude: s.latitude,
    date_maj: parisDatetime(s.dateMaj),
    lien_source: `${SITE}/${isSiaeKind(kind) ? 'company' : 'prescribers'}/${n}/card`,
  };
}

/** One world SIAE as an open `siaes/` record (no jobs published in the sandbox). */
export function toEmploisSiae(s: SandboxStructure): EmploisSiae {
  return {
    id: s.localId,
    cree_le: parisDatetime(s.dateMaj),
    mis_a_jour_le: parisDatetime(s.dateMaj),
    siret: s.siret ?? '',
    type: kindOf(s),
    raison_sociale: s.nom.toUpperCase(),
    enseigne: s.nom,
    telephone: s.telephoneRaw ?? nationalPhone(s.telephone),
    courriel: s.courriel ?? '',
    site_web: s.siteWeb ?? '',
    description: s.description ?? '',
    bloque_candidatures: false,
    addresse_ligne_1: s.adresse,
    addresse_ligne_2: s.complementAdresse ?? '',
    code_postal: s.codePostal,
    ville: s.commune,
    departement: departementOf(s.codeInsee),
    postes: [],
  };
}

/** Everything the emplois simulator serves for a world. */
export interface EmploisRendering {
  readonly siae: readonly EmploisStructure[];
  readonly orga: readonly EmploisStructure[];
  readonly siaes: readonly EmploisSiae[];
}

/** Renders the world's emplois records into both endpoints' payload items. */
export function renderEmplois(world: SandboxWorld): EmploisRendering {
  const all = emploisStructuresOf(world).map((s, i) => ({ s, dto: toEmploisStructure(s, i + 1) }));
  return {
    siae: all.filter((x) => isSiaeKind(x.dto.kind)).map((x) => x.dto),
    orga: all.filter((x) => !isSiaeKind(x.dto.kind)).map((x) => x.dto),
    siaes: all.filter((x) => isSiaeKind(x.dto.kind)).map((x) => toEmploisSiae(x.s)),
  };
}
