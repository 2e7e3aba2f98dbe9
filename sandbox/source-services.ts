/**
 * Services as the sources with their own vocabulary describe them (Soliguide categories,
 * médiation numérique service labels, fredo services, mes-aides besoins, monenfant crèches).
 * The v1 values come from data·inclusion's own mapping tables, so a simulator can render the
 * producer's vocabulary back from `sourceCategories` and land on exactly these v1 values.
 */
import { jsonArrayCell, readTable } from '../connectors/tables.js';
import type { ServiceTemplate } from './catalogue.js';

/** A template plus the producer's own category codes or labels. */
export type SourceTemplate = ServiceTemplate & { readonly sourceCategories: readonly string[] };

const PM = 'pipeline-mappings';

function column(file: string, key: string, value: string, code: string): string[] {
  return readTable(`${PM}/${file}`)
    .filter((r) => r[key] === code && r[value])
    .map((r) => r[value]!);
}

/** Soliguide categories per kind of place; hygiene ones map to no thématique, so d·i drops them. */
export const SOLIGUIDE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  ccas: ['domiciliation', 'administrative_assistance', 'social_accompaniment', 'food_voucher'],
  epicerie: ['social_grocery_stores'],
  'aide-alimentaire': [
    'food_distribution',
    'food_packages',
    'seated_catering',
    'clothing',
    'shower',
    'laundry',
    'hygiene_products',
  ],
  asso: [
    'legal_advice',
    'psychological_support',
    'french_course',
    'day_hosting',
    'social_accompaniment',
    'general_practitioner',
    'dental_care',
    'shower',
    'toilets',
  ],
  'centre-social': ['french_course', 'social_accompaniment', 'wifi', 'information_point'],
};

/** One Soliguide service (`services_all` item) in v1 terms. */
export function soliguideTemplate(category: string, paid: boolean): SourceTemplate {
  const label = readTable(`${PM}/stg_soliguide__categories.csv`).find((r) => r.code === category)?.label ?? category;
  const type = column('_map_soliguide__types_v1.csv', 'category', 'type_', category)[0] ?? null;
  return {
    nom: label,
    type,
    thematiques: column('_map_soliguide__thematiques_v1.csv', 'category', 'thematique', category),
    publics: ['tous-publics'],
    frais: paid ? 'payant' : 'gratuit',
    modes: ['en-presentiel'],
    mobilisation: ['telephoner', 'envoyer-un-courriel', 'se-presenter'],
    mobilisablePar: ['usagers', 'professionnels'],
    description: `${label} : accueil sans rendez-vous aux horaires d’ouverture. Informations mises à jour par l’équipe Soliguide.`,
    sourceCategories: [category],
  };
}

/** The médiation numérique `services` labels (the schéma des lieux de médiation numérique). */
export function mediationLabels(): string[] {
  return readTable(`${PM}/_map_mediation_numerique__thematiques.csv`).map((r) => r.service!);
}

/** The one generic service of a médiation numérique place. */
export function mediationTemplate(labels: readonly string[], modalite: string): SourceTemplate {
  const them = new Set<string>();
  for (const l of labels) {
    const row = readTable(`${PM}/_map_mediation_numerique__thematiques.csv`).find((r) => r.service === l);
    for (const t of jsonArrayCell(row?.thematiques)) them.add(t);
  }
  const type = column('_map_mediation_numerique__types.csv', 'modalite', 'type', modalite)[0] ?? null;
  return {
    nom: 'Service d’accompagnement au numérique',
    type,
    thematiques: [...them].sort(),
    publics: ['tous-publics'],
    frais: 'gratuit',
    modes: ['en-presentiel'],
    mobilisation: ['telephoner', 'se-presenter'],
    mobilisablePar: ['usagers'],
    description: `Lieu de médiation numérique : ${labels.join(', ').toLowerCase()}. ${modalite}.`,
    sourceCategories: labels,
  };
}

