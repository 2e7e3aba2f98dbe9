import { describe, expect, it } from 'vitest';
import { publicText, recherchePublicMatcher, searchWords } from './search-text.js';

const svc = (publics: string[] | null, publicsPrecisions: string | null = null) => ({ publics, publicsPrecisions });

describe('recherchePublic', () => {
  it('reads publics values with "-" as spaces, and their précisions', () => {
    expect(publicText(svc(['personnes-en-situation-de-handicap'], 'Aidants bienvenus'))).toBe(
      'personnes en situation de handicap Aidants bienvenus',
    );
  });

  it('normalises words: accents, case, punctuation, stop words, plural s/x', () => {
    expect(searchWords('Les Jeunes ÉTUDIANTS, des bureaux')).toEqual(['jeune', 'etudiant', 'bureau']);
  });

  it('needs every word, in the values or the précisions', () => {
    const match = recherchePublicMatcher('jeune handicapé');
    expect(match(svc(['jeunes'], 'Jeunes en situation de handicap'))).toBe(false);
    expect(match(svc(['jeunes'], 'Jeunes handicapés'))).toBe(true);
    expect(recherchePublicMatcher('femmes victimes')(svc(['femmes'], 'Victimes de violences'))).toBe(true);
    expect(recherchePublicMatcher('femmes victimes')(svc(['femmes']))).toBe(false);
  });

  it('does not treat tous-publics as matching any text (d·i matches text only)', () => {
    expect(recherchePublicMatcher('seniors')(svc(['tous-publics']))).toBe(false);
  });

  it('matches everything when the query has no searchable word', () => {
    expect(recherchePublicMatcher(' de la ')(svc(null))).toBe(true);
  });
});
