import { describe, expect, it } from 'vitest';
import { communeOfArrondissement, distanceKm } from './territory.js';

describe('arrondissements fold into their commune, up to each range edge', () => {
  it.each([
    ['75100', null],
    ['75101', '75056'],
    ['75120', '75056'],
    ['75121', null],
    ['69380', null],
    ['69381', '69123'],
    ['69389', '69123'],
    ['69390', null],
    ['13200', null],
    ['13201', '13055'],
    ['13216', '13055'],
    ['13217', null],
    ['59350', null],
  ])('%s → %s', (code, want) => expect(communeOfArrondissement(code)).toBe(want));
});

describe('distanceKm', () => {
  it('measures the geodesic on the WGS84 ellipsoid between two points at different latitudes and longitudes', () => {
    const lille = { latitude: 50.6292, longitude: 3.0573 };
    const marseille = { latitude: 43.2965, longitude: 5.3698 };
    expect(distanceKm(lille, marseille)).toBeCloseTo(833.845656, 6);
    expect(distanceKm(marseille, lille)).toBeCloseTo(distanceKm(lille, marseille), 9);
    expect(distanceKm(lille, lille)).toBe(0);
  });
});
