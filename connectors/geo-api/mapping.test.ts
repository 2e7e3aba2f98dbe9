import { describe, expect, it } from 'vitest';
import arrondissements from './fixtures/arrondissements-75056.json' with { type: 'json' };
import ouessant from './fixtures/commune-29155.json' with { type: 'json' };
import nantes from './fixtures/commune-44109.json' with { type: 'json' };
import cp01400 from './fixtures/communes-codePostal-01400.json' with { type: 'json' };
import departements from './fixtures/departements.json' with { type: 'json' };
import nantesMetropole from './fixtures/epci-244400404.json' with { type: 'json' };
import regions from './fixtures/regions.json' with { type: 'json' };
import {
  centreOf,
  mapAll,
  toArrondissement,
  toCommune,
  toDepartement,
  toEpci,
  toRegion,
  viaArrondissement,
} from './mapping.js';
import type { GeoCommuneDto } from './types.js';

// JSON imports type `centre.type` as string; the fixtures are the API's records.
const dto = (v: unknown): GeoCommuneDto => v as GeoCommuneDto;
const dtos = (v: unknown): GeoCommuneDto[] => v as GeoCommuneDto[];

describe('toCommune', () => {
  it('maps a /communes/{code} record, GeoJSON [lon, lat] to latitude/longitude', () => {
    expect(toCommune(dto(nantes))).toEqual({
      code: '44109',
      nom: 'Nantes',
      codesPostaux: ['44000', '44100', '44200', '44300'],
      population: 323204,
      centre: { latitude: 47.2383, longitude: -1.5534 },
      codeDepartement: '44',
      codeRegion: '52',
      codeEpci: '244400404',
    });
  });

  it('gives null for what the API leaves out (no EPCI, no population)', () => {
    expect(toCommune(dto(ouessant))).toMatchObject({ code: '29155', codeEpci: null, population: 829 });
    const list = mapAll(dtos(cp01400), toCommune);
    expect(list.unusable).toBe(0);
    expect(list.items.map((c) => [c.code, c.population])).toEqual([
      ['01001', 860],
      ['01093', 5058],
      ['01392', null],
    ]);
  });

  it('refuses records a commune cannot be built from, and counts them', () => {
    const base = dto(nantes);
    const bad: GeoCommuneDto[] = [
      { ...base, code: '4410' },
      { ...base, codeDepartement: undefined },
      { ...base, nom: ' ' },
      { ...base, codeRegion: undefined },
    ];
    expect(mapAll([base, ...bad], toCommune)).toMatchObject({ unusable: 4, items: [{ code: '44109' }] });
  });

  it('drops malformed centres, postcodes and EPCI codes rather than passing them on', () => {
    const c = toCommune({
      ...dto(nantes),
      codesPostaux: ['44000', 'x'],
      codeEpci: '2444',
      centre: { type: 'Point', coordinates: [200, 47] },
    });
    expect(c).toMatchObject({ codesPostaux: ['44000'], codeEpci: null, centre: null });
    expect(centreOf({ type: 'Polygon', coordinates: [[0, 0]] })).toBeNull();
    expect(centreOf({ type: 'Point', coordinates: ['1', '2'] })).toBeNull();
    expect(centreOf(null)).toBeNull();
  });
});

describe('arrondissements', () => {
  it('maps a type=arrondissement-municipal record and tags the commune asked by it', () => {
    const arr = toArrondissement(dtos(arrondissements)[0]!);
    expect(arr).toEqual({ code: '75101', nom: 'Paris 1er Arrondissement', centre: null, commune: '75056' });
    const withCentre = toArrondissement({
      ...dtos(arrondissements)[0]!,
      centre: { type: 'Point', coordinates: [2.3362, 48.8626] },
    });
    expect(withCentre?.centre).toEqual({ latitude: 48.8626, longitude: 2.3362 });
    const paris = toCommune({ ...dto(nantes), code: '75056', nom: 'Paris', codeDepartement: '75', codeRegion: '11' })!;
    expect(viaArrondissement(paris, arr!)).toEqual({
      ...paris,
      arrondissement: { code: '75101', nom: 'Paris 1er Arrondissement', centre: null },
    });
    expect(toArrondissement({ nom: 'Nantes', code: '44109' })).toBeNull();
  });
});

describe('départements, régions, EPCIs', () => {
  it('maps the list records', () => {
    expect(mapAll(departements, toDepartement).items).toEqual([
      { code: '01', nom: 'Ain', codeRegion: '84' },
      { code: '2A', nom: 'Corse-du-Sud', codeRegion: '94' },
      { code: '44', nom: 'Loire-Atlantique', codeRegion: '52' },
      { code: '971', nom: 'Guadeloupe', codeRegion: '01' },
    ]);
    expect(mapAll(regions, toRegion).items.map((r) => r.code)).toEqual(['01', '11', '52', '94']);
    expect(toEpci(nantesMetropole)).toEqual({ code: '244400404', nom: 'Nantes Métropole' });
  });

  it('leaves out the collectivités d’outre-mer and records without a région', () => {
    expect(toDepartement({ nom: 'Saint-Pierre-et-Miquelon', code: '975', codeRegion: '975' })).toBeNull();
    expect(toDepartement({ nom: 'Nord', code: '59' })).toBeNull();
    expect(toRegion({ nom: 'Polynésie française', code: '987' })).toBeNull();
    expect(toEpci({ nom: 'x', code: '2444' })).toBeNull();
  });
});
