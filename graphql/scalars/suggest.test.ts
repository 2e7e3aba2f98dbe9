import { describe, expect, it } from 'vitest';
import { NOMENCLATURES } from '../../src/domain/nomenclatures.js';
import { closestValues, didYouMean, editDistance, foldValue } from './suggest.js';

const thematiques = NOMENCLATURES.thematiques.map((t) => t.value);
const reseaux = NOMENCLATURES['reseaux-porteurs'].map((t) => t.value);

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['famile', 'famille', 1],
    ['fmaille', 'famille', 1],
    ['abc', 'abc', 0],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestValues', () => {
  it('finds a one-letter typo first', () => {
    expect(closestValues('famile--garde-denfants', thematiques)[0]).toBe('famille--garde-denfants');
  });

  it('finds a value from its sub-part alone (category forgotten)', () => {
    expect(closestValues('garde-denfants', thematiques)).toEqual(['famille--garde-denfants']);
  });

  it('lists up to three values of a bare category, alphabetically', () => {
    const s = closestValues('famille', thematiques);
    expect(s).toEqual(thematiques.filter((t) => t.startsWith('famille--')).slice(0, 3));
  });

  it('ignores case, accents, spaces and underscores', () => {
    expect(foldValue('  Famille_Garde d’Enfants ')).toBe('famille-garde-d’enfants');
    expect(closestValues('FRANCE_TRAVAIL', reseaux)[0]).toBe('france-travail');
    expect(closestValues('Santé--Addictions', thematiques)[0]).toBe('sante--addictions');
  });

  it('suggests nothing for unrelated, empty or huge input', () => {
    expect(closestValues('zzzzzzzz', thematiques)).toEqual([]);
    expect(closestValues('', thematiques)).toEqual([]);
    expect(closestValues('famille'.repeat(100), thematiques)).toEqual([]);
  });

  it('never returns more than asked', () => {
    expect(closestValues('a', ['a', 'b', 'c', 'd'], 2)).toHaveLength(2);
  });
});

describe('didYouMean', () => {
  it('phrases zero, one and several suggestions', () => {
    expect(didYouMean([])).toBe('');
    expect(didYouMean(['a'])).toBe(' Did you mean "a"?');
    expect(didYouMean(['a', 'b', 'c'])).toBe(' Did you mean "a", "b" or "c"?');
  });
});
