/**
 * GraphQL `Structure`: every field of data·inclusion schema v1 `Structure` (docs/data-inclusion.md#structure)
 * in camelCase, plus the d·i extensions `adresseCertifiee` and `scoreQualite`. Descriptions are in English and start
 * with the schema field name. The class implements the domain interface so resolvers return
 * domain objects as they are. Relations (services, territories, provenance) are added elsewhere.
 */
import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { Structure } from '../../src/domain/offre.js';
import { DateScalar } from '../scalars/date.scalar.js';
import { ReseauPorteurScalar } from '../scalars/nomenclature.scalars.js';

/** A structure (organisation, agency, association…) as one source publishes it. */
@ObjectType('Structure', {
  description:
    'A structure of the offre d’insertion (data·inclusion schema v1 `Structure`): an organisation, agency or ' +
    'association that delivers services, as published by one source.',
})
export class StructureType implements Structure {
  @Field(() => String, {
    description: '`source` — slug of the producer that published this record (`dora`, `france-travail`…).',
  })
  readonly source!: string;

  @Field(() => ID, {
    description: '`id` — globally unique id `<source>--<producer id>`, e.g. `emplois-de-linclusion--17`.',
  })
  readonly id!: string;

  @Field(() => String, { description: '`nom` — name of the structure (3–150 characters).' })
  readonly nom!: string;

  @Field(() => DateScalar, { description: '`date_maj` — date of the last modification at the producer.' })
  readonly dateMaj!: string;

  @Field(() => String, { nullable: true, description: '`description` — free-text description (5–10 000 characters).' })
  readonly description!: string | null;

  @Field(() => String, {
    nullable: true,
    description: '`lien_source` — URL of the structure’s page on the producer’s site.',
  })
  readonly lienSource!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '`siret` — SIRET (14 digits) of the establishment, or of the head office when no exact match; checked against SIRENE.',
  })
  readonly siret!: string | null;

  @Field(() => String, { nullable: true, description: '`commune` — name of the commune (city).' })
  readonly commune!: string | null;

  @Field(() => String, { nullable: true, description: '`code_postal` — postcode (5 digits).' })
  readonly codePostal!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '`code_insee` — official geographic code (COG, INSEE) of the commune, 5 characters (`75056`, `2A004`).',
  })
  readonly codeInsee!: string | null;

  @Field(() => String, { nullable: true, description: '`adresse` — street address line.' })
  readonly adresse!: string | null;

  @Field(() => String, { nullable: true, description: '`complement_adresse` — address complement (building, floor…).' })
  readonly complementAdresse!: string | null;

  @Field(() => Float, { nullable: true, description: '`longitude` — WGS84 longitude.' })
  readonly longitude!: number | null;

  @Field(() => Float, { nullable: true, description: '`latitude` — WGS84 latitude.' })
  readonly latitude!: number | null;

  @Field(() => String, {
    nullable: true,
    description: '`telephone` — phone number for information, E.164 preferred (`+33…`).',
  })
  readonly telephone!: string | null;

  @Field(() => String, { nullable: true, description: '`courriel` — e-mail address for information.' })
  readonly courriel!: string | null;

  @Field(() => String, { nullable: true, description: '`site_web` — URL of the structure’s website.' })
  readonly siteWeb!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '`horaires_accueil` — public opening hours in OpenStreetMap `opening_hours` syntax, e.g. `Mo-Fr 08:30-12:30; PH off`.',
  })
  readonly horairesAccueil!: string | null;

  @Field(() => String, {
    nullable: true,
    description: '`accessibilite_lieu` — URL of the place’s accessibility page on acceslibre.beta.gouv.fr.',
  })
  readonly accessibiliteLieu!: string | null;

  @Field(() => [ReseauPorteurScalar], {
    nullable: true,
    description: '`reseaux_porteurs` — networks, organisations or administrations carrying the structure.',
  })
  readonly reseauxPorteurs!: readonly string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      '`adresse_certifiee` — data·inclusion extension: true when the address comes from BAN geocoding rather than the producer.',
  })
  readonly adresseCertifiee?: boolean | null;

  // Not in the domain interface: resolved by resolvers/merge.resolver.ts from the structure's services.
  @Field(() => Float, {
    nullable: true,
    description:
      '`score_qualite` — data·inclusion extension (BETA): mean of the scores (0–1) of the structure’s services ' +
      '(of every merged record), 0 without services; its services are all those of its sources, wherever located.',
  })
  readonly scoreQualite?: number | null;
}
