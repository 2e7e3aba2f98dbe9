import { describe, expect, it } from 'vitest';
import type { SourceConfig } from './connector.js';
import { locationGranularity } from './location-granularity.js';
import { buildConnectors } from './registry.js';

const sources: SourceConfig[] = [
  { id: 'data-inclusion', connector: 'data-inclusion', baseUrl: 'https://di.test', token: 't' },
  { id: 'soliguide', connector: 'soliguide', baseUrl: 'https://soliguide.test', token: 't' },
  { id: 'dora', connector: 'dora', baseUrl: 'https://dora.test', token: 't' },
  { id: 'emplois-de-linclusion', connector: 'emplois-de-linclusion', baseUrl: 'https://emplois.test' },
];
const granularities = (list: readonly SourceConfig[]) =>
  Object.fromEntries(buildConnectors(list).offre.map((o) => [o.connector.id, o.locationGranularity]));

describe('locationGranularity', () => {
  it('widens every source that cannot filter by commune; data·inclusion, which can, keeps the commune', () => {
    expect(granularities(sources)).toEqual({
      'data-inclusion': 'commune',
      soliguide: 'departement',
      dora: 'departement',
      'emplois-de-linclusion': 'departement',
    });
  });

  it('takes options.locationGranularity over the default', () => {
    const overridden = sources.map((s) =>
      s.id === 'data-inclusion'
        ? { ...s, options: { locationGranularity: 'departement' } }
        : s.id === 'soliguide'
          ? { ...s, options: { locationGranularity: 'commune' } }
          : s,
    );
    expect(granularities(overridden)).toMatchObject({ 'data-inclusion': 'departement', soliguide: 'commune' });
  });

  it.each([['region'], [true], [['commune']]])('refuses %j, naming the setting and the accepted values', (raw) => {
    const s: SourceConfig = { ...sources[1]!, options: { locationGranularity: raw } };
    expect(() => locationGranularity(s, { pushdown: [], coverage: { kind: 'all' } })).toThrow(
      `sources entry "soliguide": options.locationGranularity must be one of departement, commune, got: ${JSON.stringify(raw)}`,
    );
    expect(() => buildConnectors([s])).toThrow('options.locationGranularity');
  });
});
