/**
 * Reverse of the file mappings, for the simulator and tests: the sandbox world's records rendered as
 * the mes-aides aides export (French columns, multi-select cells, national phone numbers) and as a
 * France Travail–style v1 sheet (DD/MM/YYYY dates, ", "-separated lists). Pure apart from the COG look-up.
 */
import type { SandboxService, SandboxStructure, SandboxWorld, SandboxZone } from '../../sandbox/world.js';
import { readTable } from '../tables.js';
import { formatCsv } from './csv.js';
import type { TerritoryLookup } from './territories.js';
import { MES_AIDES_COLUMNS, V1_SERVICE_COLUMNS, V1_STRUCTURE_COLUMNS, type MesAidesColumn } from './types.js';

/** A rendered row: column → cell text. */
export type RenderedRow = Readonly<Record<string, string>>;

/** `+33320123456` → `03 20 12 34 56`; other numbers unchanged. */
export function nationalPhone(e164: string | null): string {
  if (!e164) return '';
  return /^\+33\d{9}$/.test(e164) ? `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ') : e164;
}

/** For each v1 thématique, a besoin that maps to it (preferring one that maps to it alone). */
function besoinFor(thematique: string): string | null {
  const rows = readTable('pipeline-mappings/_map_mes_aides__thematiques_v1.csv');
  const targets = (b: string) => rows.filter((r) => r.besoin === b).map((r) => r.thematique);
  const candidates = rows.filter((r) => r.thematique === thematique).map((r) => r.besoin!);
  const b = candidates.find((c) => targets(c).length === 1 && !c.includes(',')) ?? candidates[0];
  return b ? b[0]!.toUpperCase() + b.slice(1) : null; // the export capitalises labels; the mapping lower-cases them
}

const TYPE_AIDE: Readonly<Record<string, string>> = {
  'aide-financiere': 'Aide financière',
  'aide-materielle': 'Prestation',
  accompagnement: 'Accompagnement',
};
const NATURE: Readonly<Record<string, string>> = { gratuit: 'Prise en charge totale', payant: "Somme d'argent" };
const CONDITION: Readonly<Record<string, string>> = {
  'tous-publics': 'Tout public',
  'demandeurs-emploi': 'Être inscrit France Travail',
  'beneficiaires-des-minimas-sociaux': 'Allocataire RSA',
  'personnes-en-situation-de-handicap': 'En situation de handicap',
  jeunes: 'Avoir moins de 26 ans',
  seniors: 'Avoir plus de 50 ans',
  etudiants: 'Étudiant',
  actifs: 'Intérimaire',
};

/** The zone cells of an aide. */
function zoneCells(zone: SandboxZone, cog: TerritoryLookup): Partial<Record<MesAidesColumn, string>> {
  if (zone === null) return {};
  switch (zone.type) {
    case 'commune': {
      const c = cog.commune(zone.code);
      return { 'Zone géographique': 'Échelle communale', Villes: c ? `${c.nom} (${c.codePostal ?? ''})` : '' };
    }
    case 'epci':
      return { 'Zone géographique': 'Échelle intercommunale', EPCI: cog.nameOf('epci', zone.code) ?? '' };
    case 'departement':
      return {
        'Zone géographique': 'Échelle départementale',
        Départements: `${zone.code} - ${cog.nameOf('departement', zone.code) ?? ''}`,
      };
    case 'region':
      return { 'Zone géographique': 'Échelle régionale', Régions: cog.nameOf('region', zone.code) ?? '' };
    case 'pays':
      return { 'Zone géographique': 'Échelle nationale' };
  }
}

const multi = (values: ReadonlyArray<string | null | undefined>) =>
  [...new Set(values.filter((v): v is string => !!v))].map((v) => (v.includes(',') ? `"${v}"` : v)).join(',');

/** One mes-aides service (and its structure) as an aides row. */
export function renderMesAidesRow(
  s: SandboxService,
  org: SandboxStructure | undefined,
  cog: TerritoryLookup,
): Record<MesAidesColumn, string> {
  const row = Object.fromEntries(MES_AIDES_COLUMNS.map((c) => [c, ''])) as Record<MesAidesColumn, string>;
  return Object.assign(row, {
    ID: s.localId,
    Nom: s.nom,
    Description: s.description,
    Besoins: multi(s.thematiques.map(besoinFor)),
    Nature: s.frais ? NATURE[s.frais]! : '',
    "Type d'aide": s.type ? (TYPE_AIDE[s.type] ?? '') : '',
    Conditions: multi((s.publics ?? []).map((p) => CONDITION[p])),
    'Autres Conditions': s.conditionsAcces ?? '',
    'Formulaire Url': s.lienMobilisation ?? '',
    Site: org?.siteWeb ?? '',
    "Voir l'aide": `https://mes-aides.francetravail.fr/aides/${encodeURIComponent(s.localId)}`,
    'Contact Email': s.courriel ?? org?.courriel ?? '',
    'Contact Tel': nationalPhone(s.telephone ?? org?.telephone ?? null),
    'En ligne': 'checked',
    'Créée le': `${s.dateMaj}T08:00:00.000Z`,
    'Modifiée le': `${s.dateMaj}T08:00:00.000Z`,
    'Mise à jour le': s.dateMaj,
    Organisme: org?.nom ?? '',
    ...zoneCells(s.zone, cog),
  });
}

