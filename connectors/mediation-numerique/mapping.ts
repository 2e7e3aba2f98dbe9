/**
 * Cartographie nationale rows → schema v1: one structure per lieu and one generic service per
 * lieu sharing its id, with the pipeline's rules (docs/data-inclusion.md#mediation-numerique-rules,
 * `int_mediation_numerique__{structures,services}_v1.sql`) and its mapping tables. Pure.
 */
import {
  cleanCodePostal,
  cleanNom,
  cleanUrl,
  sourceId,
  toE164,
  toIsoDate,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import { jsonArrayCell, readTable } from '../tables.js';
import type { CartoRow } from './types.js';
import { capDescription, codeInsee, multiline, num, sortedOrNull, text } from '../json-values.js';
import { list, obj } from './values.js';

/** The name the pipeline gives every lieu's service. */
export const SERVICE_NOM = "Service d'accompagnement au numérique";

/** Producers d·i ingests directly: their lieux republished in the cartographie are dropped at staging (docs/data-inclusion.md#duplicates). */
export const REPUBLISHED_SOURCES: readonly string[] = Object.freeze(['dora', 'fredo', 'soliguide']);

const TYPE_PRIORITY = ['aide-materielle', 'atelier', 'accompagnement'];

type Lookups = Record<
  'thematiques' | 'types' | 'modes' | 'publics' | 'priseEnCharge' | 'reseaux',
  ReadonlyMap<string, readonly string[]>
>;
let memo: Lookups | undefined;

/** The `_map_mediation_numerique__*` tables as label → v1 values (empty target = deliberately unmapped). */
function lookups(): Lookups {
  const table = (file: string, key: string, value: string, json = false) =>
    new Map(
      readTable(`pipeline-mappings/_map_mediation_numerique__${file}.csv`).map((r) => [
        r[key]!,
        json ? jsonArrayCell(r[value]) : r[value] ? [r[value]!] : [],
      ]),
    );
  memo ??= {
    thematiques: table('thematiques', 'service', 'thematiques', true),
    types: table('types', 'modalite', 'type'),
    modes: table('modes_mobilisation', 'modalite', 'mode_mobilisation'),
    publics: table('publics', 'public_source', 'public'),
    priseEnCharge: table('publics__prise_en_charge', 'prise_en_charge', 'public'),
    reseaux: table('reseaux_porteurs', 'dispositif', 'reseau_porteur'),
  };
  return memo;
}

const through = (map: ReadonlyMap<string, readonly string[]>, labels: readonly string[]) =>
  labels.flatMap((l) => map.get(l) ?? []);

/** Why a row is left out before mapping: a lieu republished from a producer d·i already reads, else null. */
export function republishedFrom(row: Partial<CartoRow>): string | null {
  const src = text(row.source)?.toLowerCase() ?? null;
  return src !== null && REPUBLISHED_SOURCES.includes(src) ? src : null;
}

/** The street line: number, repetition and street, space-joined. */
function adresse(a: Record<string, unknown>): string | null {
  const line = [text(a.numero_voie), text(a.repetition), text(a.nom_voie)].filter((p) => p !== null).join(' ');
  return line === '' ? null : line;
}

/** Fields a lieu's structure and its service share. */
function common(row: Partial<CartoRow>, source: string) {
  const a = obj(row.adresse);
  return {
    source,
    id: sourceId(source, String(row.id)),
    dateMaj: toIsoDate(text(row.date_maj)) ?? '',
    lienSource: `https://cartographie.societenumerique.gouv.fr/cartographie/${encodeURIComponent(String(row.id))}/details`,
    commune: text(a.commune),
    codePostal: cleanCodePostal(text(a.code_postal)),
    codeInsee: codeInsee(a.code_insee),
    adresse: adresse(a),
    complementAdresse: null,
    longitude: num(row.longitude),
    latitude: num(row.latitude),
    telephone: toE164(text(row.telephone)),
    // `courriels` is a list (or a `|`-joined string): the first address is kept.
    courriel: list(row.courriels)[0] ?? null,
    horairesAccueil: text(row.horaires),
  };
}

/** Maps a lieu to its structure. */
export function mapCartoStructure(row: Partial<CartoRow>, source = 'mediation-numerique'): Structure {
  const pivot = text(row.pivot);
  return {
    ...common(row, source),
    nom: cleanNom(text(row.nom)) ?? '',
    description: capDescription(multiline(row.presentation_detail) ?? multiline(row.presentation_resume)),
    siret: pivot !== null && /^\d{14}$/.test(pivot) && pivot !== '00000000000000' ? pivot : null,
    siteWeb: cleanUrl(list(row.site_web)[0] ?? null),
    accessibiliteLieu: null,
    reseauxPorteurs: sortedOrNull(through(lookups().reseaux, list(row.dispositif_programmes_nationaux))),
  };
}

/** The médiateur the pipeline keeps: first by "prénom nom" (PostgreSQL's DISTINCT ON … ORDER BY, nulls last). */
function mediateur(row: Partial<CartoRow>): { nom: string | null; email: string | null } | null {
  const all = (Array.isArray(row.mediateurs) ? row.mediateurs : []).map((m) => {
    const o = obj(m);
    const nom = [text(o.prenom), text(o.nom)].filter((p) => p !== null).join(' ');
    return { nom: nom === '' ? null : nom, email: text(o.email) };
  });
  all.sort((x, y) => (x.nom === null ? 1 : y.nom === null ? -1 : x.nom < y.nom ? -1 : x.nom > y.nom ? 1 : 0));
  return all[0] ?? null;
}

/** `Gratuit` wins, then `Gratuit sous condition` (also gratuit), then `Payant`. */
function frais(values: readonly string[]): string | null {
  if (values.includes('Gratuit') || values.includes('Gratuit sous condition')) return 'gratuit';
  return values.includes('Payant') ? 'payant' : null;
}

/** Maps a lieu to its one generic service (same id as the structure). */
export function mapCartoService(row: Partial<CartoRow>, source = 'mediation-numerique'): Service {
  const base = common(row, source);
  const t = lookups();
  const services = list(row.services).sort();
  const publicsRaw = list(row.publics_specifiquement_adresses);
  const priseEnCharge = list(row.prise_en_charge_specifique);
  const accompagnement = list(row.modalites_accompagnement);
  const types = through(t.types, accompagnement);
  const m = mediateur(row);
  const insee = text(obj(row.adresse).code_insee);
  const precisions = [...publicsRaw, ...priseEnCharge].sort().join(', ');
  return {
    ...base,
    structureId: base.id,
    nom: SERVICE_NOM,
    description:
      capDescription(
        multiline(row.presentation_detail) ?? multiline(row.presentation_resume) ?? (services.join(', ') || null),
      ) ?? '',
    type: TYPE_PRIORITY.find((p) => types.includes(p)) ?? null,
    thematiques: sortedOrNull(through(t.thematiques, services)),
    frais: frais(list(row.frais_a_charge)),
    fraisPrecisions: null,
    publics: sortedOrNull([...through(t.publics, publicsRaw), ...through(t.priseEnCharge, priseEnCharge)]) ?? [
      'tous-publics',
    ],
    publicsPrecisions: precisions === '' ? null : precisions,
    conditionsAcces: null,
    courriel: base.courriel ?? m?.email ?? null,
    contactNomPrenom: m?.nom ?? null,
    modesAccueil: accompagnement.includes('À distance') ? ['a-distance', 'en-presentiel'] : ['en-presentiel'],
    zoneEligibilite: insee === null ? null : [insee.slice(0, insee.startsWith('97') ? 3 : 2)],
    lienMobilisation: cleanUrl(text(row.prise_rdv)),
    modesMobilisation: sortedOrNull(through(t.modes, list(row.modalites_acces))),
    mobilisablePar: ['usagers', 'professionnels'],
    mobilisationPrecisions: null,
    volumeHoraireHebdomadaire: null,
    nombreSemaines: null,
  };
}
