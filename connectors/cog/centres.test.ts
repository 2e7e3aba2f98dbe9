import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { communeCentres, parseCentres } from './centres.js';
import type { RawCommune } from './raw.js';

const rawCommunes = (): RawCommune[] => {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
  return JSON.parse(readFileSync(join(dir, 'communes.json'), 'utf8')) as RawCommune[];
};

describe('parseCentres', () => {
  it('reads code,latitude,longitude rows, blank lines and CRLF included', () => {
    const got = parseCentres('code,latitude,longitude\r\n59350,50.63,3.06\r\n\r\n2A004,41.92,8.74\n');
    expect([...got]).toEqual([
      ['59350', { latitude: 50.63, longitude: 3.06 }],
      ['2A004', { latitude: 41.92, longitude: 8.74 }],
    ]);
  });

  it.each([
    ['a wrong header', 'code,lat,lon\n59350,50.63,3.06\n', /header/],
    ['a missing longitude', 'code,latitude,longitude\n59350,50.63\n', /row 2/],
    ['a non-numeric latitude', 'code,latitude,longitude\n59350,nord,3.06\n', /row 2/],
    ['an extra column', 'code,latitude,longitude\n59350,50.63,3.06,x\n', /row 2/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseCentres(text)).toThrow(message);
  });
});

describe('the project’s commune centres (data/commune-centres)', () => {
  it('has a centre for every commune actuelle (metropole and DROM) and every arrondissement of the pinned COG', () => {
    const centres = communeCentres();
    const inScope = rawCommunes().filter((c) => c.zone !== 'com');
    const count = (type: RawCommune['type']) => inScope.filter((c) => c.type === type);
    const missing = (list: RawCommune[]) => list.filter((c) => !centres.has(c.code)).map((c) => c.code);
    expect(count('commune-actuelle')).toHaveLength(34_875);
    expect(missing(count('commune-actuelle'))).toEqual([]);
    expect(count('arrondissement-municipal')).toHaveLength(45);
    expect(missing(count('arrondissement-municipal'))).toEqual([]);
    // PROVENANCE.md: 2 032 of the 2 105 déléguées have their own; 69208 and 69248 share their code,
    // hence the row, with a commune actuelle; no associée has one.
    expect(count('commune-deleguee').length - missing(count('commune-deleguee')).length).toBe(2_034);
    expect(missing(count('commune-associee'))).toHaveLength(471);
    expect(centres.size).toBe(36_370);
  });

  it('has no centre for the collectivités d’outre-mer (outside the schema’s territories)', () => {
    const centres = communeCentres();
    const com = rawCommunes().filter((c) => c.zone === 'com');
    expect(com.length).toBeGreaterThan(90);
    expect(com.filter((c) => centres.has(c.code))).toEqual([]);
  });

  it.each([
    ['93070', 'Saint-Ouen-sur-Seine', 48.91, 2.333],
    ['59011', 'Annœullin', 50.526, 2.927],
    ['59350', 'Lille', 50.631, 3.047],
    ['13208', 'Marseille 8e Arrondissement', 43.242, 5.375],
    ['97411', 'Saint-Denis (La Réunion)', -20.93, 55.45],
  ])('places %s %s near (%f, %f)', (code, _nom, lat, lon) => {
    const c = communeCentres().get(code);
    expect(c?.latitude).toBeCloseTo(lat, 1);
    expect(c?.longitude).toBeCloseTo(lon, 1);
  });

  it('is read once and shared', () => {
    expect(communeCentres()).toBe(communeCentres());
  });
});
