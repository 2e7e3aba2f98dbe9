import { describe, expect, it } from 'vitest';
import housenumber from './fixtures/search-housenumber.json' with { type: 'json' };
import lyon from './fixtures/search-lyon-arrondissement.json' with { type: 'json' };
import municipality from './fixtures/search-municipality.json' with { type: 'json' };
import lowScore from './fixtures/search-low-score.json' with { type: 'json' };
import empty from './fixtures/search-empty.json' with { type: 'json' };
import reverseFixture from './fixtures/reverse.json' with { type: 'json' };
import { arrondissementOf, buildGazetteer, contentTokens, similarity, toFeature } from './gazetteer.js';
import { pickResult, pickReverse, prepareSearch } from './mapping.js';
import type { BanFeatureCollection } from './types.js';

const fc = (x: unknown) => x as BanFeatureCollection;

describe('prepareSearch', () => {
  it('adds the postcode to q, asks for one result, filters by a plain commune code', () => {
    expect(prepareSearch({ q: '12 rue de Strasbourg Nantes', codePostal: '44000' })).toMatchObject({
      params: { q: '12 rue de Strasbourg Nantes 44000', limit: 1 },
      commune: null,
    });
    expect(
      prepareSearch({ q: '12 rue de Strasbourg 44000 Nantes', codePostal: '44000', codeInsee: '44109' }),
    ).toMatchObject({
      params: { q: '12 rue de Strasbourg 44000 Nantes', limit: 1, citycode: '44109' },
      commune: '44109',
    });
  });
  it('post-filters Paris/Lyon/Marseille instead of sending a commune code BAN does not index', () => {
    const p = prepareSearch({ q: '156 cours Lafayette Lyon', codePostal: '69003', codeInsee: '69123' });
    expect(p?.params).toEqual({ q: '156 cours Lafayette Lyon 69003', limit: 5 });
    expect(p?.commune).toBe('69123');
    expect(prepareSearch({ q: '156 cours Lafayette', codeInsee: '69383' })).toMatchObject({
      params: { citycode: '69383' },
      commune: '69123',
    });
  });
  it('refuses what the geocoder would answer 400 to (under 3 characters) and trims leading punctuation', () => {
    expect(prepareSearch({ q: ' - a ' })).toBeNull();
    expect(prepareSearch({ q: '' })).toBeNull();
    expect(prepareSearch({ q: ', 3 rue X Lille' })?.params.q).toBe('3 rue X Lille');
    expect(prepareSearch({ q: `${'rue '.repeat(80)}Lille` })!.params.q.length).toBeLessThanOrEqual(200);
  });
});

