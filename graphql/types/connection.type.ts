/** Relay connections over structures and services. */
import { Field, Int, ObjectType } from 'type-graphql';
import { ServiceType } from './service.type.js';
import { StructureType } from './structure.type.js';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class StructureEdge {
  @Field(() => StructureType) node!: StructureType;
  @Field(() => String, { description: 'Opaque cursor of this edge.' }) cursor!: string;
}

@ObjectType()
export class ServiceEdge {
  @Field(() => ServiceType) node!: ServiceType;
  @Field(() => String, { description: 'Opaque cursor of this edge.' }) cursor!: string;
}

@ObjectType({ description: 'A page of structures, from every source that answered.' })
export class StructureConnection {
  @Field(() => [StructureEdge]) edges!: StructureEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Number of matching records over all pages, from the sources that answered.' })
  totalCount!: number;
  @Field(() => [String], {
    description: 'Sources that failed: totalCount and the pages miss their records (see errors[]).',
  })
  incompleteSources!: string[];
}

@ObjectType({ description: 'A page of services, from every source that answered.' })
export class ServiceConnection {
  @Field(() => [ServiceEdge]) edges!: ServiceEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Number of matching records over all pages, from the sources that answered.' })
  totalCount!: number;
  @Field(() => [String], {
    description: 'Sources that failed: totalCount and the pages miss their records (see errors[]).',
  })
  incompleteSources!: string[];
}
