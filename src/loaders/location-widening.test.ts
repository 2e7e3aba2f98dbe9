import { describe, expect, it } from 'vitest';
import type { FilterName, OffreConnector } from '../../connectors/connector.js';
import { askedFilter } from './location-widening.js';

const connector = (pushdown: FilterName[]) => ({ id: 'x', capabilities: { pushdown, coverage: { kind: 'all' } } }) as unknown as OffreConnector;
const soliguideLike = connector(['codeDepartement', 'codeRegion', 'thematiques']);

describe('askedFilter', () => {
  it('asks a widened source for the département of the commune, with only what it pushes down', () => {
    const rf = { codeCommune: '13055', publics: ['jeunes'], thematiques: ['famille--garde-denfants'] };
    expect(askedFilter(soliguideLike, 'departement', rf)).toEqual({ codeDepartement: '13', thematiques: ['famille--garde-denfants'] });
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
