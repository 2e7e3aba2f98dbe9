/**
 * GraphQL `Departement`; its région, communes and EPCIs are resolved by the territory resolver.
 * `codeRegion` stays a domain field (the `region` field resolves it) and is not exposed.
 */
import { Field, ObjectType } from 'type-graphql';
import type { Departement } from '../../src/domain/territory.js';

/** A département (101, the five overseas ones included). */
@ObjectType('Departement', {
  description:
    'A French département, the administrative level between the région and the commune: 96 in metropolitan France ' +
    '(Corsica has two, `2A` and `2B`) and 5 overseas (`971`–`974`, `976`), as listed by INSEE’s Code Officiel Géographique.',
})
export class DepartementType implements Departement {
  @Field(() => String, {
    description: 'INSEE département code: `01`–`95`, `2A`, `2B` or `971`–`976` (e.g. `59` for Nord).',
  })
  readonly code!: string;

  @Field(() => String, { description: 'Official name (e.g. `Nord`, `Corse-du-Sud`).' })
  readonly nom!: string;

  readonly codeRegion!: string;
}
