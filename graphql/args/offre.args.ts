/** Arguments of the `structures` and `services` connections. */
import { IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { ServiceFilter, StructureFilter } from '../inputs/offre-filter.input.js';

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 500;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1–${MAX_PAGE_SIZE}.` })
  @Min(1, { message: 'first must be at least 1, got: $value' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}, got: $value` })
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor after which the page starts (`pageInfo.endCursor` of the previous page).',
  })
  @IsOptional()
  @MaxLength(512, { message: 'after must be a cursor given by pageInfo.endCursor (at most 512 characters)' })
  after?: string;
}

@ArgsType()
export class ServicesArgs extends PageArgs {
  @Field(() => ServiceFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ServiceFilter;
}

@ArgsType()
export class StructuresArgs extends PageArgs {
  @Field(() => StructureFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: StructureFilter;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'BETA (d·i `exclure_doublons`): one node per cluster of duplicates among the matching records — the merged ' +
      'structure (`sources`, `provenance`), whose id is the record its `nom` rule picks. Off (default): one node per source record, each with its `doublons`.',
  })
  exclureDoublons!: boolean;
}
