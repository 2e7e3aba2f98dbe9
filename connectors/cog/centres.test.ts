import { describe, expect, it } from 'vitest';
import { indexCities, matchCentres } from './centres.js';
import type { RawCity, RawCommune } from './raw.js';

const city = (name: string, lat: number, lng: number, country: string, admin1: string, admin2: string): RawCity => ({
  name,
  lat: String(lat),
  lng: String(lng),
  country,
  admin1,
  admin2,
});
const commune = (code: string, nom: string, departement: string, extra: Partial<RawCommune> = {}): RawCommune => ({
  code,
  nom,
  departement,
  region: '00',
  zone: 'metro',
  type: 'commune-actuelle',
  ...extra,
});

describe('matchCentres', () => {
  it('matches by normalised name within the département, never across', () => {
    const centres = matchCentres(
      [
        commune('59350', 'Lille', '59'),
        commune('42218', 'Saint-Étienne', '42'),
        commune('2A004', 'Ajaccio', '2A'),
        commune('62001', 'Lille', '62'),
      ],
      [
        city('Lille', 50.63, 3.06, 'FR', '32', '59'),
        city('Saint-Etienne', 45.43, 4.39, 'FR', '84', '42'),
        city('Ajaccio', 41.92, 8.74, 'FR', '94', '2A'),
      ],
    );
    expect(centres.get('59350')).toEqual({ latitude: 50.63, longitude: 3.06 });
    expect(centres.get('42218')).toEqual({ latitude: 45.43, longitude: 4.39 });
    expect(centres.get('2A004')).toEqual({ latitude: 41.92, longitude: 8.74 });
    expect(centres.has('62001')).toBe(false);
  });

  it('reads DROM points by admin2 (971–974) and Mayotte points by their admin1 commune code', () => {
    const centres = matchCentres(
      [
        commune('97411', 'Saint-Denis', '974', { zone: 'drom' }),
        commune('97611', 'Mamoudzou', '976', { zone: 'drom' }),
        commune('97617', 'Tsingoni', '976', { zone: 'drom' }),
      ],
      [
        city('Saint-Denis', -20.88, 55.45, 'RE', 'RE', '974'),
        city('Saint-Denis', 48.93, 2.35, 'FR', '11', '93'),
        city('Mamoudzou', -12.78, 45.23, 'YT', '97611', ''),
        // A village called like another commune, in a third commune: must not be taken for it.
        city('Tsingoni', -12.9, 45.2, 'YT', '97606', ''),
      ],
    );
    expect(centres.get('97411')).toEqual({ latitude: -20.88, longitude: 55.45 });
    expect(centres.get('97611')).toEqual({ latitude: -12.78, longitude: 45.23 });
    expect(centres.has('97617')).toBe(false);
  });

  it('leaves a commune without centre when GeoNames has two homonymous places far apart, and keeps near duplicates', () => {
    const centres = matchCentres(
      [commune('63240', 'Montaigut', '63'), commune('75056', 'Paris', '75')],
      [
        city('Montaigut', 46.18, 2.81, 'FR', '84', '63'),
        city('Montaigut', 45.61, 3.45, 'FR', '84', '63'),
        city('Paris', 48.8534, 2.3488, 'FR', '11', '75'),
        city('Paris', 48.8566, 2.3522, 'FR', '11', '75'),
      ],
    );
    expect(centres.has('63240')).toBe(false);
    expect(centres.get('75056')).toEqual({ latitude: 48.8534, longitude: 2.3488 });
  });

  it('gives a commune nouvelle the point of its historic chef-lieu (a commune déléguée with its code) first', () => {
    const centres = matchCentres(
      [
        commune('14762', 'Vire Normandie', '14'),
        commune('14762', 'Vire', '14', { type: 'commune-deleguee', chefLieu: '14762' }),
        commune('14027', 'Coulonces', '14', { type: 'commune-deleguee', chefLieu: '14762' }),
        commune('50001', 'Nouvelle', '50'),
        commune('50002', 'Ancienne', '50', { type: 'commune-associee', chefLieu: '50001' }),
      ],
      [
        city('Coulonces', 48.8, -0.9, 'FR', '28', '14'),
        city('Vire', 48.84, -0.89, 'FR', '28', '14'),
        city('Ancienne', 49, -1, 'FR', '28', '50'),
      ],
    );
    expect(centres.get('14762')).toEqual({ latitude: 48.84, longitude: -0.89 });
    expect(centres.get('50001')).toEqual({ latitude: 49, longitude: -1 });
  });

  it('ignores places outside France and the DROM, and unparsable coordinates', () => {
    const index = indexCities([
      city('Lille', 50.63, 3.06, 'BE', 'WLG', '59'),
      { name: 'Nowhere', lat: 'x', lng: '1', country: 'FR', admin1: '32', admin2: '59' },
      city('Saint-Pierre', 46.78, -56.17, 'PM', '00', '975'),
    ]);
    expect(index.size).toBe(0);
  });
});
