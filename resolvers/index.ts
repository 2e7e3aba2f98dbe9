/** The resolver classes given to buildSchema. Each helper adds its own line. */
import type { NonEmptyArray } from 'type-graphql';
import { NomenclatureResolver } from './nomenclature.resolver.js';
import { OffreResolver, ServiceRelationsResolver } from './offre.resolver.js';
import { CommuneResolver, DepartementResolver, EpciResolver, RegionResolver } from './territory.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const resolvers: NonEmptyArray<Function> = [
  NomenclatureResolver,
  OffreResolver,
  ServiceRelationsResolver,
  CommuneResolver, DepartementResolver, RegionResolver, EpciResolver,
];
