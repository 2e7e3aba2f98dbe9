/**
 * Filters of `structures` and `services` (data·inclusion list semantics, docs/data-inclusion.md#list-filters):
 * location filters apply to where a record is (its `codeInsee`), not to its eligibility area.
 */
import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { CODE_FORMATS } from '../../src/domain/territory.js';
import {
  FraisScalar,
  ModeAccueilScalar,
  PublicScalar,
  ReseauPorteurScalar,
  ThematiqueOuCategorieScalar,
  TypeServiceScalar,
} from '../scalars/nomenclature.scalars.js';

const msg = (field: string, expected: string) => `${field} must be ${expected}, got: "$value"`;

@InputType({ description: 'Where a record is located, and which sources it comes from.' })
export class LocationFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Commune code (COG): records located in it (their `codeInsee`). An arrondissement code (`13208`) matches the ' +
      'records located in that arrondissement, a commune code (`13055`) those located in the commune as a whole.',
  })
  @IsOptional()
  @Matches(CODE_FORMATS.commune.re, { message: msg('codeCommune', CODE_FORMATS.commune.expected) })
  codeCommune?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Département code (`59`, `2A`, `974`): records whose commune lies in it.',
  })
  @IsOptional()
  @Matches(CODE_FORMATS.departement.re, { message: msg('codeDepartement', CODE_FORMATS.departement.expected) })
  codeDepartement?: string;

  @Field(() => String, { nullable: true, description: 'Région code (`32`): records whose commune lies in it.' })
  @IsOptional()
  @Matches(CODE_FORMATS.region.re, { message: msg('codeRegion', CODE_FORMATS.region.expected) })
  codeRegion?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Source slugs (`dora`, `soliguide`…); see the `sources` query.',
  })
  @IsOptional()
  @ArrayMaxSize(50, { message: 'sources must hold at most 50 source slugs' })
  @MaxLength(64, { each: true, message: 'sources must hold source slugs of at most 64 characters' })
  @Matches(/^[a-z0-9][a-z0-9_-]*$/, {
    each: true,
    message: 'sources must hold source slugs (lower-case letters, digits, "-" and "_", e.g. "dora")',
  })
  sources?: string[];
}

@InputType({ description: 'Filters on services; list filters match when a service has at least one of the values.' })
export class ServiceFilter extends LocationFilter {
  @Field(() => [ThematiqueOuCategorieScalar], {
    nullable: true,
    description: 'Thématiques or categories (a category stands for all its thématiques).',
  })
  thematiques?: string[];

  @Field(() => [PublicScalar], {
    nullable: true,
    description: 'Publics; services for `tous-publics` always match, and `tous-publics` itself disables the filter.',
  })
  publics?: string[];

  @Field(() => [FraisScalar], { nullable: true, description: 'Frais (`gratuit`, `payant`).' })
  frais?: string[];

  @Field(() => [TypeServiceScalar], { nullable: true, description: 'Types of service.' })
  types?: string[];

  @Field(() => [ModeAccueilScalar], { nullable: true, description: 'Modes d’accueil (`en-presentiel`, `a-distance`).' })
  modesAccueil?: string[];
}

@InputType({
  description: 'Filters on structures. Service filters keep the structures that have at least one matching service.',
})
export class StructureFilter extends ServiceFilter {
  @Field(() => [ReseauPorteurScalar], {
    nullable: true,
    description: 'Réseaux porteurs; the structure must carry at least one.',
  })
  reseauxPorteurs?: string[];
}
