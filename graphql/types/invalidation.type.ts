/** What a cache invalidation did (admin mutation `invalidateCache`). */
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('InvalidationResult', { description: 'What a cache invalidation dropped, and what it was asked to drop.' })
export class InvalidationResultType {
  @Field(() => Int, { description: 'Cache entries dropped: partner answers and whole responses that contained them.' })
  dropped!: number;
  @Field(() => String, { nullable: true, description: 'The source whose answers were dropped, if one was given.' })
  source!: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The record whose answers were dropped (with every list of its source), if one was given.',
  })
  id!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The commune or département code whose answers were dropped, if one was given.',
  })
  territory!: string | null;
}
