/**
 * Provenance of merged structures: the source records a structure merges, where each of
 * its values comes from and by which rule, and its duplicates (d·i's `doublons`).
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../scalars/date.scalar.js';

/** One source record behind a structure. */
@ObjectType('SourceRecord', { description: 'One source record a structure is made of.' })
export class SourceRecordType {
  @Field(() => String, { description: 'Source slug (`dora`, `soliguide`…).' }) readonly source!: string;
  @Field(() => ID, { description: 'The record’s id `<source>--<producer id>`; `structure(id:)` accepts it.' })
  readonly id!: string;
  @Field(() => DateScalar, { description: 'The record’s `date_maj` at its source.' }) readonly dateMaj!: string;
  @Field(() => String, { nullable: true, description: 'The record’s page on its producer’s site.' })
  readonly lienSource!: string | null;
}

/** Where one value of a structure comes from. */
@ObjectType('FieldProvenance', {
  description:
    'Where one field value of a structure comes from: the source record that supplied it and the rule that chose that record.',
})
export class FieldProvenanceType {
  @Field(() => String, {
    description:
      'Field name, as on `Structure` (`nom`, `telephone`…); `union` lists give one entry per contributing record.',
  })
  readonly field!: string;

  @Field(() => String, { description: 'Source slug of the record the value comes from.' }) readonly source!: string;
  @Field(() => ID, { description: 'Id of the record the value comes from.' }) readonly recordId!: string;
  @Field(() => DateScalar, { description: 'That record’s `date_maj`.' }) readonly dateMaj!: string;

  @Field(() => String, {
    description:
      'Why this record: `priority` (first source of the field’s list), `firstNonEmpty` (first non-empty in that order), ' +
      '`mostRecent` (latest `date_maj` with a value), `union` (lists joined), `masked-by-source` (the source withheld ' +
      'this contact for RGPD reasons, so no other source fills it: the value is null), or `as-published` (an unmerged record).',
  })
  readonly rule!: string;
}

/** A reference to another record of the same real structure. */
@ObjectType('SourceRecordRef', { description: 'A source record describing the same real structure (d·i `doublons`).' })
export class SourceRecordRefType {
  @Field(() => String, { description: 'Source slug.' }) readonly source!: string;
  @Field(() => ID, { description: 'Record id; `structure(id:)` accepts it.' }) readonly id!: string;
}
