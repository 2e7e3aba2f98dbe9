/**
 * A forgiving RFC 4180 CSV reader for published datasets (spreadsheet exports): quoted fields with
 * embedded delimiters, newlines and `""` escapes, a leading BOM, CRLF or LF, and `;`, `,` or tab
 * delimiters detected from the header. It never throws: a broken record carries an `error`.
 */

/** One record after the header. */
export interface CsvRecord {
  /** 1-based record number, the header being row 1 (what a spreadsheet shows). */
  readonly row: number;
  /** 1-based physical line where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
  /** Set when the record cannot be trusted (unterminated quote, cell count differing from the header). */
  readonly error?: string;
}

/** A parsed file. */
export interface CsvTable {
  readonly delimiter: string;
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

const CANDIDATES = [',', ';', '\t'] as const;

/** The delimiter occurring most often outside quotes on the first line; `,` on ties. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const c of CANDIDATES) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

interface RawRecord {
  line: number;
  cells: string[];
  unterminated: boolean;
}

/** Splits text into raw records (a state machine over characters; lenient on stray quotes). */
function scan(text: string, delimiter: string): RawRecord[] {
  const out: RawRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let startLine = 1;
  const endField = () => {
    cells.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is not a record.
    if (!(cells.length === 1 && cells[0] === '')) out.push({ line: startLine, cells, unterminated: false });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      // A quote inside an unquoted field is kept as text (common in hand-made exports).
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) {
    endField();
    out.push({ line: startLine, cells, unterminated: true });
  } else if (field !== '' || cells.length > 0) endRecord();
  return out;
}

/** Parses CSV text; `delimiter` forces one instead of detecting it. */
export function parseCsv(text: string, opts: { readonly delimiter?: string } = {}): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = opts.delimiter ?? detectDelimiter(body);
  const raw = scan(body, delimiter);
  if (raw.length === 0) return { delimiter, header: [], records: [] };
  const header = raw[0]!.cells.map((h) => h.trim());
  const records = raw.slice(1).map((r, i): CsvRecord => {
    const base = { row: i + 2, line: r.line, cells: r.cells };
    if (r.unterminated) return { ...base, error: 'unterminated quoted field (the rest of the file was swallowed)' };
    if (r.cells.length !== header.length)
      return {
        ...base,
        error: `${r.cells.length} cell${r.cells.length === 1 ? '' : 's'} where the header has ${header.length}`,
      };
    return base;
  });
  return { delimiter, header, records };
}

/** One record as an object keyed by header name. */
export function recordObject(header: readonly string[], cells: readonly string[]): Record<string, string> {
  return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
}

/** Quotes a cell when it holds the delimiter, a quote, a newline or edge spaces. */
function quoteCell(v: string, delimiter: string): string {
  return v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes a CSV (CRLF line ends, as spreadsheet exports do). */
export function formatCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>, delimiter = ','): string {
  return [header, ...rows].map((r) => r.map((c) => quoteCell(c, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
