/** Arguments of `searchServices` (data·inclusion `/search/services`, docs/data-inclusion.md#search-services). */
import { IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { ServiceFilter } from '../inputs/offre-filter.input.js';
import { PageArgs } from './offre.args.js';

@InputType({ description: 'Filters of a search: those of `services`, plus the two that only searches have.' })
export class ServiceSearchFilter extends ServiceFilter {
  @Field(() => Float, {
    nullable: true,
    description: 'Keeps services whose `scoreQualite` (0–1) is at least this.',
  })
  @IsOptional()
  @Min(0, { message: 'scoreQualiteMinimum must be between 0 and 1, got: $value' })
  @Max(1, { message: 'scoreQualiteMinimum must be between 0 and 1, got: $value' })
  scoreQualiteMinimum?: number;

  @Field(() => String, {
    nullable: true,
    description:
      'French full text (d·i `recherche_public`): every word, stemmed, accents and case ignored, must occur in the publics ' +
      '(`-` read as a space) or every word in `publicsPrecisions`; `or` and `-word` as in a web search.',
  })
  @IsOptional()
  @MaxLength(200, { message: 'recherchePublic must be at most 200 characters, got $value' })
  recherchePublic?: string;
}

@ArgsType()
export class SearchServicesArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'Commune (COG code) whose inhabitants the services must be open to. An arrondissement (Paris, Lyon, Marseille) or a ' +
      'commune déléguée or associée stands for its commune, and the search starts from its own centre. Without it, the ' +
      'commune at `lat`/`lon` is used; with neither, only `a-distance` services are returned.',
  })
  codeCommune?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Latitude of the origin (with `lon`); default: the centre of `codeCommune`.',
  })
  @IsOptional()
  @Min(-90, { message: 'lat must be between -90 and 90, got: $value' })
  @Max(90, { message: 'lat must be between -90 and 90, got: $value' })
  lat?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Longitude of the origin (with `lat`); default: the centre of `codeCommune`.',
  })
  @IsOptional()
  @Min(-180, { message: 'lon must be between -180 and 180, got: $value' })
  @Max(180, { message: 'lon must be between -180 and 180, got: $value' })
  lon?: number;

  @Field(() => ServiceSearchFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ServiceSearchFilter;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'BETA (d·i): keep only the services of the best structure of each cluster of duplicates present in the results (highest score, then latest date_maj, then id).',
  })
  exclureDoublons!: boolean;
}