/** fredo (La Réunion) services: a service value (type) and a category (thématiques). */
export const FREDO_SERVICES: ReadonlyArray<readonly [string, string]> = [
  ['accès aux droits', 'administratif'],
  ['accompagnement global', 'emploi / insertion / apprentissage'],
  ['aide financière', 'alimentation / equipement'],
  ['activités / ateliers', 'parents / enfants'],
  ['accompagnement psychologique', 'santé mentale'],
  ['information / orientation', 'logement'],
  ['ecoute / soutien', 'protection / prévention / violences intrafamiliales'],
  ['accompagnement dans les démarches via le numérique', 'numérique'],
];

/** One fredo service in v1 terms. */
export function fredoTemplate(service: string, category: string, publicFredo: string): SourceTemplate {
  const publics = [...new Set(column('_map_fredo__publics.csv', 'public_fredo', 'public_di', publicFredo))];
  return {
    nom: `${service[0]!.toUpperCase()}${service.slice(1)}`,
    type: column('_map_fredo__types.csv', 'service', 'type', service)[0] ?? null,
    thematiques: column('_map_fredo__thematiques.csv', 'category', 'thematique', category),
    publics: publics.length > 0 ? publics : null,
    frais: 'gratuit',
    modes: ['en-presentiel'],
    mobilisation: ['telephoner', 'se-presenter'],
    mobilisablePar: ['usagers', 'professionnels'],
    description: `${service} (${category}) : renseignements auprès de la structure, sur rendez-vous de préférence.`,
    sourceCategories: [service, category, publicFredo],
  };
}

/** mes-aides mobility aids: name, besoin, type d'aide. */
export const MES_AIDES_AIDES: ReadonlyArray<readonly [string, string, string]> = [
  ['Aide au permis de conduire B', 'financer mon permis', 'aide financiere'],
  ['Aide au carburant', 'financer le carburant', 'aide financiere'],
  ['Location de véhicule à 1 € par jour', 'acheter ou louer une voiture', 'prestation'],
  ['Microcrédit mobilité', "financer l'achat d'un véhicule", 'aide financiere'],
  ['Prime à l’achat d’un vélo électrique', 'acheter un vélo électrique', 'allocation'],
  ['Aide aux frais de déplacement', 'financer mes trajets', 'aide financiere'],
  ['Conseil en mobilité', 'accompagnement personnalisé à la mobilité', 'accompagnement'],
  ['Aide à la réparation du véhicule', 'réparer ma voiture', 'aide financiere'],
];

/** One mes-aides aid: remote only, no address, free. */
export function mesAidesTemplate(nom: string, besoin: string, typeAide: string): SourceTemplate {
  return {
    nom,
    type: column('_map_mes_aides__types_v1.csv', 'type_aide', 'type', typeAide)[0] ?? null,
    thematiques: [...new Set(column('_map_mes_aides__thematiques_v1.csv', 'besoin', 'thematique', besoin))],
    publics: ['demandeurs-emploi'],
    frais: 'gratuit',
    modes: ['a-distance'],
    mobilisation: ['utiliser-lien-mobilisation'],
    mobilisablePar: ['usagers', 'professionnels'],
    description: `${nom} : aide à la mobilité pour l’accès à l’emploi ou à la formation. Les conditions et le montant dépendent de votre situation.`,
    conditions: 'Être inscrit à France Travail ou suivi par un organisme d’insertion.',
    sourceCategories: [besoin, typeAide],
  };
}

/** The monenfant service of a crèche (d·i's fixed name). */
export function monenfantTemplate(avip: boolean): SourceTemplate {
  return {
    nom: avip ? 'Garde et accueil des enfants À Vocation d’Insertion Professionnelle' : 'Garde et accueil des enfants',
    type: null,
    thematiques: ['famille--garde-denfants'],
    publics: ['familles'],
    frais: 'payant',
    fraisPrecisions: 'Tarif horaire selon le barème national de la CNAF.',
    modes: ['en-presentiel'],
    mobilisation: ['telephoner', 'envoyer-un-courriel'],
    mobilisablePar: ['usagers'],
    description:
      'Établissement d’accueil du jeune enfant de 10 semaines à 4 ans. Accueil régulier et occasionnel, repas et couches fournis.',
    sourceCategories: avip ? ['EAJE', 'avip'] : ['EAJE'],
  };
}
