/**
 * The data·inclusion entry's `options` of the sources file, read once when the connector is built.
 * Errors name the setting, what was expected and what was given.
 */
import type { SourceConfig } from '../connector.js';
import { DI_MAX_PAGE_SIZE, dataInclusionConfig } from './config.js';

/** The connector's settings after defaults. */
export interface DataInclusionOptions {
  /** Sources never asked for nor returned (the gateway reaches them directly). */
  readonly excludeSources: readonly string[];
  /** When set, the only sources asked for. */
  readonly onlySources: readonly string[] | undefined;
  readonly pageSize: number;
  readonly maxBatchSize: number;
  readonly concurrency: number;
}

function int(source: SourceConfig, key: string, fallback: number, max = Infinity): number {
  const v = source.options?.[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > max)
    throw new Error(
      `sources entry "${source.id}": options.${key} must be an integer from 1 to ${max === Infinity ? 'any' : max}, got: ${JSON.stringify(v)}`,
    );
  return v;
}

function slugs(source: SourceConfig, key: string): string[] | undefined {
  const v = source.options?.[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(s)))
    throw new Error(
      `sources entry "${source.id}": options.${key} must be a list of source slugs such as ["dora", "soliguide"], got: ${JSON.stringify(v)}`,
    );
  return v as string[];
}

/** Reads and checks `source.options`. */
export function readOptions(source: SourceConfig): DataInclusionOptions {
  return {
    excludeSources: slugs(source, 'excludeSources') ?? [],
    onlySources: slugs(source, 'onlySources'),
    pageSize: int(source, 'pageSize', dataInclusionConfig.pageSize, DI_MAX_PAGE_SIZE),
    maxBatchSize: int(source, 'maxBatchSize', dataInclusionConfig.maxBatchSize),
    concurrency: int(source, 'concurrency', dataInclusionConfig.concurrency),
  };
}
