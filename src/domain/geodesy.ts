/** Distances on the WGS84 ellipsoid, as PostGIS measures `geography` (docs/data-inclusion.md#distances). */
import geographiclib from 'geographiclib-geodesic';

const { Geodesic } = geographiclib;

/** A point in WGS84 degrees. */
export interface LatLon {
  readonly latitude: number;
  readonly longitude: number;
}

/** Geodesic distance in km between two points on the WGS84 ellipsoid. */
export function geodesicKm(a: LatLon, b: LatLon): number {
  const { s12 } = Geodesic.WGS84.Inverse(a.latitude, a.longitude, b.latitude, b.longitude, Geodesic.DISTANCE);
  return (s12 ?? Number.NaN) / 1000;
}

/** The point `km` from `from` along the geodesic leaving it at `azimuth` degrees (0 north, 90 east). */
export function pointAtKm(from: LatLon, azimuth: number, km: number): LatLon {
  const { lat2, lon2 } = Geodesic.WGS84.Direct(
    from.latitude,
    from.longitude,
    azimuth,
    km * 1000,
    Geodesic.LATITUDE | Geodesic.LONGITUDE,
  );
  return { latitude: lat2 ?? Number.NaN, longitude: lon2 ?? Number.NaN };
}
