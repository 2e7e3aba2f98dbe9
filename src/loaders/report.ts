/**
 * Per-request record of what each source did, so a response can carry partial results honestly:
 * failed sources become entries of `errors[]` (with the path of the field they affected) and every
 * source's outcome goes into `extensions.sources`.
 */
import type { ConnectorError } from '../errors.js';

/** One source's contribution to one field of the response. */
export interface ReportedOutcome {
  readonly source: string;
  readonly ok: boolean;
  readonly error: ConnectorError | null;
  readonly returned: number;
  readonly rejected: ReadonlyArray<{ readonly id: string | null; readonly reason: string }>;
  readonly latencyMs: number;
  /** Set when the answer was served from cache past its freshness (issue: cache layer). */
  readonly stale?: { readonly ageSeconds: number } | null;
}

export class SourceReport {
  readonly entries: Array<{ readonly path: ReadonlyArray<string | number>; readonly outcome: ReportedOutcome }> = [];
  readonly warnings: string[] = [];

  add(path: ReadonlyArray<string | number>, outcomes: readonly ReportedOutcome[]): void {
    for (const outcome of outcomes) this.entries.push({ path, outcome });
  }

  /** Per-source summary for `extensions.sources`. */
  summary(): Record<string, { ok: boolean; returned: number; rejected: number; latencyMs: number; error?: string; stale?: { ageSeconds: number } }> {
    const out: ReturnType<SourceReport['summary']> = {};
    for (const { outcome: o } of this.entries) {
      const prev = out[o.source];
      out[o.source] = {
        ok: (prev?.ok ?? true) && o.ok,
        returned: (prev?.returned ?? 0) + o.returned,
        rejected: (prev?.rejected ?? 0) + o.rejected.length,
        latencyMs: Math.max(prev?.latencyMs ?? 0, Math.round(o.latencyMs)),
        ...(o.ok ? (prev?.error ? { error: prev.error } : {}) : { error: o.error?.kind ?? 'failed' }),
        ...(o.stale ? { stale: o.stale } : prev?.stale ? { stale: prev.stale } : {}),
      };
    }
    return out;
  }
}