/** The world's mes-aides services as aides rows (structure looked up by its local id). */
export function renderMesAides(world: SandboxWorld, cog: TerritoryLookup): Array<Record<MesAidesColumn, string>> {
  const orgs = new Map(world.structures.filter((s) => s.source === 'mes-aides').map((s) => [s.localId, s]));
  return world.services
    .filter((s) => s.source === 'mes-aides')
    .map((s) => renderMesAidesRow(s, orgs.get(s.structureLocalId), cog));
}

const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');
const listCell = (v: readonly string[] | null) => (v ?? []).join(', ');
const opt = (v: string | number | null) => (v === null ? '' : String(v));

/** Sandbox zone → v1 zone_eligibilite codes (a région stays a région code: the sheet would list its départements). */
function zoneCodes(z: SandboxZone, cog: TerritoryLookup): string {
  if (z === null) return '';
  if (z.type === 'pays') return 'france';
  if (z.type === 'region') return cog.departementsOfRegion(z.code).join(', ');
  return z.code;
}

/** Services as a v1 sheet row (France Travail shape plus structure_id and the address block). */
export function renderV1ServiceRow(s: SandboxService, cog: TerritoryLookup): RenderedRow {
  const cells: Record<string, string> = {
    id: s.localId,
    structure_id: s.structureLocalId,
    date_maj: ddmmyyyy(s.dateMaj),
    nom: s.nom,
    description: s.description,
    type: opt(s.type),
    thematiques: listCell(s.thematiques),
    frais: opt(s.frais),
    frais_precisions: opt(s.fraisPrecisions),
    publics: listCell(s.publics),
    publics_precisions: opt(s.publicsPrecisions),
    conditions_acces: opt(s.conditionsAcces),
    telephone: nationalPhone(s.telephone),
    courriel: opt(s.courriel),
    contact_nom_prenom: opt(s.contactNomPrenom),
    modes_accueil: listCell(s.modesAccueil),
    modes_mobilisation: listCell(s.modesMobilisation),
    lien_mobilisation: opt(s.lienMobilisation),
    mobilisable_par: listCell(s.mobilisablePar),
    zone_eligibilite: zoneCodes(s.zone, cog),
    volume_horaire_hebdomadaire: opt(s.volumeHoraireHebdomadaire),
    nombre_semaines: opt(s.nombreSemaines),
    horaires_accueil: opt(s.horairesAccueil),
    adresse: opt(s.adresse),
    code_postal: opt(s.codePostal),
    code_insee: opt(s.codeInsee),
    commune: opt(s.commune),
    latitude: opt(s.latitude),
    longitude: opt(s.longitude),
  };
  return Object.fromEntries(V1_SERVICE_COLUMNS.map((c) => [c, cells[c] ?? '']));
}

/** A structure as a v1 structures-sheet row. */
export function renderV1StructureRow(s: SandboxStructure): RenderedRow {
  const cells: Record<string, string> = {
    id: s.localId,
    nom: s.nom,
    date_maj: ddmmyyyy(s.dateMaj),
    description: opt(s.description),
    siret: opt(s.siret),
    adresse: s.adresse,
    complement_adresse: opt(s.complementAdresse),
    code_postal: s.codePostal,
    code_insee: s.codeInsee,
    commune: s.commune,
    latitude: String(s.latitude),
    longitude: String(s.longitude),
    telephone: nationalPhone(s.telephone),
    courriel: opt(s.courriel),
    site_web: opt(s.siteWeb),
    horaires_accueil: opt(s.horairesAccueil),
    reseaux_porteurs: listCell(s.reseauxPorteurs),
  };
  return Object.fromEntries(V1_STRUCTURE_COLUMNS.map((c) => [c, cells[c] ?? '']));
}

/** Rows as a CSV body with the given columns. */
export function rowsToCsv(columns: readonly string[], rows: readonly RenderedRow[], delimiter = ','): string {
  return formatCsv(
    columns,
    rows.map((r) => columns.map((c) => r[c] ?? '')),
    delimiter,
  );
}
