import { describe, expect, it } from 'vitest';
import { geodesicKm, pointAtKm } from './geodesy.js';

const JFK = { latitude: 40.6, longitude: -73.8 };
const LHR = { latitude: 51.6, longitude: -0.5 };
const LILLE = { latitude: 50.6292, longitude: 3.0573 };
const MARSEILLE = { latitude: 43.2965, longitude: 5.3698 };

describe('geodesicKm (WGS84)', () => {
  it.each([
    ['JFK to LHR, GeographicLib’s own example', JFK, LHR, 5551.7594003],
    ['Lille to Marseille (833.92 km on the mean sphere)', LILLE, MARSEILLE, 833.8456561],
    [
      'nearly antipodal points on the equator, where Vincenty’s method fails',
      { latitude: 0, longitude: 0 },
      { latitude: 0.5, longitude: 179.5 },
      19936.288579,
    ],
  ])('%s', (_name, a, b, km) => {
    expect(geodesicKm(a, b)).toBeCloseTo(km, 6);
    expect(geodesicKm(b, a)).toBeCloseTo(km, 6);
  });

  it('is zero between a point and itself', () => expect(geodesicKm(LILLE, LILLE)).toBe(0));
});

describe('pointAtKm', () => {
  it('solves the direct problem (JFK, azimuth 51.3°, 5551.759 km)', () => {
    const p = pointAtKm(JFK, 51.3, 5551.7594003);
    expect(p.latitude).toBeCloseTo(51.5263488, 6);
    expect(p.longitude).toBeCloseTo(-0.5380298, 6);
  });

  it.each([0, 90, 180, 270, 33])('lands at the distance asked, azimuth %d°', (azimuth) => {
    expect(geodesicKm(LILLE, pointAtKm(LILLE, azimuth, 49.95))).toBeCloseTo(49.95, 9);
  });
});
