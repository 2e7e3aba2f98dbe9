import { describe, expect, it } from 'vitest';
import { cleanNom, cleanUrl, isLuhnValid, normaliseForMatch, toE164, toIsoDate } from './normalise.js';
import { expandThematiques, NOMENCLATURES, THEMATIQUE_CATEGORIES } from './nomenclatures.js';

describe('toE164', () => {
  it.each([
    ['03 20 12 34 56', '+33320123456'],
    ['+33 3 20 12 34 56', '+33320123456'],
    ['0033320123456', '+33320123456'],
    ['0262 12 34 56', '+262262123456'],
    ['0692 12 34 56', '+262692123456'],
    ['3949', '3949'],
    ['abc', null],
    ['', null],
  ])('%s → %s', (raw, want) => expect(toE164(raw)).toBe(want));
});

describe('text clean-up', () => {
  it('trims trailing dots but keeps etc.', () => {
    expect(cleanNom('  Épicerie  solidaire. ')).toBe('Épicerie solidaire');
    expect(cleanNom('Aide, conseil, etc.')).toBe('Aide, conseil, etc.');
    expect(cleanNom('x'.repeat(200))!.length).toBe(150);
  });
  it('adds https:// and normalises URLs, drops non-http', () => {
    expect(cleanUrl('www.le.net')).toBe('https://www.le.net/');
    expect(cleanUrl('ftp://x.org')).toBeNull();
    expect(cleanUrl('http://exa mple')).toBeNull();
  });
  it('reads timestamps as dates', () => {
    expect(toIsoDate('2026-01-15T10:00:00+01:00')).toBe('2026-01-15');
    expect(toIsoDate('garbage')).toBeNull();
  });
  it('normalises names for matching', () =>
    expect(normaliseForMatch("L'Épicerie — Solidaire!")).toBe('l epicerie solidaire'));
  it('checks Luhn keys', () => {
    expect(isLuhnValid('73282932000074')).toBe(true);
    expect(isLuhnValid('73282932000075')).toBe(false);
  });
});

describe('nomenclatures', () => {
  it('carries the v1 counts of docs/data-inclusion.md#nomenclatures', () => {
    expect(NOMENCLATURES.thematiques).toHaveLength(69);
    expect(NOMENCLATURES.publics).toHaveLength(14);
    expect(NOMENCLATURES['types-services']).toHaveLength(6);
    expect(NOMENCLATURES['reseaux-porteurs']).toHaveLength(108);
    expect(THEMATIQUE_CATEGORIES).toHaveLength(16);
  });
  it('expands a category into its sub-thématiques', () => {
    const fam = expandThematiques(['famille', 'mobilite--acceder-a-un-vehicule']);
    expect(fam).toContain('famille--garde-denfants');
    expect(fam.every((t) => t.startsWith('famille--') || t === 'mobilite--acceder-a-un-vehicule')).toBe(true);
  });
});

describe('toE164 without the leading 0', () => {
  it('reads nine digits not starting with 0 as a national number missing its 0', () => {
    expect(toE164('3 20 12 34 56')).toBe('+33320123456');
    expect(toE164('612345678')).toBe('+33612345678');
  });
  it('refuses nine digits starting with 0, and eight digits', () => {
    expect(toE164('032012345')).toBeNull();
    expect(toE164('32012345')).toBeNull();
  });
});
