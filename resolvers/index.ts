/** The resolver classes given to buildSchema. Each helper adds its own line. */
import type { NonEmptyArray } from 'type-graphql';
import { ServiceScoreResolver, StructureMergeResolver } from './merge.resolver.js';
import { AdminResolver } from './admin.resolver.js';
import { NomenclatureResolver } from './nomenclature.resolver.js';
import { OffreResolver, ServiceRelationsResolver } from './offre.resolver.js';
import { SearchResolver } from './search.resolver.js';
import { CommuneResolver, DepartementResolver, EpciResolver, RegionResolver } from './territory.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql takes resolver classes as Function
export const resolvers: NonEmptyArray<Function> = [
  NomenclatureResolver,
  OffreResolver,
  ServiceRelationsResolver,
  StructureMergeResolver,
  ServiceScoreResolver,
  SearchResolver,
  CommuneResolver,
  DepartementResolver,
  RegionResolver,
  EpciResolver,
  AdminResolver,
];
