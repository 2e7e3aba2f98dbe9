import { describe, expect, it } from 'vitest';
import { EMPTY_STRUCTURE, type Structure } from '../../src/domain/index.js';
import type { Etablissement } from '../connector.js';
import closed from './fixtures/search-siret-closed.json' with { type: 'json' };
import empty from './fixtures/search-empty.json' with { type: 'json' };
import found from './fixtures/search-siret.json' with { type: 'json' };
import { registryWorld } from './fixtures/world.js';
import { enrichStructure, findEtablissement, normaliseSiret, toEtablissement } from './mapping.js';
import { renderRechercheEntreprises } from './simulator.js';
import type { SearchResponseDto } from './types.js';

const lookup = (res: unknown, siret: string): Etablissement | null => {
  const hit = findEtablissement(res as SearchResponseDto, siret);
  return hit ? toEtablissement(hit.ul, hit.etab) : null;
};

describe('normaliseSiret', () => {
  it.each([
    ['26440030900029', '26440030900029'],
    ['264 400 309 00029', '26440030900029'],
    ['26440030900015', null], // bad check digit
    ['2644003090002', null], // 13 digits
    ['2644003090002A', null],
    ['', null],
    ['35600000000001', '35600000000001'], // La Poste: digit sum divisible by 5
    ['35600000000002', null],
  ])('%j → %j', (raw, expected) => expect(normaliseSiret(raw)).toBe(expected));
});

describe('toEtablissement', () => {
  it('maps the matched establishment of a SIRET lookup', () => {
    expect(lookup(found, '26440030900029')).toEqual({
      siret: '26440030900029',
      nom: "CENTRE COMMUNAL D'ACTION SOCIALE DE NANTES",
      adresse: '1 BIS PLACE SAINT-SIMILIEN',
      codePostal: '44000',
      codeInsee: '44109',
      commune: 'NANTES',
      point: { latitude: 47.2205, longitude: -1.5568 },
      actif: true,
    });
  });

  it('flags a closed establishment, prefers its enseigne and folds the arrondissement', () => {
    expect(lookup(closed, '77500030000027')).toEqual({
      siret: '77500030000027',
      nom: 'ESPACE ROQUETTE',
      adresse: 'ESCALIER B 40 RUE DE LA ROQUETTE',
      codePostal: '75011',
      codeInsee: '75056',
      commune: 'PARIS 11',
      point: { latitude: 48.8553, longitude: 2.3742 },
      actif: false,
    });
  });

  it('falls back to the siège when it is the SIRET asked for, and gives null otherwise', () => {
    expect(lookup(closed, '77500030000019')?.actif).toBe(true);
    expect(lookup(closed, '26440030900029')).toBeNull();
    expect(lookup(empty, '26440030900029')).toBeNull();
  });
});

const base: Structure = {
  ...EMPTY_STRUCTURE,
  source: 'dora',
  id: 'dora--1',
  nom: 'CCAS de Nantes',
  dateMaj: '2025-01-01',
  siret: '26440030900029',
};
const active = lookup(found, '26440030900029')!;

describe('enrichStructure', () => {
  it('leaves a structure without SIRET alone', () => {
    expect(enrichStructure({ ...base, siret: null }, null)).toEqual({
      structure: { ...base, siret: null },
      siretStatus: 'none',
      closed: false,
      filled: [],
    });
  });

  it('drops a SIRET the registry does not know, as data·inclusion does', () => {
    const r = enrichStructure(base, null);
    expect(r.siretStatus).toBe('unknown');
    expect(r.structure.siret).toBeNull();
    expect(r.filled).toEqual(['siret']);
  });

  it('flags a closed establishment without touching the structure', () => {
    const s = { ...base, siret: '77500030000027' };
    expect(enrichStructure(s, lookup(closed, '77500030000027'))).toEqual({
      structure: s,
      siretStatus: 'closed',
      closed: true,
      filled: [],
    });
  });

  it('fills the missing address of an active establishment', () => {
    const r = enrichStructure(base, active);
    expect(r.siretStatus).toBe('active');
    expect(r.filled).toEqual(['adresse', 'codePostal', 'codeInsee', 'commune', 'latitude', 'longitude']);
    expect(r.structure).toMatchObject({
      nom: 'CCAS de Nantes',
      adresse: '1 BIS PLACE SAINT-SIMILIEN',
      codeInsee: '44109',
      latitude: 47.2205,
    });
  });

  it('keeps existing values and fills only the empty ones in the same commune', () => {
    const s = { ...base, codeInsee: '44109', adresse: '1 bis place Saint-Similien', latitude: 47.22, longitude: -1.55 };
    const r = enrichStructure(s, active);
    expect(r.filled).toEqual(['codePostal', 'commune']);
    expect(r.structure.adresse).toBe('1 bis place Saint-Similien');
  });

  it('does not copy an address from another commune (antenna carrying its head office SIRET)', () => {
    const r = enrichStructure({ ...base, codeInsee: '44162' }, active);
    expect(r.filled).toEqual([]);
  });

  it('fills a missing name from the registry', () => {
    const r = enrichStructure({ ...base, nom: '' }, active);
    expect(r.structure.nom).toBe("CENTRE COMMUNAL D'ACTION SOCIALE DE NANTES");
    expect(r.filled[0]).toBe('nom');
  });

  it('refuses a registry record of another SIRET', () => {
    expect(() => enrichStructure({ ...base, siret: '77500030000019' }, active)).toThrow(
      'enrichStructure expects the registry record of SIRET 77500030000019, got the record of 26440030900029',
    );
  });
});

describe('renderRechercheEntreprises', () => {
  it('publishes each world SIRET so that mapping gives back its address', () => {
    const world = registryWorld(2);
    const registry = renderRechercheEntreprises(world);
    const s = world.structures[1]!;
    const ul = registry.find((u) => u.siren === s.siret!.slice(0, 9))!;
    const e = toEtablissement(
      ul,
      ul.matching_etablissements.find((m) => m.siret === s.siret)!,
    );
    expect(e).toEqual({
      siret: s.siret,
      nom: s.nom.toUpperCase(),
      adresse: s.adresse.toUpperCase(),
      codePostal: s.codePostal,
      codeInsee: s.codeInsee,
      commune: s.commune.toUpperCase(),
      point: { latitude: s.latitude, longitude: s.longitude },
      actif: true,
    });
  });
});
