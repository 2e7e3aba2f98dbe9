/**
 * The reverse of mapping.ts: renders the sandbox world's `dora` records as DORA API v2 would serve
 * them (v0 fields: `types`, `zone_diffusion_*`, `modes_orientation_*`, `presentation_*`,
 * `typologie` + `labels_nationaux`, national phone numbers, `contact_public`). Pure.
 */
import { normaliseForMatch, toE164 } from '../../src/domain/index.js';
import type { SandboxService, SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { readTable } from '../tables.js';
import type { DoraService, DoraStructure } from './types.js';

/** What the DORA simulator serves. */
export interface DoraPayloads {
  readonly structures: DoraStructure[];
  readonly services: DoraService[];
}

const FRONT = 'https://dora.inclusion.gouv.fr';

/**
 * `+33320123456` → `03 20 12 34 56` (DROM numbers too: `+262262…` → `02 62 …`); short numbers as
 * they are. A number whose national form would read back as another one (`+33697…` looks like a
 * Martinique mobile) stays international, as a DORA user would have typed it.
 */
export function nationalPhone(e164: string | null): string | null {
  if (e164 === null || !e164.startsWith('+')) return e164;
  const national = `0${e164.slice(-9)}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  return toE164(national) === e164 ? national : e164;
}

/** A description as DORA splits it: ≤ 280 characters in `presentation_resume`, longer ones in `presentation_detail`. */
function presentation(d: string | null): { presentation_resume: string | null; presentation_detail: string | null } {
  if (d === null || d.length <= 280) return { presentation_resume: d, presentation_detail: null };
  return { presentation_resume: `${d.slice(0, 277)}…`, presentation_detail: d };
}

const slug = (nom: string, localId: string) =>
  `${normaliseForMatch(nom).replace(/ /g, '-').slice(0, 40)}-${localId.slice(0, 4)}`;

/** Labels nationaux carrying the réseaux the typologie does not already give (first label of each réseau). */
function labelsFor(s: SandboxStructure): string[] {
  const typo = readTable('pipeline-mappings/_map_dora__reseaux_porteurs__typologie.csv').find(
    (r) => r.typologie === s.typologie,
  )?.reseau_porteur;
  const labels = readTable('pipeline-mappings/_map_dora__reseaux_porteurs__labels_nationaux.csv');
  return s.reseauxPorteurs
    .filter((r) => r !== typo)
    .map((r) => labels.find((l) => l.reseau_porteur === r)?.label_national)
    .filter((l): l is string => l !== undefined);
}

/** The number as the producer typed it, when that form reads back as the world's number; else our national form. */
function typedPhone(s: SandboxStructure): string | null {
  return s.telephoneRaw && toE164(s.telephoneRaw) === s.telephone ? s.telephoneRaw : nationalPhone(s.telephone);
}

function renderStructure(s: SandboxStructure): DoraStructure {
  return {
    id: s.localId,
    siret: s.siret,
    parent_siret: null,
    antenne: false,
    rna: null,
    nom: s.nom,
    typologie: s.typologie,
    ...presentation(s.description),
    site_web: s.siteWeb,
    telephone: typedPhone(s),
    courriel: s.courriel,
    adresse: s.adresse,
    complement_adresse: s.complementAdresse,
    commune: s.commune,
    code_postal: s.codePostal,
    code_insee: s.codeInsee,
    latitude: s.latitude,
    longitude: s.longitude,
    horaires_ouverture: s.horairesAccueil,
    accessibilite: null,
    labels_nationaux: labelsFor(s),
    labels_autres: [],
    thematiques: null,
    source: null,
    date_maj: `${s.dateMaj}T09:30:00Z`,
    lien_source: `${FRONT}/structures/${slug(s.nom, s.localId)}`,
  };
}

/** v1 modes de mobilisation → the v0 modes d'orientation of one side (`autre` keeps a side that has none). */
function orientation(modes: readonly string[], side: 'beneficiaire' | 'accompagnateur'): string[] {
  const out: string[] = [];
  if (modes.includes('envoyer-un-courriel')) out.push('envoyer-un-mail');
  if (modes.includes('telephoner')) out.push('telephoner');
  if (modes.includes('se-presenter') && side === 'beneficiaire') out.push('se-presenter');
  if (modes.includes('utiliser-lien-mobilisation')) out.push('completer-le-formulaire-dadhesion');
  return out.length > 0 ? out : ['autre'];
}

function zone(
  z: SandboxService['zone'],
): Pick<DoraService, 'zone_diffusion_type' | 'zone_diffusion_code' | 'zone_diffusion_nom'> {
  if (z === null) return { zone_diffusion_type: null, zone_diffusion_code: null, zone_diffusion_nom: null };
  if (z.type === 'pays')
    return { zone_diffusion_type: 'pays', zone_diffusion_code: null, zone_diffusion_nom: 'France' };
  return { zone_diffusion_type: z.type, zone_diffusion_code: z.code, zone_diffusion_nom: z.code };
}

function renderService(s: SandboxService): DoraService {
  const par = s.mobilisablePar ?? [];
  const modes = s.modesMobilisation ?? [];
  // Professionals-only services usually carry an online form; the others a booking link.
  const viaForm = par.includes('professionnels') && !par.includes('usagers');
  return {
    id: s.localId,
    structure_id: s.structureLocalId,
    nom: s.nom,
    ...presentation(s.description),
    types: s.type === null ? [] : [s.type],
    thematiques: [...s.thematiques],
    frais: s.frais,
    frais_autres: s.fraisPrecisions,
    // DORA exports an empty set of publics as ["tous-publics"].
    publics: s.publics && s.publics.length > 0 ? [...s.publics] : ['tous-publics'],
    publics_precisions: s.publicsPrecisions,
    pre_requis: s.conditionsAcces ? s.conditionsAcces.split('\n') : [],
    justificatifs: [],
    cumulable: true,
    prise_rdv: viaForm ? null : s.lienMobilisation,
    formulaire_en_ligne: viaForm ? s.lienMobilisation : null,
    adresse: s.adresse,
    complement_adresse: null,
    commune: s.commune,
    code_postal: s.codePostal,
    code_insee: s.codeInsee,
    latitude: s.latitude,
    longitude: s.longitude,
    recurrence: s.horairesAccueil,
    date_creation: `${s.dateMaj}T08:00:00Z`,
    date_maj: `${s.dateMaj}T16:45:00Z`,
    date_suspension: null,
    lien_source: `${FRONT}/services/${slug(s.nom, s.localId)}`,
    telephone: nationalPhone(s.telephone),
    courriel: s.courriel,
    contact_nom_prenom: s.contactNomPrenom,
    contact_public: s.contactPublic,
    modes_accueil: [...s.modesAccueil],
    ...zone(s.zone),
    modes_orientation_accompagnateur: par.includes('professionnels') ? orientation(modes, 'accompagnateur') : [],
    modes_orientation_accompagnateur_autres: null,
    modes_orientation_beneficiaire: par.includes('usagers') ? orientation(modes, 'beneficiaire') : [],
    modes_orientation_beneficiaire_autres: null,
    temps_passe_duree_hebdomadaire: s.volumeHoraireHebdomadaire,
    temps_passe_semaines: s.nombreSemaines,
    source: null,
  };
}

/** Every `dora` record of the world in DORA's payload shape, in world order. */
export function renderDora(world: SandboxWorld): DoraPayloads {
  return {
    structures: world.structures.filter((s) => s.source === 'dora').map(renderStructure),
    services: world.services.filter((s) => s.source === 'dora').map(renderService),
  };
}
