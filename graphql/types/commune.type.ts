/**
 * GraphQL `Commune`, the arrondissement it was asked by, and a Relay page of communes. Its département,
 * région and EPCI are resolved by the territory resolver from the domain codes, which stay unexposed.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import type { Commune, CommuneDeleguee, CommunePart, GeoPoint } from '../../src/domain/territory.js';
import { PageInfo } from './connection.type.js';
import { GeoPointType } from './geo-point.type.js';

/** An arrondissement municipal of Paris, Lyon or Marseille. */
@ObjectType('ArrondissementMunicipal', {
  description:
    'An arrondissement municipal: Paris, Lyon and Marseille are divided into municipal districts that have their own ' +
    'INSEE codes (`75101`–`75120`, `69381`–`69389`, `13201`–`13216`) but are not communes.',
})
export class ArrondissementType {
  @Field(() => String, { description: 'INSEE code of the arrondissement (e.g. `75101`).' })
  readonly code!: string;

  @Field(() => String, { description: 'Official name (e.g. `Paris 1er Arrondissement`).' })
  readonly nom!: string;

  @Field(() => GeoPointType, {
    nullable: true,
    description: 'Centre of the arrondissement (centroid of its IGN outline); searches from it start there.',
  })
  readonly centre?: GeoPoint | null;
}

/** A commune déléguée or associée: a former commune inside a commune nouvelle. */
@ObjectType('CommuneDeleguee', {
  description:
    'A commune déléguée or associée: a former commune merged into a commune nouvelle (or associated with another ' +
    'commune) that keeps its INSEE code. It is not a commune: services and eligibility are those of its commune.',
})
export class CommuneDelegueeType implements CommuneDeleguee {
  @Field(() => String, { description: 'INSEE code of the former commune (e.g. `59070`).' })
  readonly code!: string;

  @Field(() => String, { description: 'Official name (e.g. `Bermeries`).' })
  readonly nom!: string;

  @Field(() => String, { description: '`commune-deleguee` or `commune-associee`.' })
  readonly type!: 'commune-deleguee' | 'commune-associee';

  @Field(() => GeoPointType, {
    nullable: true,
    description:
      'Centre of the former commune (centroid of its last IGN outline); null for most communes associées, merged ' +
      'before the oldest outlines: searches from it then start from the commune’s centre.',
  })
  readonly centre?: GeoPoint | null;
}

/** A commune of the COG. */
@ObjectType('Commune', {
  description:
    'A French commune, the smallest administrative unit (a municipality: from a village to Paris), as listed by ' +
    'INSEE’s Code Officiel Géographique (COG). About 35 000 in metropolitan France and the overseas départements.',
})
export class CommuneType implements Commune {
  @Field(() => String, {
    description:
      'INSEE commune code (`code_insee`), 5 characters: digits, or `2A`/`2B` then 3 digits in Corsica (e.g. `59350`, `2A004`). Not a postcode.',
  })
  readonly code!: string;

  @Field(() => String, { description: 'Official name (e.g. `Lille`, `Saint-Étienne`).' })
  readonly nom!: string;

  @Field(() => [String], {
    description:
      'Postcodes (codes postaux, La Poste), sorted. A commune may have several and a postcode may cover several communes, ' +
      'so a postcode is never a geographic key: `code` is.',
  })
  readonly codesPostaux!: readonly string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Municipal population (INSEE population légale); null when the source gives none.',
  })
  readonly population!: number | null;

  @Field(() => GeoPointType, {
    nullable: true,
    description:
      'The centre of the commune: with the embedded territories, the centroid of its IGN outline (every commune of ' +
      'metropolitan France and the DROM has one); with geo.api.gouv.fr, the point that API gives. Null when unknown.',
  })
  readonly centre!: GeoPoint | null;

  @Field(() => ArrondissementType, {
    nullable: true,
    description:
      'Set when this commune was asked for by the code of one of its arrondissements municipaux (e.g. `commune(code: "75101")` ' +
      'gives Paris, `75056`, with this field set to the 1st arrondissement); null otherwise.',
  })
  readonly arrondissement?: CommunePart | null;

  @Field(() => CommuneDelegueeType, {
    nullable: true,
    description:
      'Set when this commune was asked for by the code of one of its communes déléguées or associées (e.g. ' +
      '`commune(code: "59070")` gives L’Orée de Mormal, `59006`, with this field set to Bermeries); null otherwise.',
  })
  readonly communeDeleguee?: CommuneDeleguee | null;

  readonly codeDepartement!: string;
  readonly codeRegion!: string;
  readonly codeEpci!: string | null;
}

/** One commune of a page, with its cursor. */
@ObjectType('CommuneEdge', { description: 'A commune in a page of communes, with its cursor.' })
export class CommuneEdge {
  @Field(() => CommuneType, { description: 'The commune.' })
  readonly node!: Commune;

  @Field(() => String, {
    description: 'Opaque cursor of this commune; pass it as `after` to get the communes that follow it.',
  })
  readonly cursor!: string;
}

/** A Relay page of communes, in code order (the same paging as structures and services). */
@ObjectType('CommuneConnection', {
  description: 'A page of communes in INSEE code order, paged with cursors like structures and services.',
})
export class CommuneConnection {
  @Field(() => [CommuneEdge], { description: 'The communes of this page, in code order.' })
  readonly edges!: readonly CommuneEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits: pass `endCursor` as `after` to get the next one.' })
  readonly pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Number of communes in the whole list, all pages together.' })
  readonly totalCount!: number;
}