describe('pickResult', () => {
  it('maps a housenumber answer to point, commune code, postcode and address line', () => {
    const s = prepareSearch({ q: '12 rue de strasbourg nantes' })!;
    expect(pickResult(fc(housenumber), s, 0.75)).toEqual({
      point: { latitude: 47.206521, longitude: -1.561235 },
      codeInsee: '44109',
      codePostal: '44000',
      commune: 'Nantes',
      adresse: '12 Rue de Strasbourg',
      score: 0.9712,
    });
  });
  it('folds a Lyon arrondissement into Lyon and keeps the arrondissement point', () => {
    const r = pickResult(
      fc(lyon),
      prepareSearch({ q: '156 cours lafayette', codePostal: '69003', codeInsee: '69123' })!,
      0.75,
    );
    expect(r).toMatchObject({
      codeInsee: '69123',
      codePostal: '69003',
      commune: 'Lyon',
      point: { latitude: 45.763358, longitude: 4.853412 },
    });
  });
  it('rejects a result outside the expected commune', () => {
    expect(
      pickResult(fc(housenumber), prepareSearch({ q: '12 rue de strasbourg', codeInsee: '13055' })!, 0.75),
    ).toBeNull();
  });
  it('rejects scores under the threshold and empty answers', () => {
    expect(pickResult(fc(lowScore), prepareSearch({ q: 'batiment c residence les tilleuls lille' })!, 0.75)).toBeNull();
    expect(
      pickResult(fc(lowScore), prepareSearch({ q: 'batiment c residence les tilleuls lille' })!, 0.5)?.codeInsee,
    ).toBe('59350');
    expect(pickResult(fc(empty), prepareSearch({ q: 'zzz introuvable' })!, 0.75)).toBeNull();
  });
  it('keeps a municipality answer only when the input had no street (cross-source rules)', () => {
    expect(pickResult(fc(municipality), prepareSearch({ q: 'Lille', codePostal: '59000' })!, 0.75)).toMatchObject({
      codeInsee: '59350',
      adresse: null,
    });
    expect(pickResult(fc(municipality), prepareSearch({ q: 'Mairie Lille' })!, 0.75)?.codeInsee).toBe('59350');
    expect(pickResult(fc(municipality), prepareSearch({ q: '12 rue Inconnue Lille' })!, 0.75)).toBeNull();
  });
  it('skips garbage features instead of throwing', () => {
    const garbage = fc({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: null, properties: {} }, { properties: { citycode: 5 } }],
    });
    expect(pickResult(garbage, prepareSearch({ q: 'lille' })!, 0)).toBeNull();
  });
});

describe('pickReverse', () => {
  it('takes the nearest address and folds its arrondissement', () => {
    expect(pickReverse(fc(reverseFixture))).toMatchObject({
      codeInsee: '75056',
      codePostal: '75004',
      adresse: "4 Place de l'Hôtel de Ville",
    });
  });
});

describe('simulator gazetteer', () => {
  const entries = buildGazetteer([
    {
      adresse: '12 rue Nationale',
      codePostal: '59000',
      codeInsee: '59350',
      commune: 'Lille',
      latitude: 50.6365,
      longitude: 3.0601,
    },
    {
      adresse: '156 cours Lafayette',
      codePostal: '69003',
      codeInsee: '69123',
      commune: 'Lyon',
      latitude: 45.763358,
      longitude: 4.853412,
    },
  ]);
  const best = (q: string) => Math.max(...entries.map((e) => similarity(contentTokens(q), e)));
  it('indexes Paris/Lyon/Marseille under arrondissement codes', () => {
    expect(arrondissementOf('69123', '69003')).toEqual({ code: '69383', district: 'Lyon 3e Arrondissement' });
    expect(arrondissementOf('75056', '75001')).toEqual({ code: '75101', district: 'Paris 1er Arrondissement' });
    expect(arrondissementOf('13055', '13016')?.code).toBe('13216');
    expect(arrondissementOf('59350', '59000')).toBeNull();
    expect(entries.find((e) => e.type === 'housenumber' && e.city === 'Lyon')?.citycode).toBe('69383');
  });
  it('scores exact addresses above 0.9, partial ones lower, unknown ones at 0', () => {
    expect(best('12 rue Nationale 59000 Lille')).toBeGreaterThan(0.9);
    expect(best('156 Cours Lafayette 69003 Lyon')).toBeGreaterThan(0.9);
    expect(best('12 rue Inconnue Lille')).toBeLessThan(0.75);
    expect(best('1 impasse des Nulle Part 99999 Ailleurs')).toBe(0);
  });
  it('renders GeoCodeJSON features with context and Lambert-93', () => {
    const f = toFeature(
      entries.find((e) => e.type === 'housenumber' && e.city === 'Lille')!,
      0.97,
    );
    expect(f.properties).toMatchObject({
      label: '12 rue Nationale 59000 Lille',
      citycode: '59350',
      context: '59, Nord, Hauts-de-France',
      _type: 'address',
    });
    expect(f.properties.x).toBeGreaterThan(700_000);
    expect(f.properties.y).toBeGreaterThan(7_000_000);
  });
});
