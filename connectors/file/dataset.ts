/**
 * Turns a fetched dataset body into validated domain records: rows from CSV or JSON, mapped by layout,
 * checked against schema v1. Every row that does not become a record is reported with its row number
 * and the reason. Pure given its inputs (the COG look-up and today's date are passed in).
 */
import type { Service, Structure } from '../../src/domain/index.js';
import { serviceViolation, structureViolation } from '../../src/domain/index.js';
import type { RejectedRecord } from '../connector.js';
import { parseCsv, recordObject } from './csv.js';
import { mapV1Service, mapV1Structure, type Mapped } from './mapping.js';
import { MES_AIDES, mapMesAidesRow } from './mes-aides.js';
import type { TerritoryLookup } from './territories.js';
import type { FileFormat, FileLayout, RawRow, SheetRow } from './types.js';

/** A dataset body that cannot be read at all (not a row-level problem). */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/** Rows of a body, and the rows that could not even be read. */
export interface Rows {
  readonly rows: readonly SheetRow[];
  readonly broken: ReadonlyArray<{ readonly row: number; readonly reason: string }>;
}

/** Reads the rows of a CSV (delimiter detected unless given) or JSON body; `keyColumn` must be in a CSV header. */
export function readRows(body: string, format: FileFormat, keyColumn: string, delimiter?: string): Rows {
  if (format === 'json') return readJsonRows(body);
  const t = parseCsv(body, { delimiter });
  const noKey = t.header.includes(keyColumn) ? null : `header has no "${keyColumn}" column`;
  const rows: SheetRow[] = [];
  const broken: Array<{ row: number; reason: string }> = [];
  for (const r of t.records) {
    const reason = noKey ?? r.error;
    if (reason) broken.push({ row: r.row, reason: r.error ? `${reason} (line ${r.line})` : reason });
    else rows.push({ row: r.row, cells: recordObject(t.header, r.cells) });
  }
  return { rows, broken };
}

function readJsonRows(body: string): Rows {
  let doc: unknown;
  try {
    doc = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch {
    throw new DatasetError('malformed JSON dataset');
  }
  const envelope = doc as Record<string, unknown> | null;
  const items = Array.isArray(doc)
    ? doc
    : ['items', 'data', 'results', 'records'].map((k) => envelope?.[k]).find(Array.isArray);
  if (!items)
    throw new DatasetError(
      'JSON dataset is neither an array of rows nor an object with an items/data/results/records array',
    );
  const rows: SheetRow[] = [];
  const broken: Array<{ row: number; reason: string }> = [];
  items.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return void broken.push({ row: i + 1, reason: 'item is not an object' });
    // Airtable's API shape nests the columns under `fields`.
    const fields = (item as { fields?: unknown }).fields;
    rows.push({ row: i + 1, cells: (typeof fields === 'object' && fields !== null ? fields : item) as RawRow });
  });
  return { rows, broken };
}

/** Loaded, validated records of one dataset file, with what was kept out and why. */
export interface Dataset {
  readonly structures: readonly Structure[];
  readonly services: readonly Service[];
  readonly rejectedStructures: readonly RejectedRecord[];
  readonly rejectedServices: readonly RejectedRecord[];
}

/** What mapping needs besides the rows. */
export interface DatasetContext {
  readonly source: string;
  readonly layout: FileLayout;
  /** For a v1 layout: which sheet this is. */
  readonly kind: 'services' | 'structures';
  readonly structureId?: string;
  readonly cog: TerritoryLookup;
  /** `YYYY-MM-DD`, upper bound of date_maj. */
  readonly today: string;
}

/** Collects records of one kind, rejecting schema violations and duplicate ids. */
class Collector<T extends { readonly id: string }> {
  readonly items: T[] = [];
  private readonly kept: Array<{ readonly row: number; readonly r: RejectedRecord }> = [];
  private readonly firstRow = new Map<string, number>();
  constructor(
    private readonly source: string,
    private readonly violation: (r: T) => string | null,
  ) {}
  reject(row: number, id: string | null, reason: string): void {
    this.kept.push({ row, r: { source: this.source, id, reason: `row ${row}: ${reason}` } });
  }
  /** Rejections in file order. */
  get rejected(): RejectedRecord[] {
    return [...this.kept].sort((a, b) => a.row - b.row).map((k) => k.r);
  }
  add(row: number, m: Mapped<T>): void {
    if ('reason' in m) return this.reject(row, null, m.reason);
    const r = m.record;
    const seen = this.firstRow.get(r.id);
    if (seen !== undefined) return this.reject(row, r.id, `duplicate id (first at row ${seen})`);
    const why = this.violation(r);
    if (why) return this.reject(row, r.id, why);
    this.firstRow.set(r.id, row);
    this.items.push(r);
  }
}

/** Maps and validates rows into a Dataset. */
export function buildDataset({ rows, broken }: Rows, ctx: DatasetContext): Dataset {
  const source = ctx.layout === 'mes-aides' ? MES_AIDES : ctx.source;
  const structures = new Collector<Structure>(source, (s) => structureViolation(s, ctx.today));
  const services = new Collector<Service>(source, (s) => serviceViolation(s, ctx.today));
  const both = ctx.layout === 'mes-aides';
  for (const b of broken) {
    if (both || ctx.kind === 'structures') structures.reject(b.row, null, b.reason);
    if (both || ctx.kind === 'services') services.reject(b.row, null, b.reason);
  }
  for (const { row, cells } of rows) {
    if (both) {
      const m = mapMesAidesRow(cells, ctx.cog);
      structures.add(row, 'reason' in m ? m : { record: m.record.structure });
      services.add(row, 'reason' in m ? m : { record: m.record.service });
    } else if (ctx.kind === 'structures') structures.add(row, mapV1Structure(cells, ctx));
    else services.add(row, mapV1Service(cells, ctx));
  }
  return {
    structures: structures.items,
    services: services.items,
    rejectedStructures: structures.rejected,
    rejectedServices: services.rejected,
  };
}
