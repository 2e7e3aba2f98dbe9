/** GraphQL `Region`: a région of the Code Officiel Géographique; its départements are resolved by the territory resolver. */
import { Field, ObjectType } from 'type-graphql';
import type { Region } from '../../src/domain/territory.js';

/** A région (18: 13 in metropolitan France, 5 overseas). */
@ObjectType('Region', {
  description:
    'A French région, the top administrative level: 13 in metropolitan France and 5 overseas (Guadeloupe, Martinique, ' +
    'Guyane, La Réunion, Mayotte), as listed by INSEE’s Code Officiel Géographique (COG).',
})
export class RegionType implements Region {
  @Field(() => String, {
    description: 'INSEE région code, 2 digits (e.g. `32` for Hauts-de-France, `01` for Guadeloupe).',
  })
  readonly code!: string;

  @Field(() => String, { description: 'Official name (e.g. `Hauts-de-France`).' })
  readonly nom!: string;
}
