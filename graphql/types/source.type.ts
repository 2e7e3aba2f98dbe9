/** A configured source and what the gateway knows of its health. */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

/** A source's circuit breaker state. */
export enum CircuitState {
  CLOSED = 'CLOSED',
  OPEN = 'OPEN',
  HALF_OPEN = 'HALF_OPEN',
}
registerEnumType(CircuitState, {
  name: 'CircuitState',
  description:
    "A source's circuit breaker: `CLOSED` (calls go through), `OPEN` (after repeated failures, calls fail fast without reaching the partner, answered from the cache when it can), `HALF_OPEN` (after the cool-down, one probe call is in flight).",
});

@ObjectType('RejectedRecord', { description: 'A record a source published but the gateway kept out of results.' })
export class RejectedRecordType {
  @Field(() => String, { nullable: true, description: 'Its source record id, when it had one.' }) id!: string | null;
  @Field(() => String, {
    description: 'Why it was kept out (the schema v1 rule it breaks, or the mapping rule that drops it).',
  })
  reason!: string;
}

@ObjectType('Source', { description: 'A partner the gateway reads live, and its health as last seen.' })
export class SourceType {
  @Field(() => String, { description: 'Source slug, the prefix of its record ids (`dora`).' }) id!: string;
  @Field(() => String, { description: 'Which contract it speaks (`dora`, `data-inclusion`, `geo-api`…).' })
  connector!: string;
  @Field(() => String, {
    description:
      '`ok` (last call succeeded), `failing` (last call failed), `rate_limited` (the partner answered 429, or its request budget is spent: up, but asked to slow down) or `unknown` (not called yet).',
  })
  status!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Kind and message of the last failure (no partner body or URL).',
  })
  lastError!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the last failure happened.' }) lastErrorAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'Moving average of call latency, in ms.' }) latencyMs!:
    number | null;
  @Field(() => Date, { nullable: true, description: 'When the source was last called.' }) lastCheckedAt!: Date | null;
  @Field(() => Int, {
    description:
      'Records of the last answer of each list operation (structures, services) kept out of results because they violate schema v1.',
  })
  rejectedRecords!: number;
  @Field(() => [RejectedRecordType], {
    description: 'The first 20 of those records, with the reason each was kept out.',
  })
  recentRejections!: RejectedRecordType[];
  @Field(() => Int, { description: 'Answers served fresh from the cache since this gateway process started.' })
  hits!: number;
  @Field(() => Int, {
    description: 'Answers the cache did not have: the source was called (or an identical call in flight was joined).',
  })
  misses!: number;
  @Field(() => Int, {
    description: 'Answers served stale at once while one background refresh ran (stale-while-revalidate).',
  })
  staleAnswers!: number;
  @Field(() => Int, { description: 'Last good answers served because the source failed (stale-if-error).' })
  staleIfErrorAnswers!: number;
  @Field(() => Int, {
    description: 'Callers that waited for an identical call already in flight, in this process or another replica.',
  })
  coalescedWaits!: number;
  @Field(() => Int, { description: 'HTTP requests this process sent to the source (pages and retries included).' })
  upstreamCalls!: number;
  @Field(() => Int, {
    description: 'Lookups by id answered "not found" from the source\'s fresh cached list, without calling the source.',
  })
  negativeFromList!: number;
  @Field(() => CircuitState, { description: 'Its circuit breaker, in this gateway process.' }) circuit!: CircuitState;
  @Field(() => Date, { nullable: true, description: 'When its circuit last opened.' }) circuitOpenedAt!: Date | null;
}
