import { describe, expect, it } from 'vitest';
import {
  cleanCodePostal,
  cleanMultiline,
  cleanNom,
  cleanUrl,
  isLuhnValid,
  normaliseForMatch,
  toIsoDate,
} from './normalise.js';
import { expandThematiques, NOMENCLATURES, THEMATIQUE_CATEGORIES } from './nomenclatures.js';

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

describe('cleanMultiline', () => {
  it('collapses spaces and tabs, turns Windows and old Mac line breaks into \\n, keeps one blank line at most', () => {
    expect(cleanMultiline('  a \t  b\r\nc\rd\r\n\r\n\r\ne  ')).toBe('a b\nc\nd\n\ne');
  });
  it('gives null for null, undefined and blank text', () => {
    expect(cleanMultiline(null)).toBeNull();
    expect(cleanMultiline(undefined)).toBeNull();
    expect(cleanMultiline(' \t\r\n ')).toBeNull();
  });
});

describe('cleanNom trailing dots and length', () => {
  it('trims only the trailing run of dots, and the space before it', () => {
    expect(cleanNom('Ass. Les Amis...')).toBe('Ass. Les Amis');
    expect(cleanNom('Épicerie .')).toBe('Épicerie');
  });
  it('keeps a trailing etc. in any case, but not an etc. inside the name', () => {
    expect(cleanNom('Aide, conseil, ETC.')).toBe('Aide, conseil, ETC.');
    expect(cleanNom('Ateliers etc. du quartier.')).toBe('Ateliers etc. du quartier');
  });
  it('keeps a name of exactly 150 characters and truncates 151 to 149 plus …', () => {
    expect(cleanNom('x'.repeat(150))).toBe('x'.repeat(150));
    expect(cleanNom('x'.repeat(151))).toBe(`${'x'.repeat(149)}…`);
  });
});

describe('cleanUrl http', () => {
  it('keeps a plain http URL as http', () => expect(cleanUrl('http://example.org')).toBe('http://example.org/'));
});

describe('toIsoDate prefixes', () => {
  it('takes a well-formed YYYY-MM-DD prefix as is, whatever follows', () => {
    expect(toIsoDate('2026-01-15 garbage')).toBe('2026-01-15');
    expect(toIsoDate('2026-01-15T23:30:00-05:00')).toBe('2026-01-15');
  });
  it('parses a timestamp without an ISO prefix', () =>
    expect(toIsoDate('Thu, 15 Jan 2026 10:00:00 GMT')).toBe('2026-01-15'));
});

describe('cleanCodePostal', () => {
  it('trims, pads a 4-digit code with a leading 0, and reads numbers', () => {
    expect(cleanCodePostal(' 75001 ')).toBe('75001');
    expect(cleanCodePostal('1000')).toBe('01000');
    expect(cleanCodePostal(1000)).toBe('01000');
  });
  it('refuses anything but five digits', () => {
    expect(cleanCodePostal('750011')).toBeNull();
    expect(cleanCodePostal('7500a')).toBeNull();
    expect(cleanCodePostal(null)).toBeNull();
    expect(cleanCodePostal(undefined)).toBeNull();
  });
});

describe('prefixes read at the start only', () => {
  it('adds https:// to a bare address that carries another URL in its query', () =>
    expect(cleanUrl('example.org/go?u=http://x.fr')).toBe('https://example.org/go?u=http://x.fr'));
  it('does not take a date found after other text', () => expect(toIsoDate('x2026-01-15')).toBeNull());
});
