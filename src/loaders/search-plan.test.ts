import { describe, expect, it } from 'vitest';
import type { CacheInfo, FilterName, OffreConnector } from '../../connectors/connector.js';
import { areaCache, areaCalls, pushable, withoutLocation } from './search-plan.js';

const connector = (pushdown: FilterName[]) => ({ id: 'x', connector: 'x', capabilities: { pushdown, coverage: { kind: 'all' } } }) as unknown as OffreConnector;
const di = connector(['sources', 'codeDepartement', 'thematiques', 'modesAccueil', 'frais']);
const soliguide = connector(['codeDepartement', 'thematiques']);
const dora = connector([]);

describe('query planning of an area', () => {
  it('sends a source only the filters it declares', () => {
    expect(pushable(soliguide, { thematiques: ['numerique--acceder-a-une-connexion-internet'], frais: ['gratuit'] })).toEqual({ thematiques: ['numerique--acceder-a-une-connexion-internet'] });
    expect(pushable(dora, { frais: ['gratuit'] })).toEqual({});
  });

  it('asks a source that filters by département once per département, plus remote services by mode', () => {
    expect(areaCalls(di, { codeCommune: '69123', frais: ['gratuit'], modesAccueil: ['en-presentiel'] }, ['01', '69'], true)).toEqual([
      { frais: ['gratuit'], modesAccueil: ['en-presentiel'], codeDepartement: '01' },
      { frais: ['gratuit'], modesAccueil: ['en-presentiel'], codeDepartement: '69' },
      { frais: ['gratuit'], modesAccueil: ['a-distance'] },
    ]);
    expect(areaCalls(di, {}, ['69'], false)).toEqual([{ codeDepartement: '69' }]);
  });

  it('asks the whole country once when the source cannot filter by département, or cannot find remote services otherwise', () => {
    expect(areaCalls(dora, { codeDepartement: '69', frais: ['gratuit'] }, ['01', '69'], true)).toEqual([{ frais: ['gratuit'] }]);
    expect(areaCalls(soliguide, {}, ['01', '69'], true)).toEqual([{}]);
    expect(areaCalls(soliguide, {}, ['01', '69'], false)).toEqual([{ codeDepartement: '01' }, { codeDepartement: '69' }]);
  });

  it('drops location keys only', () => {
    expect(withoutLocation({ codeCommune: '1', codeDepartement: '2', codeRegion: '3', sources: ['a'] })).toEqual({ sources: ['a'] });
  });
});

describe('cache note of an area', () => {
  const info = (status: CacheInfo['status'], ageSeconds: number, freshForSeconds = 0): CacheInfo => ({ status, ageSeconds, freshForSeconds });

  it('is stale when any call was, with the oldest stale age', () => {
    expect(areaCache([info('hit', 10, 50), info('stale-error', 4000), info('stale', 5000), info('stale-error', 4200)])).toEqual(info('stale-error', 4200, 0));
    expect(areaCache([info('hit', 10, 50), info('stale', 700)])).toEqual(info('stale', 700, 0));
  });

  it('is fresh otherwise, and absent when no call went through the cache', () => {
    expect(areaCache([info('hit', 10, 50), info('miss', 0, 60)])).toEqual(info('miss', 0, 50));
    expect(areaCache([undefined, undefined])).toBeUndefined();
  });
});
