/**
 * Nomenclature queries: the v1 lists for dropdowns and labels, and the thématique categories.
 * Pure reads of the lists the project carries; no loaders, no partner call.
 */
import { Arg, Query, Resolver } from 'type-graphql';
import { NOMENCLATURES, THEMATIQUE_CATEGORIES, type NomenclatureValue } from '../src/domain/nomenclatures.js';
import { parseNomenclatureName } from '../graphql/scalars/nomenclature-name.js';
import {
  NomenclatureValueType,
  ThematiqueCategorieType,
  type ThematiqueCategorie,
} from '../graphql/types/nomenclature.type.js';

/** Each category with its thématiques (`<categorie>--…`), both sorted by value. */
export function thematiqueCategories(): ThematiqueCategorie[] {
  return THEMATIQUE_CATEGORIES.map((c) => ({
    ...c,
    thematiques: NOMENCLATURES.thematiques.filter((t) => t.value.startsWith(`${c.value}--`)),
  }));
}

/** `nomenclature(name:)` and `thematiqueCategories`. */
@Resolver()
export class NomenclatureResolver {
  @Query(() => [NomenclatureValueType], {
    description:
      'The values of one data·inclusion v1 nomenclature, sorted by value: `thematiques`, `publics`, `types-services`, `frais`, ' +
      '`modes-accueil`, `modes-mobilisation`, `personnes-mobilisatrices` or `reseaux-porteurs` (the d·i `/api/v1/doc/<name>` slugs).',
  })
  nomenclature(
    @Arg('name', () => String, {
      description:
        'Nomenclature name, e.g. `thematiques`. camelCase/snake_case spellings and `types`/`mobilisable_par` are accepted too.',
    })
    name: string,
  ): readonly NomenclatureValue[] {
    return NOMENCLATURES[parseNomenclatureName(name)];
  }

  @Query(() => [ThematiqueCategorieType], {
    description:
      'The 16 thématique categories, each with its thématiques; a category can be used wherever a `ThematiqueOuCategorie` is accepted.',
  })
  thematiqueCategories(): ThematiqueCategorie[] {
    return thematiqueCategories();
  }
}
