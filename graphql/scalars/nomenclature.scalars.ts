/**
 * One GraphQL scalar per v1 nomenclature (docs/data-inclusion.md#nomenclatures), validated against the lists in
 * src/domain/nomenclatures.ts. These are immutable schema constants like the type classes, not
 * stateful singletons: decorators need a module-level reference (`@Field(() => [Thematique])`).
 */
import { NOMENCLATURES, THEMATIQUE_CATEGORIES, type NomenclatureName } from '../../src/domain/nomenclatures.js';
import { createNomenclatureScalar } from './nomenclature-scalar.js';

/** The d·i API serves each v1 list publicly (no token) at this address, sorted by value. */
const DOC_URL = 'https://api.data.inclusion.gouv.fr/api/v1/doc/';

const valuesOf = (name: NomenclatureName): string[] => NOMENCLATURES[name].map((v) => v.value);

/** Builds the scalar for one named list, with the count and an example in its description. */
function listScalar(gqlName: string, list: NomenclatureName, what: string, example?: string) {
  const values = valuesOf(list);
  if (example !== undefined && !values.includes(example))
    throw new Error(`${gqlName}: example "${example}" is not in ${list}`);
  return createNomenclatureScalar({
    name: gqlName,
    description: `${what} A data·inclusion v1 value from the \`${list}\` nomenclature (${values.length} values, e.g. \`${example ?? values[0]}\`), listed by \`nomenclature(name: "${list}")\`.`,
    values,
    listedBy: `nomenclature(name: "${list}")`,
    specifiedByURL: DOC_URL + list,
  });
}

/** `<categorie>--<sous-thematique>`, e.g. `famille--garde-denfants` (69 values). */
export const ThematiqueScalar = listScalar(
  'Thematique',
  'thematiques',
  'A theme addressed by a service, written `<categorie>--<sous-thematique>`.',
  'famille--garde-denfants',
);

/** A thématique or one of the 16 categories (`famille`); for filters, which expand a category to its thématiques. */
export const ThematiqueOuCategorieScalar = createNomenclatureScalar({
  name: 'ThematiqueOuCategorie',
  description:
    'A filter value: either a `Thematique` (`famille--garde-denfants`) or one of the 16 categories (`famille`), ' +
    'which stands for all its sub-thématiques, as the data·inclusion API `thematiques` filter does.',
  values: [...THEMATIQUE_CATEGORIES.map((c) => c.value), ...valuesOf('thematiques')],
  listedBy: '`thematiqueCategories` (categories and their thématiques)',
  specifiedByURL: DOC_URL + 'thematiques',
});

/** Target public of a service (`jeunes`, `tous-publics`…). */
export const PublicScalar = listScalar('Public', 'publics', 'A target public of a service.', 'jeunes');

/** Kind of service (`accompagnement`, `formation`…). */
export const TypeServiceScalar = listScalar(
  'TypeService',
  'types-services',
  'The kind of a service (schema field `type`).',
);

/** `gratuit` or `payant`. */
export const FraisScalar = listScalar('Frais', 'frais', 'Whether a service is free or paid.');

/** `a-distance` or `en-presentiel`. */
export const ModeAccueilScalar = listScalar(
  'ModeAccueil',
  'modes-accueil',
  'How a service receives people (on site or remotely).',
);

/** How to mobilise a service (`telephoner`, `se-presenter`…). */
export const ModeMobilisationScalar = listScalar(
  'ModeMobilisation',
  'modes-mobilisation',
  'How a service is mobilised.',
);

/** Who can mobilise a service: `usagers` and/or `professionnels`. */
export const PersonneMobilisatriceScalar = listScalar(
  'PersonneMobilisatrice',
  'personnes-mobilisatrices',
  'Who can mobilise a service (schema field `mobilisable_par`).',
);

/** Network, organisation or administration carrying a structure (108 values). */
export const ReseauPorteurScalar = listScalar(
  'ReseauPorteur',
  'reseaux-porteurs',
  'A network, organisation or administration carrying a structure.',
  'france-travail',
);

/** Every nomenclature scalar, e.g. for a schema `scalarsMap` or a test. */
export const NOMENCLATURE_SCALARS = [
  ThematiqueScalar,
  ThematiqueOuCategorieScalar,
  PublicScalar,
  TypeServiceScalar,
  FraisScalar,
  ModeAccueilScalar,
  ModeMobilisationScalar,
  PersonneMobilisatriceScalar,
  ReseauPorteurScalar,
] as const;
