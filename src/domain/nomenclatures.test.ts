import { describe, expect, it } from 'vitest';
import { expandThematiques, isNomenclatureValue, isThematiqueCategory } from './nomenclatures.js';

describe('thématique categories', () => {
  it('knows a category from a thématique and from an unknown value', () => {
    expect(isThematiqueCategory('famille')).toBe(true);
    expect(isThematiqueCategory('famille--garde-denfants')).toBe(false);
    expect(isThematiqueCategory('nope')).toBe(false);
  });

  it('keeps a thématique and an unknown value as they are, expands only categories', () => {
    expect(expandThematiques(['famille--garde-denfants'])).toEqual(['famille--garde-denfants']);
    expect(expandThematiques(['nope'])).toEqual(['nope']);
    const famille = expandThematiques(['famille']);
    expect(famille).toContain('famille--garde-denfants');
    expect(famille.every((t) => t.startsWith('famille--'))).toBe(true);
    expect(expandThematiques(['mobilite--acceder-a-un-vehicule', 'famille'])).toEqual([
      'mobilite--acceder-a-un-vehicule',
      ...famille,
    ]);
  });

  it('deduplicates, keeping the first place of each value', () => {
    const out = expandThematiques(['famille--garde-denfants', 'famille']);
    expect(out[0]).toBe('famille--garde-denfants');
    expect(new Set(out).size).toBe(out.length);
    expect([...out].sort()).toEqual([...expandThematiques(['famille'])].sort());
  });

  it('checks a value against its list', () => {
    expect(isNomenclatureValue('frais', 'gratuit')).toBe(true);
    expect(isNomenclatureValue('frais', 'famille')).toBe(false);
  });
});
