import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

/**
 * Every case of the pipeline's `format_phone_number` test (same input, same expected output), named
 * as there: by its id when it has one, by its input otherwise. The pipeline also checks that each
 * output reads back to itself.
 */
const PIPELINE_CASES: readonly (readonly [name: string, input: string | null, expected: string | null])[] = [
  ['None', null, null],
  ['+33 1 23 45 67 89', '+33 1 23 45 67 89', '+33123456789'],
  ['+33 1 23 45 67', '+33 1 23 45 67', null],
  [' 01 23 45 67 89', ' 01 23 45 67 89', '+33123456789'],
  ['01.23.45.67.89', '01.23.45.67.89', '+33123456789'],
  ['01-23-45-67-89', '01-23-45-67-89', '+33123456789'],
  ['01 23 45 67', '01 23 45 67', null],
  ['+33123456789', '+33123456789', '+33123456789'],
  ['0123456789', '0123456789', '+33123456789'],
  ['+33 123456789', '+33 123456789', '+33123456789'],
  ['+355 23 45 67 89', '+355 23 45 67 89', '+35523456789'],
  ['+355 23 6 67 89', '+355 23 6 67 89', null],
  ['04 67 87 83 87 / 06 31 47 16 85', '04 67 87 83 87 / 06 31 47 16 85', null],
  ['3333', '3333', '3333'],
  ['33-33', '33-33', '3333'],
  ['33.33', '33.33', '3333'],
  ['33  33', '33  33', '3333'],
  ['116 000', '116 000', '116000'],
  ['06 87 27 89 92 ou 03 89 20 80 80', '06 87 27 89 92 ou 03 89 20 80 80', null],
  ['15', '15', '15'],
  ['112', '112', '112'],
  ['0687278992', '0687278992', '+33687278992'],
  ['sva-la-poste', '3631', '3631'],
  ['sva-service-public', '3939', '3939'],
  ['guadeloupe-fixed-0590', '05 90 00 00 00', '+590590000000'],
  ['guadeloupe-mobile-0690', '06 90 00 00 00', '+590690000000'],
  ['guadeloupe-mobile-0691', '06 91 29 00 00', '+590691290000'],
  ['guyane-fixed-0594', '05 94 00 00 00', '+594594000000'],
  ['guyane-mobile-0694', '06 94 00 00 00', '+594694000000'],
  ['mayotte-fixed-0262', '02 62 00 00 00', '+262262000000'],
  ['mayotte-fixed-0269', '02 69 00 00 00', '+262269000000'],
  ['mayotte-mobile-0639', '06 39 00 00 00', '+262639000000'],
  ['martinique-fixed-0596', '05 96 00 00 00', '+596596000000'],
  ['martinique-mobile-0696', '06 96 00 00 00', '+596696000000'],
  ['martinique-mobile-0697', '06 97 00 00 00', '+596697000000'],
  ['reunion-fixed-0262', '02 62 00 00 00', '+262262000000'],
  ['reunion-fixed-0263', '02 63 00 00 00', '+262263000000'],
  ['reunion-mobile-0692', '06 92 00 00 00', '+262692000000'],
  ['reunion-mobile-0693', '06 93 00 00 00', '+262693000000'],
  ['guadeloupe-fixed-+33', '+33590000000', '+590590000000'],
  ['guyane-fixed-+33', '+33262000000', '+262262000000'],
  ['mayotte-fixed-+33', '+33262000000', '+262262000000'],
  ['mayotte-fixed-+33-bis', '+33269000000', '+262269000000'],
  ['france-toll-free-0800', '08 00 01 31 40', '+33800013140'],
  ['france-voip-09', '09 12 34 56 78', '+33912345678'],
  ['spm-without-areacode', '41 10 50', null],
  ['spm-with-areacode', '+5 08 41 10 50', '+508411050'],
  ['spm-bad', '05 08 41 10 50', '+508411050'],
  ['wallis-without-areacode', '72 25 73', null],
  ['wallis-with-areacode', '+681 72 25 73', '+681722573'],
  ['not-wallis', '06 81 72 25 73', '+33681722573'],
  ['polynesie-without-areacode', '40 41 57 00', '+68940415700'],
  ['polynesie-with-areacode', '+689 40 41 57 00', '+68940415700'],
  ['not-polynesie', '06 89 00 00 00', '+33689000000'],
  ['nouvelle-cal-without-areacode', '27 31 15', null],
  ['nouvelle-cal-with-areacode', '+687 27 31 15', '+687273115'],
  ['not-nouvelle-cal', '06 87 27 31 15', '+33687273115'],
];

