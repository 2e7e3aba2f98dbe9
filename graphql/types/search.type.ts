/** The result of `searchServices`: services in d·i's search order, each with its distance. */
import { Field, Int, ObjectType } from 'type-graphql';
import type { Commune, GeoPoint } from '../../src/domain/territory.js';
import { CommuneType } from './commune.type.js';
import { PageInfo } from './connection.type.js';
import { GeoPointType } from './geo-point.type.js';
import { ServiceType } from './service.type.js';

@ObjectType({ description: 'One search result.' })
export class ServiceSearchEdge {
  @Field(() => ServiceType, { description: 'The service; `node.structure` is its merged structure.' })
  node!: ServiceType;

  @Field(() => Int, {
    nullable: true,
    description:
      'Distance in whole km from the origin, only for `en-presentiel` services within 50 km; null otherwise (remote services, far mixed ones).',
  })
  distance!: number | null;

  @Field(() => String, { description: 'Opaque cursor of this edge (its place in the sorted stream).' }) cursor!: string;
}

@ObjectType({ description: 'A page of search results, sorted by distance (nulls last) then service id.' })
export class ServiceSearchConnection {
  @Field(() => [ServiceSearchEdge]) edges!: ServiceSearchEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Number of results over all pages, from the sources that answered.' })
  totalCount!: number;
  @Field(() => [String], {
    description: 'Sources that failed: totalCount and the pages miss their records (see errors[]).',
  })
  incompleteSources!: string[];

  @Field(() => CommuneType, {
    nullable: true,
    description:
      'The commune whose inhabitants the results are open to: `codeCommune`’s (with `arrondissement` or `communeDeleguee` set ' +
      'when one was asked), or the one at `lat`/`lon`; null for a search without location.',
  })
  commune!: Commune | null;

  @Field(() => GeoPointType, {
    nullable: true,
    description: 'The point distances are measured from; null for a search without location.',
  })
  origine!: GeoPoint | null;
}
