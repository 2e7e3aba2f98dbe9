/**
 * GraphQL `Service`: every field of data·inclusion schema v1 `Service` (docs/data-inclusion.md#service) in
 * camelCase, plus the d·i extensions `adresseCertifiee` and `scoreQualite`. Descriptions are in
 * English and start with the schema field name. Implements the domain interface so resolvers
 * return domain objects as they are. Relations (structure, territories, provenance) come elsewhere.
 */
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { Service } from '../../src/domain/offre.js';
import { DateScalar } from '../scalars/date.scalar.js';
import {
  FraisScalar,
  ModeAccueilScalar,
  ModeMobilisationScalar,
  PersonneMobilisatriceScalar,
  PublicScalar,
  ThematiqueScalar,
  TypeServiceScalar,
} from '../scalars/nomenclature.scalars.js';

const opt = (description: string) => ({ nullable: true, description });

/** A service (support, workshop, training, aid…) offered by a structure, as one source publishes it. */
@ObjectType('Service', {
  description:
    'A service of the offre d’insertion (data·inclusion schema v1 `Service`): support, workshop, training, aid… ' +
    'offered by a structure, as published by one source.',
})
export class ServiceType implements Service {
  @Field(() => String, {
    description: '`source` — slug of the producer that published this record (`dora`, `france-travail`…).',
  })
  readonly source!: string;

  @Field(() => ID, {
    description: '`structure_id` — `id` of the structure offering the service (same `<source>--…` form).',
  })
  readonly structureId!: string;

  @Field(() => ID, {
    description:
      '`id` — globally unique service id `<source>--<producer id>`; a structure may share the same string, so key caches by type too.',
  })
  readonly id!: string;

  @Field(() => String, { description: '`nom` — name of the service (3–150 characters).' })
  readonly nom!: string;

  @Field(() => String, { description: '`description` — description of the service (5–10 000 characters).' })
  readonly description!: string;

  @Field(() => String, opt('`lien_source` — URL of the service’s page on the producer’s site.'))
  readonly lienSource!: string | null;

  @Field(() => DateScalar, { description: '`date_maj` — date of the last modification at the producer.' })
  readonly dateMaj!: string;

  @Field(() => TypeServiceScalar, opt('`type` — kind of service (one value).'))
  readonly type!: string | null;

  @Field(
    () => [ThematiqueScalar],
    opt('`thematiques` — themes the service addresses (`<categorie>--<sous-thematique>`).'),
  )
  readonly thematiques!: readonly string[] | null;

  @Field(() => FraisScalar, opt('`frais` — whether the service is free (`gratuit`) or paid (`payant`).'))
  readonly frais!: string | null;

  @Field(() => String, opt('`frais_precisions` — details on costs.'))
  readonly fraisPrecisions!: string | null;

  @Field(
    () => [PublicScalar],
    opt('`publics` — target publics; a person is eligible when in at least one. `tous-publics` is never combined.'),
  )
  readonly publics!: readonly string[] | null;

  @Field(() => String, opt('`publics_precisions` — details on the target publics.'))
  readonly publicsPrecisions!: string | null;

  @Field(() => String, opt('`conditions_acces` — prerequisites and documents to provide.'))
  readonly conditionsAcces!: string | null;

  @Field(() => String, opt('`commune` — name of the commune where the service takes place.'))
  readonly commune!: string | null;

  @Field(() => String, opt('`code_postal` — postcode (5 digits) where the service takes place.'))
  readonly codePostal!: string | null;

  @Field(
    () => String,
    opt(
      '`code_insee` — official geographic code (COG, INSEE) of the commune where the service takes place, 5 characters.',
    ),
  )
  readonly codeInsee!: string | null;

  @Field(() => String, opt('`adresse` — street address line where the service takes place.'))
  readonly adresse!: string | null;

  @Field(() => String, opt('`complement_adresse` — address complement (building, floor…).'))
  readonly complementAdresse!: string | null;

  @Field(() => Float, opt('`longitude` — WGS84 longitude.'))
  readonly longitude!: number | null;

  @Field(() => Float, opt('`latitude` — WGS84 latitude.'))
  readonly latitude!: number | null;

  @Field(
    () => String,
    opt(
      '`telephone` — phone number, E.164 preferred; usable to mobilise the service when `modesMobilisation` has `telephoner`.',
    ),
  )
  readonly telephone!: string | null;

  @Field(
    () => String,
    opt(
      '`courriel` — e-mail address; usable to mobilise the service when `modesMobilisation` has `envoyer-un-courriel`.',
    ),
  )
  readonly courriel!: string | null;

  @Field(
    () => String,
    opt('`contact_nom_prenom` — name of a contact person (personal data; null when the source masks it).'),
  )
  readonly contactNomPrenom!: string | null;

  @Field(() => [ModeAccueilScalar], opt('`modes_accueil` — on site (`en-presentiel`) and/or remote (`a-distance`).'))
  readonly modesAccueil!: readonly string[] | null;

  @Field(
    () => [String],
    opt(
      '`zone_eligibilite` — eligibility area as COG codes: communes, départements, EPCI (SIREN), countries, or `france`.',
    ),
  )
  readonly zoneEligibilite!: readonly string[] | null;

  @Field(() => String, opt('`lien_mobilisation` — URL to mobilise the service (form, booking…).'))
  readonly lienMobilisation!: string | null;

  @Field(() => [ModeMobilisationScalar], opt('`modes_mobilisation` — how to mobilise the service.'))
  readonly modesMobilisation!: readonly string[] | null;

  @Field(
    () => [PersonneMobilisatriceScalar],
    opt('`mobilisable_par` — who can mobilise the service: `usagers` and/or `professionnels`.'),
  )
  readonly mobilisablePar!: readonly string[] | null;

  @Field(() => String, opt('`mobilisation_precisions` — details on how to mobilise the service.'))
  readonly mobilisationPrecisions!: string | null;

  @Field(
    () => Float,
    opt('`volume_horaire_hebdomadaire` — hours per week (≥ 0), e.g. for the RSA 15–20 h/week activity rule.'),
  )
  readonly volumeHoraireHebdomadaire!: number | null;

  @Field(() => Int, opt('`nombre_semaines` — duration in weeks (≥ 1).'))
  readonly nombreSemaines!: number | null;

  @Field(
    () => String,
    opt(
      '`horaires_accueil` — opening hours in OpenStreetMap `opening_hours` syntax; when null, the structure’s apply.',
    ),
  )
  readonly horairesAccueil!: string | null;

  @Field(
    () => Boolean,
    opt(
      '`adresse_certifiee` — data·inclusion extension: true when the address comes from BAN geocoding rather than the producer.',
    ),
  )
  readonly adresseCertifiee?: boolean | null;

  // Resolved by resolvers/merge.resolver.ts: data·inclusion's published score, else gateway-computed.
  @Field(
    () => Float,
    opt(
      '`score_qualite` — data·inclusion extension: quality score 0–1; the one data·inclusion published for its records, else ' +
        'computed by the gateway with d·i’s v1 criteria, before any contact masking.',
    ),
  )
  readonly scoreQualite?: number | null;
}
