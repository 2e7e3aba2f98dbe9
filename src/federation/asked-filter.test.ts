import { describe, expect, it } from 'vitest';
import type { FilterName, OffreConnector } from '../../connectors/connector.js';
import { areaCalls, askedFilter, pushable, withoutLocation } from './asked-filter.js';

const connector = (pushdown: FilterName[]) =>
  ({ id: 'x', capabilities: { pushdown, coverage: { kind: 'all' } } }) as unknown as OffreConnector;
const soliguideLike = connector(['codeDepartement', 'codeRegion', 'thematiques']);
const di = connector(['sources', 'codeDepartement', 'thematiques', 'modesAccueil', 'frais']);
const soliguide = connector(['codeDepartement', 'thematiques']);
const dora = connector([]);

describe('askedFilter', () => {
  it('asks a widened source for the département of the commune, with only what it pushes down', () => {
    const rf = { codeCommune: '13055', publics: ['jeunes'], thematiques: ['famille--garde-denfants'] };
    expect(askedFilter(soliguideLike, 'departement', rf)).toEqual({
      codeDepartement: '13',
      thematiques: ['famille--garde-denfants'],
    });
    expect(askedFilter(soliguideLike, 'departement', { codeCommune: '97411' })).toEqual({ codeDepartement: '974' });
    expect(askedFilter(soliguideLike, 'departement', { codeCommune: '2A004' })).toEqual({ codeDepartement: '2A' });
  });

  it('leaves the filter alone for a commune source, or without a commune', () => {
    const rf = { codeCommune: '59350', publics: ['jeunes'] };
    expect(askedFilter(soliguideLike, 'commune', rf)).toBe(rf);
    expect(askedFilter(soliguideLike, undefined, rf)).toBe(rf);
    const dep = { codeDepartement: '59', publics: ['jeunes'] };
    expect(askedFilter(soliguideLike, 'departement', dep)).toBe(dep);
  });
});

describe('query planning of an area', () => {
  it('sends a source only the filters it declares', () => {
    expect(
      pushable(soliguide, { thematiques: ['numerique--acceder-a-une-connexion-internet'], frais: ['gratuit'] }),
    ).toEqual({ thematiques: ['numerique--acceder-a-une-connexion-internet'] });
    expect(pushable(dora, { frais: ['gratuit'] })).toEqual({});
  });

  it('asks a source that filters by département once per département, plus remote services by mode', () => {
    expect(
      areaCalls(di, { codeCommune: '69123', frais: ['gratuit'], modesAccueil: ['en-presentiel'] }, ['01', '69'], true),
    ).toEqual([
      { frais: ['gratuit'], modesAccueil: ['en-presentiel'], codeDepartement: '01' },
      { frais: ['gratuit'], modesAccueil: ['en-presentiel'], codeDepartement: '69' },
      { frais: ['gratuit'], modesAccueil: ['a-distance'] },
    ]);
    expect(areaCalls(di, {}, ['69'], false)).toEqual([{ codeDepartement: '69' }]);
  });

  it('asks the whole country once when the source cannot filter by département, or cannot find remote services otherwise', () => {
    expect(areaCalls(dora, { codeDepartement: '69', frais: ['gratuit'] }, ['01', '69'], true)).toEqual([
      { frais: ['gratuit'] },
    ]);
    expect(areaCalls(soliguide, {}, ['01', '69'], true)).toEqual([{}]);
    expect(areaCalls(soliguide, {}, ['01', '69'], false)).toEqual([
      { codeDepartement: '01' },
      { codeDepartement: '69' },
    ]);
  });

  it('drops location keys only', () => {
    expect(withoutLocation({ codeCommune: '1', codeDepartement: '2', codeRegion: '3', sources: ['a'] })).toEqual({
      sources: ['a'],
    });
  });
});
