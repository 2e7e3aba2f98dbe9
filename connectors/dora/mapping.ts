/**
 * DORA v0-shaped payloads → schema v1 Structure/Service, with the pipeline's rules
 * (docs/data-inclusion.md#dora-rules, `int_dora__structures_v1.sql` / `int_dora__services_v1.sql`) and the
 * cross-source normalisation (#cross-source-rules: E.164 phones, URLs, dates, arrondissements). Pure.
 */
import {
  cleanCodePostal,
  cleanNom,
  cleanUrl,
  sourceId,
  toE164,
  toIsoDate,
  type ContactField,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import { jsonArrayCell, readTable } from '../tables.js';
import type { DoraService, DoraStructure } from './types.js';
import { capDescription, codeInsee, multiline, num, sortedOrNull, text } from '../json-values.js';
import { list, siret } from './values.js';
import { cogRegionDepartements, type RegionDepartements } from './zones.js';

/** Contact fields nulled when DORA's `contact_public` is false (docs/data-inclusion.md#personal-data). */
export const MASKED_CONTACTS: readonly ContactField[] = Object.freeze(['courriel', 'telephone', 'contactNomPrenom']);

/** `type` from v0 `types`, first matching rule wins. */
const TYPE_PRIORITY: ReadonlyArray<readonly [readonly string[], string]> = [
  [['aide-financiere', 'financement'], 'aide-financiere'],
  [['autonomie', 'aide-materielle'], 'aide-materielle'],
  [['formation'], 'formation'],
  [['atelier', 'numerique'], 'atelier'],
  [['accompagnement'], 'accompagnement'],
  [['accueil', 'information'], 'information'],
];

/**
 * v0 frais → v1 (gratuit | payant). The upstream rules are silent (the pipeline copies the value, so v0-only values
 * fail v1 validation); we keep the service and map like the médiation numérique rule does.
 */
const FRAIS: Readonly<Record<string, string>> = {
  gratuit: 'gratuit',
  'gratuit-sous-conditions': 'gratuit',
  payant: 'payant',
  adhesion: 'payant',
  'pass-numerique': 'payant',
};

/** v1 type of a service from its v0 `types`, or null. */
export function doraType(types: readonly string[]): string | null {
  return TYPE_PRIORITY.find(([v0]) => v0.some((t) => types.includes(t)))?.[1] ?? null;
}

/** `zone_eligibilite` from `zone_diffusion_type/code`: région → its départements, pays → france. */
export function doraZone(
  type: string | null,
  code: string | null,
  regionDepartements: RegionDepartements,
): string[] | null {
  if (type === 'region') {
    const deps = code === null ? null : regionDepartements(code);
    return deps && deps.length > 0 ? [...deps] : null;
  }
  if (type === 'pays') return ['france'];
  return code === null ? null : [code];
}

/** Lookups built once from the pipeline's tables (static reference data). */
let tables: { modes: Map<string, string[]>; byLabel: Map<string, string>; byTypo: Map<string, string> } | undefined;
function lookups(): NonNullable<typeof tables> {
  tables ??= {
    modes: new Map(
      readTable('pipeline-mappings/_map_dora__modes_mobilisation.csv').map((r) => [
        `${r.type}:${r.mode_orientation}`,
        jsonArrayCell(r.modes_mobilisation),
      ]),
    ),
    byLabel: new Map(
      readTable('pipeline-mappings/_map_dora__reseaux_porteurs__labels_nationaux.csv').map((r) => [
        r.label_national!,
        r.reseau_porteur!,
      ]),
    ),
    byTypo: new Map(
      readTable('pipeline-mappings/_map_dora__reseaux_porteurs__typologie.csv').map((r) => [
        r.typologie!,
        r.reseau_porteur!,
      ]),
    ),
  };
  return tables;
}

/** `modes_mobilisation` and `mobilisable_par` from the modes d'orientation and the two links. */
export function doraMobilisation(dto: Partial<DoraService>): { modes: string[] | null; par: string[] | null } {
  const table = lookups().modes;
  const benef = list(dto.modes_orientation_beneficiaire);
  const accomp = list(dto.modes_orientation_accompagnateur);
  const modes = [
    ...benef.flatMap((m) => table.get(`beneficiaire:${m}`) ?? []),
    ...accomp.flatMap((m) => table.get(`accompagnateur:${m}`) ?? []),
  ];
  if (text(dto.prise_rdv) !== null || text(dto.formulaire_en_ligne) !== null) modes.push('utiliser-lien-mobilisation');
  const par = [...(benef.length > 0 ? ['usagers'] : []), ...(accomp.length > 0 ? ['professionnels'] : [])];
  return { modes: sortedOrNull(modes), par: par.length > 0 ? par : null };
}

/** Réseaux porteurs of a structure: mapped `labels_nationaux` ∪ mapped `typologie`, sorted, null when none. */
export function doraReseauxPorteurs(labels: readonly string[], typologie: string | null): string[] | null {
  const { byLabel, byTypo } = lookups();
  const out = labels.map((l) => byLabel.get(l) ?? '');
  if (typologie !== null) out.push(byTypo.get(typologie) ?? '');
  return sortedOrNull(out.filter((r) => r !== ''));
}

/** Address block shared by structures and services. */
function address(dto: Partial<DoraStructure> | Partial<DoraService>) {
  return {
    commune: text(dto.commune),
    codePostal: cleanCodePostal(text(dto.code_postal)),
    codeInsee: codeInsee(dto.code_insee),
    adresse: text(dto.adresse),
    complementAdresse: text(dto.complement_adresse),
    longitude: num(dto.longitude),
    latitude: num(dto.latitude),
  };
}

/** Maps one DORA structure; `source` is the slug the ids are prefixed with. */
export function mapDoraStructure(dto: Partial<DoraStructure>, source = 'dora'): Structure {
  return {
    source,
    id: sourceId(source, String(dto.id)),
    nom: cleanNom(text(dto.nom)) ?? '',
    dateMaj: toIsoDate(text(dto.date_maj)) ?? '',
    description: capDescription(multiline(dto.presentation_detail) ?? multiline(dto.presentation_resume)),
    lienSource: cleanUrl(text(dto.lien_source)),
    siret: siret(dto.siret),
    ...address(dto),
    telephone: toE164(text(dto.telephone)),
    courriel: text(dto.courriel),
    siteWeb: cleanUrl(text(dto.site_web)),
    horairesAccueil: text(dto.horaires_ouverture),
    accessibiliteLieu: cleanUrl(text(dto.accessibilite)),
    reseauxPorteurs: doraReseauxPorteurs(list(dto.labels_nationaux), text(dto.typologie)),
  };
}

/** Conditions d'accès: `pre_requis` then `justificatifs` (each sorted, as the pipeline aggregates them), one per line. */
function conditionsAcces(dto: Partial<DoraService>): string | null {
  const lines = [...new Set([...list(dto.pre_requis).sort(), ...list(dto.justificatifs).sort()])];
  return lines.length > 0 ? lines.join('\n') : null;
}

/** Both `*_autres` texts, bénéficiaire first, space-joined (the SQL's `||` would null the pair when one is missing). */
function mobilisationPrecisions(dto: Partial<DoraService>): string | null {
  const parts = [
    multiline(dto.modes_orientation_beneficiaire_autres),
    multiline(dto.modes_orientation_accompagnateur_autres),
  ];
  const joined = parts
    .filter((p) => p !== null)
    .join(' ')
    .trim();
  return joined === '' ? null : joined;
}

/** Maps one DORA service. Contacts are nulled (and listed in maskedContacts) unless `contact_public` is true. */
export function mapDoraService(
  dto: Partial<DoraService>,
  source = 'dora',
  regionDepartements: RegionDepartements = cogRegionDepartements,
): Service {
  const masked = dto.contact_public !== true;
  const { modes, par } = doraMobilisation(dto);
  const frais = text(dto.frais);
  return {
    source,
    id: sourceId(source, String(dto.id)),
    structureId: sourceId(source, String(dto.structure_id)),
    nom: cleanNom(text(dto.nom)) ?? '',
    description: capDescription(multiline(dto.presentation_detail) ?? multiline(dto.presentation_resume)) ?? '',
    lienSource: cleanUrl(text(dto.lien_source)),
    dateMaj: toIsoDate(text(dto.date_maj)) ?? '',
    type: doraType(list(dto.types)),
    thematiques: sortedOrNull(list(dto.thematiques)),
    frais: frais === null ? null : (FRAIS[frais] ?? frais),
    fraisPrecisions: multiline(dto.frais_autres),
    publics: sortedOrNull(list(dto.publics)),
    publicsPrecisions: multiline(dto.publics_precisions),
    conditionsAcces: conditionsAcces(dto),
    ...address(dto),
    telephone: masked ? null : toE164(text(dto.telephone)),
    courriel: masked ? null : text(dto.courriel),
    contactNomPrenom: masked ? null : text(dto.contact_nom_prenom),
    modesAccueil: sortedOrNull(list(dto.modes_accueil)),
    zoneEligibilite: doraZone(text(dto.zone_diffusion_type), text(dto.zone_diffusion_code), regionDepartements),
    lienMobilisation: cleanUrl(text(dto.prise_rdv) ?? text(dto.formulaire_en_ligne)),
    modesMobilisation: modes,
    mobilisablePar: par,
    mobilisationPrecisions: mobilisationPrecisions(dto),
    volumeHoraireHebdomadaire: num(dto.temps_passe_duree_hebdomadaire),
    nombreSemaines: num(dto.temps_passe_semaines),
    // The pipeline deliberately ignores DORA's `recurrence`.
    horairesAccueil: null,
    ...(masked ? { maskedContacts: MASKED_CONTACTS } : {}),
  };
}
