import { describe, expect, it } from 'vitest';
import { departementOfCommune, filterKey, normalFilter, servicePredicate, structurePredicate } from './filter.js';
import { expandThematiques } from './nomenclatures.js';
import { EMPTY_SERVICE, EMPTY_STRUCTURE, type Service, type Structure } from './offre.js';

const regionOf = (d: string) => ({ '59': '32', '62': '32', '69': '84', '974': '04' })[d] ?? null;
const svc = (over: Partial<Service>): Service => ({
  ...EMPTY_SERVICE,
  source: 'dora',
  id: 'dora--1',
  structureId: 'dora--s',
  nom: 'Service',
  description: 'Une description',
  dateMaj: '2025-01-01',
  ...over,
});
const st = (over: Partial<Structure>): Structure => ({
  ...EMPTY_STRUCTURE,
  source: 'dora',
  id: 'dora--s',
  nom: 'Structure',
  dateMaj: '2025-01-01',
  ...over,
});

describe('departementOfCommune', () => {
  it.each([
    ['59350', '59'],
    ['97411', '974'],
    ['2A004', '2A'],
  ])('%s → %s', (c, d) => expect(departementOfCommune(c)).toBe(d));
});

describe('servicePredicate', () => {
  it('filters by location on code_insee, not on eligibility', () => {
    const p = servicePredicate({ codeDepartement: '59' }, regionOf);
    expect(p(svc({ codeInsee: '59350' }))).toBe(true);
    expect(p(svc({ codeInsee: '62041', zoneEligibilite: ['59'] }))).toBe(false);
    expect(p(svc({ codeInsee: null }))).toBe(false);
    expect(servicePredicate({ codeRegion: '32' }, regionOf)(svc({ codeInsee: '62041' }))).toBe(true);
    expect(servicePredicate({ codeCommune: '59350' }, regionOf)(svc({ codeInsee: '59009' }))).toBe(false);
  });
  it('expands thématique categories and matches by overlap', () => {
    const p = servicePredicate({ thematiques: ['famille'] }, regionOf);
    expect(p(svc({ thematiques: ['famille--garde-denfants'] }))).toBe(true);
    expect(p(svc({ thematiques: ['mobilite--acceder-a-un-vehicule'] }))).toBe(false);
    expect(p(svc({ thematiques: null }))).toBe(false);
  });
  it('lets tous-publics services match any publics filter, and tous-publics disables the filter', () => {
    const p = servicePredicate({ publics: ['jeunes'] }, regionOf);
    expect(p(svc({ publics: ['tous-publics'] }))).toBe(true);
    expect(p(svc({ publics: ['seniors'] }))).toBe(false);
    expect(servicePredicate({ publics: ['tous-publics'] }, regionOf)(svc({ publics: ['seniors'] }))).toBe(true);
  });
  it('matches single-valued frais and type by membership', () => {
    expect(servicePredicate({ frais: ['gratuit'] }, regionOf)(svc({ frais: 'payant' }))).toBe(false);
    expect(servicePredicate({ types: ['atelier', 'formation'] }, regionOf)(svc({ type: 'formation' }))).toBe(true);
    expect(servicePredicate({ modesAccueil: ['a-distance'] }, regionOf)(svc({ modesAccueil: ['en-presentiel'] }))).toBe(
      false,
    );
  });
});

describe('structurePredicate', () => {
  it('filters by sources and réseaux porteurs', () => {
    const p = structurePredicate({ sources: ['dora'], reseauxPorteurs: ['ccas'] }, regionOf);
    expect(p(st({ reseauxPorteurs: ['ccas'] }))).toBe(true);
    expect(p(st({ source: 'soliguide', id: 'soliguide--1', reseauxPorteurs: ['ccas'] }))).toBe(false);
    expect(p(st({ reseauxPorteurs: null }))).toBe(false);
  });
});