describe("toE164 gives the pipeline's format_phone_number outputs", () => {
  it.each(PIPELINE_CASES)('%s', (_name, input, expected) => {
    const formatted = toE164(input);
    expect(formatted).toBe(expected);
    expect(toE164(formatted)).toBe(formatted);
  });

  it('ports all 57 cases', () => expect(PIPELINE_CASES).toHaveLength(57));
});

describe('toE164 on what partners type', () => {
  it.each([
    ['03 20 12 34 56', '+33320123456'],
    ['+33 3 20 12 34 56', '+33320123456'],
    ['0033320123456', '+33320123456'],
    ['0262 12 34 56', '+262262123456'],
    ['0692 12 34 56', '+262692123456'],
    ['3949', '3949'],
    ['39 49', '3949'],
    ['3 20 12 34 56', '+33320123456'],
    ['612345678', '+33612345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['Tél. : 03 20 12 34 56', '+33320123456'],
    ['03 20 12 34 56 ; ;', '+33320123456'],
    ['++33 3 20 12 34 56', '+33320123456'],
    ['０３ ２０ １２ ３４ ５６', '+33320123456'],
  ])('%s → %s', (raw, want) => expect(toE164(raw)).toBe(want));

  it.each<[string | undefined, string]>([
    ['abc', 'no digit'],
    ['', 'empty'],
    ['032012345', 'nine digits starting with 0'],
    ['32012345', 'eight digits'],
    ['1+33 3 20 12 34 56', 'a + inside the number'],
    ['+33 3 20 12 34 56 78 90 12 3', 'too many digits after +'],
    ['1 00 33 3 20 12 34 56', '00 not at the start'],
    ['1 03 20 12 34 56', 'a national number with a digit before its 0'],
    ['03 20 12 34 56 7', 'a national number with a digit too many'],
    ['+33 1 23 45 67 89 0', 'a +33 number with a digit too many'],
    ['1 320 123 456', 'ten digits not starting with 0'],
    ['0320123456/0612345678', 'two numbers'],
    ['0123', 'four digits that are no short number'],
    ['03 20 12 34 56 (standard)', 'words after the number'],
    ['+508 508 1', 'a Saint-Pierre code with one digit after it'],
    [undefined, 'no value'],
  ])('refuses %s (%s)', (raw) => expect(toE164(raw)).toBeNull());
});

describe('toE164 and the country code', () => {
  it('reads six digits only when their country code is written: +, 00, or the code itself', () => {
    expect(toE164('41 10 50')).toBeNull();
    expect(toE164('00 508 41 10 50')).toBe('+508411050');
    expect(toE164('508 41 10 50')).toBe('+508411050');
    expect(toE164('687 27 31 15')).toBe('+687273115');
    expect(toE164('+33 41 10 50')).toBe('+508411050');
  });
  it('reads a +33 overseas number under its own code, a metropolitan one under +33', () => {
    expect(toE164('+33 5 96 61 23 45')).toBe('+596596612345');
    expect(toE164('+33 6 12 34 56 78')).toBe('+33612345678');
  });
  it('keeps 08 and 09 numbers French', () => {
    expect(toE164('0 800 01 31 40')).toBe('+33800013140');
    expect(toE164('09 70 81 88 18')).toBe('+33970818818');
  });
});
