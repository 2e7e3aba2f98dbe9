/** GraphQL `GeoPoint`: a WGS84 point, as territories carry them. */
import { Field, Float, ObjectType } from 'type-graphql';
import type { GeoPoint } from '../../src/domain/territory.js';

/** A WGS84 latitude/longitude pair. */
@ObjectType('GeoPoint', { description: 'A point on Earth in WGS84 (the GPS datum), in decimal degrees.' })
export class GeoPointType implements GeoPoint {
  @Field(() => Float, { description: 'Latitude in decimal degrees, positive north (e.g. `50.633` for Lille).' })
  readonly latitude!: number;

  @Field(() => Float, { description: 'Longitude in decimal degrees, positive east (e.g. `3.059` for Lille).' })
  readonly longitude!: number;
}