describe('each filter field refuses what it does not name', () => {
  it('reads a COM commune (98x) as a three-digit département', () => expect(departementOfCommune('98714')).toBe('987'));
  it('matches by commune, by région, by source and by réseau porteur', () => {
    expect(servicePredicate({ codeCommune: '59350' }, regionOf)(svc({ codeInsee: '59350' }))).toBe(true);
    expect(servicePredicate({ codeCommune: '59350' }, regionOf)(svc({ codeInsee: '59512' }))).toBe(false);
    expect(structurePredicate({ codeRegion: '32' }, regionOf)(st({ codeInsee: '62041' }))).toBe(true);
    expect(structurePredicate({ codeRegion: '32' }, regionOf)(st({ codeInsee: '69123' }))).toBe(false);
    expect(servicePredicate({ sources: ['soliguide'] }, regionOf)(svc({}))).toBe(false);
    expect(structurePredicate({ sources: ['soliguide'] }, regionOf)(st({}))).toBe(false);
    expect(structurePredicate({ sources: ['dora'] }, regionOf)(st({}))).toBe(true);
    expect(structurePredicate({ reseauxPorteurs: ['ccas', 'caf'] }, regionOf)(st({ reseauxPorteurs: ['caf'] }))).toBe(
      true,
    );
    expect(structurePredicate({ reseauxPorteurs: ['caf'] }, regionOf)(st({ reseauxPorteurs: ['caf', 'ccas'] }))).toBe(
      true,
    );
    expect(structurePredicate({ reseauxPorteurs: ['caf'] }, regionOf)(st({ reseauxPorteurs: ['ccas'] }))).toBe(false);
  });
  it('never matches a service whose frais or type is unknown when the filter names some', () => {
    expect(servicePredicate({ frais: ['gratuit'] }, regionOf)(svc({ frais: null }))).toBe(false);
    expect(servicePredicate({ frais: ['gratuit'] }, regionOf)(svc({ frais: 'payant' }))).toBe(false);
    expect(servicePredicate({ frais: ['gratuit'] }, regionOf)(svc({ frais: 'gratuit' }))).toBe(true);
    expect(servicePredicate({ types: ['aide-materielle'] }, regionOf)(svc({ type: null }))).toBe(false);
    expect(servicePredicate({ types: ['aide-materielle'] }, regionOf)(svc({ type: 'formation' }))).toBe(false);
    expect(servicePredicate({ types: ['aide-materielle'] }, regionOf)(svc({ type: 'aide-materielle' }))).toBe(true);
  });
});

describe('the normal form', () => {
  it('drops absent and null keys, deduplicates and sorts list values, orders keys', () => {
    const n = normalFilter({
      types: ['b', 'a', 'b'],
      codeRegion: null,
      frais: null,
      sources: undefined,
      codeDepartement: '59',
    });
    expect(n).toEqual({ codeDepartement: '59', types: ['a', 'b'] });
    expect(Object.keys(n)).toEqual(['codeDepartement', 'types']);
  });

  it('orders every key alphabetically', () => {
    const all = {
      types: ['t'],
      thematiques: ['x'],
      sources: ['s'],
      reseauxPorteurs: ['r'],
      publics: ['p'],
      modesAccueil: ['m'],
      frais: ['f'],
      codeRegion: '32',
      codeDepartement: '59',
      codeCommune: '59350',
    };
    expect(Object.keys(normalFilter(all))).toEqual(Object.keys(all).reverse());
  });

  it('keeps an arrondissement as asked, like any other commune', () => {
    expect(normalFilter({ codeCommune: '75112' })).toEqual({ codeCommune: '75112' });
    expect(normalFilter({ codeCommune: '13201' })).toEqual({ codeCommune: '13201' });
    expect(normalFilter({ codeCommune: '59350' })).toEqual({ codeCommune: '59350' });
  });

  it('expands thématique categories into their sorted subcategories', () => {
    const famille = expandThematiques(['famille']);
    expect(famille.length).toBeGreaterThan(1);
    expect(normalFilter({ thematiques: ['sante--acces-aux-soins', 'famille'] }).thematiques).toEqual(
      [...famille, 'sante--acces-aux-soins'].sort(),
    );
  });

  it('keeps an empty list (it matches nothing) and drops keys that are not filters', () => {
    const withExtra = { frais: [], scoreQualiteMinimum: 0.5 };
    expect(normalFilter(withExtra)).toEqual({ frais: [] });
  });

  it('is idempotent', () => {
    const f = { codeCommune: '69381', thematiques: ['famille'], publics: ['b', 'a', 'a'] };
    expect(normalFilter(normalFilter(f))).toEqual(normalFilter(f));
  });

  it('keys the same question the same whatever the order of keys and list values', () => {
    expect(filterKey({ publics: ['b', 'a'], codeDepartement: '59' })).toBe(
      filterKey({ codeDepartement: '59', publics: ['a', 'b', 'a'], frais: undefined }),
    );
    expect(filterKey({ codeCommune: '75101' })).not.toBe(filterKey({ codeCommune: '75056' }));
    expect(filterKey({ publics: ['a'] })).not.toBe(filterKey({ frais: ['a'] }));
  });
});
