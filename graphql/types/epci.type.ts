/** GraphQL `Epci`; its communes and départements are resolved by the territory resolver. */
import { Field, ObjectType } from 'type-graphql';
import type { Epci } from '../../src/domain/territory.js';

/** An EPCI à fiscalité propre (inter-municipal body). */
@ObjectType('Epci', {
  description:
    'An EPCI (établissement public de coopération intercommunale à fiscalité propre): an inter-municipal body that ' +
    'groups neighbouring communes and raises its own taxes — a métropole, communauté urbaine, communauté ' +
    'd’agglomération or communauté de communes. Almost every commune belongs to exactly one.',
})
export class EpciType implements Epci {
  @Field(() => String, {
    description: 'SIREN of the EPCI, 9 digits (e.g. `200093201` for the Métropole Européenne de Lille).',
  })
  readonly code!: string;

  @Field(() => String, { description: 'Official name (e.g. `Métropole Européenne de Lille`, `CC du Pays de Mormal`).' })
  readonly nom!: string;
}
