/**
 * Nomenclature entries as the d·i API serves them (`/api/v1/doc/<name>`: `{value, label, description}`),
 * for dropdowns and labels, and the thématique categories with their sub-thématiques.
 */
import { Field, ObjectType } from 'type-graphql';
import type { NomenclatureValue } from '../../src/domain/nomenclatures.js';

/** One value of a v1 nomenclature. */
@ObjectType('NomenclatureValue', {
  description: 'One value of a data·inclusion v1 nomenclature, with its French label.',
})
export class NomenclatureValueType implements NomenclatureValue {
  @Field(() => String, {
    description: 'The exact schema value, as fields and filters use it (e.g. `famille--garde-denfants`).',
  })
  readonly value!: string;

  @Field(() => String, { description: 'Human-readable French label (e.g. `Garde d’enfants`).' })
  readonly label!: string;

  @Field(() => String, {
    nullable: true,
    description: 'French description of the value, when the nomenclature gives one.',
  })
  readonly description!: string | null;
}

/** A thématique category and the thématiques under it, as resolvers build it. */
export interface ThematiqueCategorie extends NomenclatureValue {
  readonly thematiques: readonly NomenclatureValue[];
}

/** One of the 16 thématique categories (`famille`), with its sub-thématiques. */
@ObjectType('ThematiqueCategorie', {
  description:
    'A thématique category (the part before `--`, e.g. `famille`). Accepted by `ThematiqueOuCategorie` filters, ' +
    'where it stands for all its thématiques; never a value of `Service.thematiques`.',
})
export class ThematiqueCategorieType implements ThematiqueCategorie {
  @Field(() => String, { description: 'The category value (e.g. `famille`).' })
  readonly value!: string;

  @Field(() => String, { description: 'Human-readable French label (e.g. `Famille`).' })
  readonly label!: string;

  @Field(() => String, { nullable: true, description: 'French description of the category, when there is one.' })
  readonly description!: string | null;

  @Field(() => [NomenclatureValueType], {
    description: 'The thématiques of this category (`<categorie>--…`), sorted by value.',
  })
  readonly thematiques!: readonly NomenclatureValue[];
}
