/**
 * The reverse of mapping.ts: renders the sandbox world's `mediation-numerique` records as rows of
 * the cartographie's `carto` view (LaMednum labels, `|`-joined `courriels`, `adresse` object,
 * médiateurs). A lieu's service fields come from its first world service. Pure.
 */
import type { SandboxService, SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { jsonArrayCell, readTable } from '../tables.js';
import type { CartoAdresse, CartoRow } from './types.js';

const rows = (file: string) => readTable(`pipeline-mappings/_map_mediation_numerique__${file}.csv`);

/** The first labels of `file` whose mapped value(s) cover each wanted v1 value; unreachable values are left out. */
function labelsFor(file: string, key: string, value: string, wanted: readonly string[], json = false): string[] {
  const table = rows(file);
  const out = wanted
    .map((w) => table.find((r) => (json ? jsonArrayCell(r[value]).includes(w) : r[value] === w))?.[key])
    .filter((l): l is string => l !== undefined);
  return [...new Set(out)];
}

/** `12 bis rue X` → numéro, répétition, voie (the mapping joins them back with spaces). */
export function splitAdresse(
  s: Pick<SandboxStructure, 'adresse' | 'codePostal' | 'commune' | 'codeInsee'>,
): CartoAdresse {
  const m = /^(\d+)(?:\s+(bis|ter|quater))?\s+(.+)$/i.exec(s.adresse);
  return {
    numero_voie: m ? m[1]! : null,
    repetition: m?.[2] ?? null,
    nom_voie: m ? m[3]! : s.adresse,
    code_postal: s.codePostal,
    commune: s.commune,
    code_insee: s.codeInsee,
  };
}

function presentation(d: string | null): Pick<CartoRow, 'presentation_resume' | 'presentation_detail'> {
  if (d === null || d.length <= 280) return { presentation_resume: d, presentation_detail: null };
  return { presentation_resume: `${d.slice(0, 277)}…`, presentation_detail: d };
}

const ACCOMPAGNEMENT: Readonly<Record<string, string>> = {
  'aide-materielle': 'En autonomie',
  atelier: 'Dans un atelier collectif',
  accompagnement: 'Accompagnement individuel',
};

/** Service-side columns of a lieu, from its world service (empty when the lieu has none). */
function serviceColumns(sv: SandboxService | undefined, structureCourriel: string | null) {
  const publics = sv?.publics ?? [];
  const accompagnement = [
    ...(sv?.type && ACCOMPAGNEMENT[sv.type] ? [ACCOMPAGNEMENT[sv.type]!] : []),
    ...(sv?.modesAccueil.includes('a-distance') ? ['À distance'] : []),
  ];
  const [prenom, ...nom] = (sv?.contactNomPrenom ?? '').split(' ');
  return {
    // The producer's own labels when the world kept them, else labels that cover the thématiques.
    services: sv?.sourceCategories
      ? [...sv.sourceCategories]
      : labelsFor('thematiques', 'service', 'thematiques', sv?.thematiques ?? [], true),
    publics_specifiquement_adresses: labelsFor('publics', 'public_source', 'public', publics),
    prise_en_charge_specifique: labelsFor('publics__prise_en_charge', 'prise_en_charge', 'public', publics),
    frais_a_charge: sv?.frais === 'gratuit' ? ['Gratuit'] : sv?.frais === 'payant' ? ['Payant'] : [],
    modalites_acces: labelsFor('modes_mobilisation', 'modalite', 'mode_mobilisation', sv?.modesMobilisation ?? []),
    modalites_accompagnement: accompagnement,
    prise_rdv: sv?.lienMobilisation ?? null,
    mediateurs: sv?.contactNomPrenom
      ? [
          {
            prenom: prenom ?? null,
            nom: nom.join(' ') || null,
            label: [],
            email: sv.courriel !== structureCourriel ? sv.courriel : null,
            telephone: null,
          },
        ]
      : [],
  };
}

function renderRow(s: SandboxStructure, sv: SandboxService | undefined): CartoRow {
  return {
    id: s.localId,
    pivot: s.siret ?? '00000000000000',
    nom: s.nom,
    adresse: splitAdresse(s),
    latitude: s.latitude,
    longitude: s.longitude,
    typologie: [s.typologie],
    telephone: s.telephone,
    courriels: s.courriel,
    site_web: s.siteWeb,
    horaires: s.horairesAccueil,
    ...presentation(s.description),
    source: s.reseauxPorteurs.includes('conseillers-numeriques') ? 'Conseiller Numérique' : 'Hinaura',
    itinerance: [],
    date_maj: s.dateMaj,
    dispositif_programmes_nationaux: labelsFor('reseaux_porteurs', 'dispositif', 'reseau_porteur', s.reseauxPorteurs),
    formations_labels: [],
    autres_formations_labels: [],
    ...serviceColumns(sv, s.courriel),
  };
}

/** Every `mediation-numerique` lieu of the world as a `carto` row, in world order. */
export function renderMediationNumerique(world: SandboxWorld): CartoRow[] {
  const services = world.services.filter((s) => s.source === 'mediation-numerique');
  return world.structures
    .filter((s) => s.source === 'mediation-numerique')
    .map((s) =>
      renderRow(
        s,
        services.find((sv) => sv.structureLocalId === s.localId),
      ),
    );
}
