/**
 * Pure mapping of a v1 sheet (docs/partners/file.md#v1-sheet: column names are v1 field names) to the domain.
 * List cells accept a JSON array or `|`/`,` separated values; dates ISO or DD/MM/YYYY; phones go to
 * E.164 and names/URLs through the clean-ups of docs/data-inclusion.md#cross-source-rules. Schema checks happen after, in the dataset loader.
 */
import {
  EMPTY_SERVICE,
  EMPTY_STRUCTURE,
  cleanNom,
  cleanUrl,
  toE164,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import { bool, CellError, date, list, multiline, num, text } from './cells.js';
import type { RawRow } from './types.js';

/** A mapped record, or why the row could not become one. */
export type Mapped<T> = { readonly record: T } | { readonly reason: string };

/** What a v1 row needs besides its cells. */
export interface V1Context {
  /** Source slug of the records (the sources-file id, e.g. `france-travail`). */
  readonly source: string;
  /** Structure id for services whose `structure_id` cell is empty. */
  readonly structureId?: string;
}

/** `<source>--<id>`, unless the cell already carries that prefix. */
export function v1Id(source: string, local: string): string {
  return local.startsWith(`${source}--`) ? local : `${source}--${local}`;
}

/** Runs a row mapping, turning unreadable cells into a reason. */
export function guarded<T>(fn: () => Mapped<T>): Mapped<T> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CellError) return { reason: e.message };
    throw e;
  }
}

/** The address block shared by structures and services. */
function address(r: RawRow) {
  return {
    adresse: text(r, 'adresse'),
    complementAdresse: text(r, 'complement_adresse'),
    codePostal: text(r, 'code_postal'),
    codeInsee: text(r, 'code_insee')?.toUpperCase() ?? null,
    commune: text(r, 'commune'),
    latitude: num(r, 'latitude'),
    longitude: num(r, 'longitude'),
  };
}

const phone = (r: RawRow, key: string) => toE164(text(r, key));

/** One services-sheet row → Service. */
export function mapV1Service(r: RawRow, ctx: V1Context): Mapped<Service> {
  return guarded<Service>(() => {
    if (bool(r, '__ignore__')) return { reason: 'marked __ignore__ in the sheet' };
    const id = text(r, 'id');
    if (id === null) return { reason: 'id is empty' };
    const structureId = text(r, 'structure_id') ?? ctx.structureId;
    if (structureId === undefined)
      return { reason: 'structure_id is empty (set options.structureId for sheets without one)' };
    const dateMaj = date(r, 'date_maj');
    if (dateMaj === null) return { reason: 'date_maj is empty' };
    const record: Service = {
      ...EMPTY_SERVICE,
      ...address(r),
      source: ctx.source,
      id: v1Id(ctx.source, id),
      structureId: v1Id(ctx.source, structureId),
      nom: cleanNom(text(r, 'nom')) ?? '',
      description: multiline(r, 'description') ?? '',
      dateMaj,
      lienSource: cleanUrl(text(r, 'lien_source')),
      type: text(r, 'type'),
      thematiques: list(r, 'thematiques'),
      frais: text(r, 'frais'),
      fraisPrecisions: multiline(r, 'frais_precisions'),
      publics: list(r, 'publics'),
      publicsPrecisions: multiline(r, 'publics_precisions'),
      conditionsAcces: multiline(r, 'conditions_acces'),
      telephone: phone(r, 'telephone'),
      courriel: text(r, 'courriel'),
      contactNomPrenom: text(r, 'contact_nom_prenom'),
      modesAccueil: list(r, 'modes_accueil'),
      zoneEligibilite: list(r, 'zone_eligibilite'),
      lienMobilisation: cleanUrl(text(r, 'lien_mobilisation')),
      modesMobilisation: list(r, 'modes_mobilisation'),
      mobilisablePar: list(r, 'mobilisable_par'),
      mobilisationPrecisions: multiline(r, 'mobilisation_precisions'),
      volumeHoraireHebdomadaire: num(r, 'volume_horaire_hebdomadaire'),
      nombreSemaines: num(r, 'nombre_semaines'),
      horairesAccueil: text(r, 'horaires_accueil'),
    };
    return { record };
  });
}

/** One structures-sheet row → Structure. */
export function mapV1Structure(r: RawRow, ctx: V1Context): Mapped<Structure> {
  return guarded<Structure>(() => {
    if (bool(r, '__ignore__')) return { reason: 'marked __ignore__ in the sheet' };
    const id = text(r, 'id');
    if (id === null) return { reason: 'id is empty' };
    const dateMaj = date(r, 'date_maj');
    if (dateMaj === null) return { reason: 'date_maj is empty' };
    const record: Structure = {
      ...EMPTY_STRUCTURE,
      ...address(r),
      source: ctx.source,
      id: v1Id(ctx.source, id),
      nom: cleanNom(text(r, 'nom')) ?? '',
      dateMaj,
      description: multiline(r, 'description'),
      lienSource: cleanUrl(text(r, 'lien_source')),
      siret: text(r, 'siret')?.replace(/\s+/g, '') ?? null,
      telephone: phone(r, 'telephone'),
      courriel: text(r, 'courriel'),
      siteWeb: cleanUrl(text(r, 'site_web')),
      horairesAccueil: text(r, 'horaires_accueil'),
      accessibiliteLieu: cleanUrl(text(r, 'accessibilite_lieu')),
      reseauxPorteurs: list(r, 'reseaux_porteurs'),
    };
    return { record };
  });
}
