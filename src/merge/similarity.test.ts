import { describe, expect, it } from 'vitest';
import { jaroWinkler, softJaccard, tokensContained } from './similarity.js';

describe('jaroWinkler', () => {
  it('is 1 for equal strings, 0 with an empty one or nothing in common', () => {
    expect(jaroWinkler('ccas', 'ccas')).toBe(1);
    expect(jaroWinkler('', 'ccas')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
  it('rewards a common prefix, symmetric', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('marhta', 'martha')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });
});

describe('a typo is forgiven only between two long tokens', () => {
  it('matches two long tokens one letter apart', () => {
    expect(tokensContained(['solidarite'], ['solidarites'])).toBe(true);
    expect(softJaccard(['solidarite'], ['solidarites'])).toBe(1);
  });
  it('never matches a short token with a longer look-alike, whichever side is short', () => {
    expect(jaroWinkler('ccas', 'ccass')).toBeGreaterThan(0.93);
    expect(tokensContained(['ccas'], ['ccass'])).toBe(false);
    expect(tokensContained(['ccass'], ['ccas'])).toBe(false);
    expect(softJaccard(['ccas'], ['ccass'])).toBe(0);
    expect(softJaccard(['ccass'], ['ccas'])).toBe(0);
  });
});

describe('softJaccard', () => {
  it('is 1 for two empty lists, matched pairs over the union otherwise, each token used once', () => {
    expect(softJaccard([], [])).toBe(1);
    expect(softJaccard(['a'], [])).toBe(0);
    expect(softJaccard(['epicerie', 'solidaire'], ['epicerie', 'sociale'])).toBeCloseTo(1 / 3, 10);
    expect(softJaccard(['solidarite', 'solidarites'], ['solidarite'])).toBe(0.5);
  });
});

describe('tokensContained', () => {
  it('checks every token of the shorter list against the longer one', () => {
    expect(tokensContained(['ccas'], ['ccas', 'de', 'lille'])).toBe(true);
    expect(tokensContained(['ccas', 'de', 'lille'], ['ccas'])).toBe(true);
    expect(tokensContained(['ccas', 'roubaix'], ['ccas', 'de', 'lille'])).toBe(false);
  });
});
describe('similarity edges', () => {
  it('counts a common prefix of 4 characters at most', () =>
    // jaro 0.9333; prefix 4 → 0.96 (a prefix of 9 would give 0.9933)
    expect(jaroWinkler('solidarite', 'solidarity')).toBeCloseTo(0.96, 10));
  it('lets tokens of exactly five characters match with a transposition', () =>
    expect(softJaccard(['lille'], ['lilel'])).toBe(1));
  it('gives 0 when only one side has tokens', () => {
    expect(softJaccard([], ['ccas'])).toBe(0);
    expect(softJaccard(['ccas'], [])).toBe(0);
  });
  it('pairs an exact token first, so a look-alike stays free for its own match', () => {
    // 'abcdefgh' looks like 'abcdefghij', which is also the only match of 'abcdefghijklmn':
    // taking the look-alike first would leave one match out of three tokens.
    expect(softJaccard(['abcdefgh', 'abcdefghijklmn'], ['abcdefghij', 'abcdefgh'])).toBe(1);
  });
});
