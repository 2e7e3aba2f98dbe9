import { describe, expect, it } from 'vitest';
import type { SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { EMPTY_STRUCTURE, type Structure } from '../../src/domain/index.js';
import siaePage from './fixtures/data-inclusion-siae.json' with { type: 'json' };
import orgaPage from './fixtures/data-inclusion-orga.json' with { type: 'json' };
import siaesPage from './fixtures/siaes.json' with { type: 'json' };
import {
  applyGeocode,
  departementOfCommune,
  departementsOfPostcode,
  geocodeQueryOf,
  mapEmploisSiae,
  mapEmploisStructure,
  reseauxPorteursOfKind,
} from './mapping.js';
import { kindOf, nationalPhone, renderEmplois } from './render.js';

const S = 'emplois-de-linclusion';
const ok = (m: ReturnType<typeof mapEmploisStructure>): Structure => {
  if (!m.ok) throw new Error(m.reason);
  return m.structure;
};

describe('data-inclusion/ records → v1 structures (emplois rules)', () => {
  const [aci, ei, ea] = siaePage.results.map((r) => ok(mapEmploisStructure(r, S)));
  const [ml, ccas, oacas, autre] = orgaPage.results.map((r) => ok(mapEmploisStructure(r, S)));

  it('maps every field of a complete SIAE record', () => {
    expect(aci).toEqual({
      ...EMPTY_STRUCTURE,
      source: S,
      id: `${S}--5b1e2c7a-0d3f-4a51-9a0e-2f6c1b7d9e10`,
      nom: 'Recyclerie du Marais',
      dateMaj: '2025-03-04',
      description: "Atelier chantier d'insertion : collecte, tri et revente d'objets.",
      lienSource: 'https://emplois.inclusion.beta.gouv.fr/company/1234/card',
      siret: '81234567800012',
      commune: 'Nantes',
      codePostal: '44000',
      codeInsee: null,
      adresse: '3 rue des Olivettes',
      complementAdresse: null,
      longitude: -1.5489,
      latitude: 47.2127,
      telephone: '+33240000000',
      courriel: 'contact@recyclerie-marais.fr',
      siteWeb: 'https://recyclerie-marais.fr/',
      reseauxPorteurs: ['aci'],
      adresseCertifiee: false,
    });
  });
  it('applies the clean-ups: trailing dot, ≤ 5-character description, lat/lon 0, E.164, scheme added, empty strings', () => {
    expect(ei).toMatchObject({
      nom: 'Tremplin Lille',
      description: null,
      latitude: null,
      longitude: null,
      telephone: '+33320123456',
      siteWeb: 'https://tremplin-lille.fr/',
      courriel: null,
      complementAdresse: 'Bâtiment B',
      reseauxPorteurs: ['ei'],
    });
    expect(ea).toMatchObject({
      siret: null,
      description: null,
      telephone: null,
      lienSource: null,
      reseauxPorteurs: ['ea'],
      dateMaj: '2025-06-30',
    });
  });
  it('maps kind through _map_emplois__reseaux_porteurs_v1.csv and drops the all-zero SIRET', () => {
    expect(ml).toMatchObject({ reseauxPorteurs: ['mission-locale'], siret: null, telephone: '+33320000000' });
    expect(ccas).toMatchObject({ id: `${S}--17`, reseauxPorteurs: ['ccas-cias'], siret: '26590325400018' });
    expect(oacas.reseauxPorteurs).toBeNull();
    expect(autre.reseauxPorteurs).toBeNull();
    expect(reseauxPorteursOfKind('FT')).toEqual(['france-travail']);
    expect(reseauxPorteursOfKind('DEPT')).toEqual(['departements']);
    expect(reseauxPorteursOfKind('PREVENTION')).toBeNull();
    expect(reseauxPorteursOfKind('NOPE')).toBeNull();
  });
  it('builds the geocoding query without BP/CS and CEDEX, and none without any address', () => {
    expect(geocodeQueryOf(ei)).toEqual({ q: '12 rue Nationale Lille', codePostal: '59000' });
    expect(geocodeQueryOf(ccas)).toEqual({ q: 'Roubaix', codePostal: '59100' });
    expect(geocodeQueryOf(oacas)).toBeNull();
  });
  it('reports records it cannot read at all', () => {
    expect(mapEmploisStructure(null, S)).toEqual({ ok: false, id: null, reason: 'record is not an object' });
    expect(mapEmploisStructure({ nom: 'Sans identifiant' }, S)).toEqual({
      ok: false,
      id: null,
      reason: 'record has no id',
    });
    expect(ok(mapEmploisStructure({ id: 5, nom: 42 }, S))).toMatchObject({ id: `${S}--5`, nom: '42', dateMaj: '' });
  });
});

describe('siaes/ records → v1 structures', () => {
  it('takes the enseigne as name, mis_a_jour_le as date, type as kind, addresse_ligne_* as address', () => {
    const s = ok(mapEmploisSiae(siaesPage.results[0], S));
    expect(s).toMatchObject({
      id: `${S}--0f5c2d1e-8a9b-4c3d-9e8f-7a6b5c4d3e2f`,
      nom: 'Tremplin',
      dateMaj: '2025-01-10',
      siret: '81234567800012',
      reseauxPorteurs: ['ei'],
      adresse: '1 rue de la Paix',
      complementAdresse: null,
      codePostal: '44350',
      commune: 'Guérande',
      codeInsee: null,
      description: null,
      lienSource: null,
    });
    expect(ok(mapEmploisSiae({ ...siaesPage.results[0], enseigne: '' }, S)).nom).toBe('ENTREPRISE TREMPLIN');
  });
});

describe('geocoding and territories', () => {
  const base = ok(mapEmploisStructure(siaePage.results[2], S));
  it('replaces the address with the accepted BAN answer, folds the arrondissement, certifies it', () => {
    const g = {
      point: { latitude: 45.763358, longitude: 4.853412 },
      codeInsee: '69383',
      codePostal: '69003',
      commune: 'Lyon',
      adresse: '156 Cours Lafayette',
      score: 0.97,
    };
    expect(applyGeocode(base, g)).toMatchObject({
      codeInsee: '69123',
      latitude: 45.763358,
      longitude: 4.853412,
      adresse: '156 Cours Lafayette',
      adresseCertifiee: true,
    });
  });
  it('derives départements from commune codes and postcodes', () => {
    expect(departementOfCommune('97411')).toBe('974');
    expect(departementOfCommune('2A004')).toBe('2A');
    expect(departementOfCommune('59350')).toBe('59');
    expect(departementsOfPostcode('20000')).toEqual(['2A', '2B']);
    expect(departementsOfPostcode('97400')).toEqual(['974']);
    expect(departementsOfPostcode('98000')).toEqual([]);
  });
});

describe('render (reverse mapping for the simulator)', () => {
  const st = (o: Partial<SandboxStructure>): SandboxStructure => ({
    source: S,
    localId: 'x',
    entityKey: 'x',
    typologie: 'ACI',
    reseauxPorteurs: ['aci'],
    nom: 'Atelier Nord',
    siret: '81234567800012',
    adresse: '12 rue Nationale',
    complementAdresse: null,
    codePostal: '59000',
    codeInsee: '59350',
    commune: 'Lille',
    latitude: 50.6365,
    longitude: 3.0601,
    telephone: '+33320123456',
    courriel: 'a@b.fr',
    siteWeb: 'https://atelier-nord.fr/',
    description: 'Chantier d’insertion en maraîchage.',
    dateMaj: '2025-07-01',
    horairesAccueil: null,
    ...o,
  });
  const world: SandboxWorld = {
    seed: 1,
    services: [],
    structures: [
      st({ localId: 'a' }),
      st({ localId: 'b', typologie: 'ASSO', reseauxPorteurs: ['mission-locale'], siret: null, nom: 'ML Lille' }),
      st({ localId: 'c', source: 'dora' }),
    ],
  };

  it('splits SIAE and organisations, renders partner formats, and maps back to the same values', () => {
    const r = renderEmplois(world);
    expect(r.siae.map((x) => x.id)).toEqual(['a']);
    expect(r.orga.map((x) => [x.id, x.kind, x.siret])).toEqual([['b', 'ML', '00000000000000']]);
    expect(r.siae[0]).toMatchObject({
      telephone: '0320123456',
      date_maj: '2025-07-01T10:21:33.512301+02:00',
      kind: 'ACI',
    });
    expect(r.siaes[0]).toMatchObject({
      enseigne: 'Atelier Nord',
      raison_sociale: 'ATELIER NORD',
      departement: '59',
      addresse_ligne_1: '12 rue Nationale',
    });
    const back = ok(mapEmploisStructure(r.orga[0], S));
    expect(back).toMatchObject({
      id: `${S}--b`,
      nom: 'ML Lille',
      siret: null,
      telephone: '+33320123456',
      reseauxPorteurs: ['mission-locale'],
      siteWeb: 'https://atelier-nord.fr/',
    });
    expect(ok(mapEmploisSiae(r.siaes[0], S))).toMatchObject({
      nom: 'Atelier Nord',
      dateMaj: '2025-07-01',
      reseauxPorteurs: ['aci'],
    });
  });
  it('derives kinds (PE → FT, réseau → kind, else Autre) and national phones', () => {
    expect(kindOf(st({ typologie: 'PE' }))).toBe('FT');
    expect(kindOf(st({ typologie: 'ASSO', reseauxPorteurs: [] }))).toBe('Autre');
    expect(nationalPhone('+262692123456')).toBe('0692123456');
    expect(nationalPhone(null)).toBe('');
  });
});
