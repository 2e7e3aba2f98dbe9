/** The `file` section of the gateway configuration: defaults and options of a `connector: file` source. */
import type { FileFormat, FileLayout } from './types.js';

/** Defaults of a file source; a sources-file entry gives baseUrl and options.path, and may override the rest. */
export interface FileConfigSection {
  /**
   * No default: a dataset lives wherever its publisher puts it (mes-aides' snapshot sits on data·inclusion's
   * private S3, the France Travail sheet behind a Grist token). @default undefined
   */
  readonly baseUrl: string | undefined;
  /** Whole-request timeout in ms: a national export is several MB. @default 30000 */
  readonly timeoutMs: number;
  /** Cache TTL in seconds; files are snapshots refreshed daily at most, and revalidation is cheap (304). @default 3600 */
  readonly ttlSeconds: number;
  /** Ids per getStructures/getServices call: everything is in memory once loaded, so only a guard. @default 1000 */
  readonly maxBatchSize: number;
  /** @default 'csv' */
  readonly format: FileFormat;
  /** @default 'v1' */
  readonly layout: FileLayout;
}

/** File defaults. */
export const fileConfig: FileConfigSection = Object.freeze({
  baseUrl: undefined,
  timeoutMs: 30_000,
  ttlSeconds: 3_600,
  maxBatchSize: 1_000,
  format: 'csv',
  layout: 'v1',
});

/** `options` of a file source, validated. */
export interface FileOptions {
  /** Path of the dataset under baseUrl (`aides.csv`, `api/docs/…/download/csv?tableId=Services`). */
  readonly path: string;
  readonly format: FileFormat;
  readonly layout: FileLayout;
  /** v1 layout: path of a structures sheet in the same format. */
  readonly structuresPath?: string;
  /** v1 layout: structure id given to services whose `structure_id` cell is empty (e.g. one national structure). */
  readonly structureId?: string;
  /** CSV delimiter; detected from the header when absent. */
  readonly delimiter?: string;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Validates `options`; throws one Error listing every problem, each naming the key to change. */
export function parseFileOptions(sourceId: string, options: Readonly<Record<string, unknown>> = {}): FileOptions {
  const problems: string[] = [];
  const at = (k: string) => `sources (${sourceId}).options.${k}`;
  const format = options.format ?? fileConfig.format;
  const layout = options.layout ?? fileConfig.layout;
  if (!str(options.path))
    problems.push(
      `${at('path')} must be the dataset's path under baseUrl (e.g. "aides.csv"), got: ${JSON.stringify(options.path)}`,
    );
  if (format !== 'csv' && format !== 'json')
    problems.push(`${at('format')} must be "csv" or "json", got: ${JSON.stringify(format)}`);
  if (layout !== 'v1' && layout !== 'mes-aides')
    problems.push(`${at('layout')} must be "v1" or "mes-aides", got: ${JSON.stringify(layout)}`);
  for (const k of ['structuresPath', 'structureId'] as const)
    if (options[k] !== undefined && !str(options[k]))
      problems.push(`${at(k)} must be a non-empty string, got: ${JSON.stringify(options[k])}`);
  if (options.delimiter !== undefined && ![',', ';', '\t'].includes(options.delimiter as string))
    problems.push(`${at('delimiter')} must be ",", ";" or a tab, got: ${JSON.stringify(options.delimiter)}`);
  if (layout === 'mes-aides' && options.structuresPath !== undefined)
    problems.push(`${at('structuresPath')} only applies to layout "v1"`);
  if (problems.length > 0)
    throw new Error(`Invalid file source options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    path: String(options.path).replace(/^\/+/, ''),
    format: format as FileFormat,
    layout: layout as FileLayout,
    ...(str(options.structuresPath) ? { structuresPath: options.structuresPath.replace(/^\/+/, '') } : {}),
    ...(str(options.structureId) ? { structureId: options.structureId } : {}),
    ...(typeof options.delimiter === 'string' ? { delimiter: options.delimiter } : {}),
  };
}
