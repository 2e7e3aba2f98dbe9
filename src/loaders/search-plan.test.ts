import { describe, expect, it } from 'vitest';
import type { CacheInfo } from '../../connectors/connector.js';
import { areaCache } from './search-plan.js';

describe('cache note of an area', () => {
  const info = (status: CacheInfo['status'], ageSeconds: number, freshForSeconds = 0): CacheInfo => ({
    status,
    ageSeconds,
    freshForSeconds,
  });

  it('is stale when any call was, with the oldest stale age', () => {
    expect(
      areaCache([info('hit', 10, 50), info('stale-error', 4000), info('stale', 5000), info('stale-error', 4200)]),
    ).toEqual(info('stale-error', 4200, 0));
    expect(areaCache([info('hit', 10, 50), info('stale', 700)])).toEqual(info('stale', 700, 0));
  });

  it('is fresh otherwise, and absent when no call went through the cache', () => {
    expect(areaCache([info('hit', 10, 50), info('miss', 0, 60)])).toEqual(info('miss', 0, 50));
    expect(areaCache([undefined, undefined])).toBeUndefined();
  });
});
