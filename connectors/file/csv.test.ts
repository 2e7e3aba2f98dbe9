import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatCsv, parseCsv } from './csv.js';

const cells = (text: string) => parseCsv(text).records.map((r) => r.cells);

describe('parseCsv', () => {
  it.each([
    [
      'plain',
      'a,b\n1,2\n3,4\n',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2\r\n3,4',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    ['quoted delimiter', 'a,b\n"x, y",2\n', [['x, y', '2']]],
    ['embedded newlines', 'a,b\n"line 1\nline 2",2\n', [['line 1\nline 2', '2']]],
    ['embedded CRLF', 'a,b\r\n"l1\r\nl2",2\r\n', [['l1\r\nl2', '2']]],
    ['"" escapes', 'a,b\n"say ""hi""",""\n', [['say "hi"', '']]],
    ['empty cells', 'a,b,c\n,,\n', [['', '', '']]],
    ['blank lines skipped', 'a,b\n\n1,2\n\n', [['1', '2']]],
    ['stray quote inside an unquoted field kept', 'a,b\n5" screen,2\n', [['5" screen', '2']]],
    ['text after a closing quote kept', 'a,b\n"ab"cd,2\n', [['abcd', '2']]],
    ['semicolon files', 'a;b\n"x; y";2,5\n', [['x; y', '2,5']]],
    ['tab files', 'a\tb\n1\t2\n', [['1', '2']]],
  ])('%s', (_name, text, expected) => expect(cells(text)).toEqual(expected));

  it('strips a BOM and trims header names', () => {
    const t = parseCsv('\uFEFF ID ; Nom \n1;Aide\n');
    expect(t.header).toEqual(['ID', 'Nom']);
    expect(t.delimiter).toBe(';');
  });

  it('numbers records like a spreadsheet and reports the starting line', () => {
    const t = parseCsv('a,b\n"x\ny",1\n2,3\n');
    expect(t.records.map((r) => [r.row, r.line])).toEqual([
      [2, 2],
      [3, 4],
    ]);
  });

  it('flags records whose cell count differs from the header, never throws', () => {
    const t = parseCsv('a,b,c\n1,2\n1,2,3,4\n1,2,3\n');
    expect(t.records.map((r) => r.error ?? null)).toEqual([
      '2 cells where the header has 3',
      '4 cells where the header has 3',
      null,
    ]);
  });

  it('flags an unterminated quote that swallows the end of the file', () => {
    const t = parseCsv('a,b\n1,"open\n2,3\n');
    expect(t.records).toHaveLength(1);
    expect(t.records[0]!.error).toMatch(/^unterminated quoted field/);
  });

  it('reads garbage and empty input without throwing', () => {
    expect(parseCsv('')).toEqual({ delimiter: ',', header: [], records: [] });
    expect(() => parseCsv('\u0000\u0001"""\n\r\r;;,,"\n\t')).not.toThrow();
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['"a;b",c', ','],
    ['a\tb', '\t'],
    ['single', ','],
    ['a;b,c', ','],
  ])('%j → %j', (text, d) => expect(detectDelimiter(text)).toBe(d));
});

describe('formatCsv', () => {
  it('round-trips awkward cells', () => {
    const rows = [['a, b', 'say "hi"', 'l1\nl2', ' pad', '']];
    expect(parseCsv(formatCsv(['x', 'y', 'z', 'p', 'e'], rows)).records.map((r) => r.cells)).toEqual(rows);
    expect(parseCsv(formatCsv(['x', 'y'], [['a;b', 'c']], ';'), { delimiter: ';' }).records[0]!.cells).toEqual([
      'a;b',
      'c',
    ]);
  });
});
