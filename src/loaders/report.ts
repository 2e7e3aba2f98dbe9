/**
 * Per-request record of what each source did, so a response can carry partial results honestly:
 * failed sources become entries of `errors[]` (with the path of the field they affected) and every
 * source's outcome goes into `extensions.sources`.
 */
import type { Outcome } from '../federation/federation.js';

/** The failure part of a summary entry: its kind, and when to ask again if the partner (or its rate budget) said. */
function failureOf(f: { error?: string; retryAfterSeconds?: number; retryAfterMs?: number } | undefined): {
  error?: string;
  retryAfterSeconds?: number;
} {
  if (f?.error === undefined) return {};
  const seconds = f.retryAfterSeconds ?? (f.retryAfterMs === undefined ? undefined : Math.ceil(f.retryAfterMs / 1000));
  return { error: f.error, ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) };
}

export class SourceReport {
  readonly entries: Array<{ readonly path: ReadonlyArray<string | number>; readonly outcome: Outcome }> = [];
  readonly warnings: string[] = [];

  add(path: ReadonlyArray<string | number>, outcomes: readonly Outcome[]): void {
    for (const outcome of outcomes) this.entries.push({ path, outcome });
  }

  /**
   * Per-source summary for `extensions.sources`: `error` is the kind of the last failure, why the
   * source is missing (`rate_limited`, `timeout`, `unavailable`…), with `retryAfterSeconds` when the
   * partner (or its rate budget) says when to ask again; `stale` when a cached answer stood in.
   */
  summary(): Record<
    string,
    {
      ok: boolean;
      returned: number;
      rejected: number;
      latencyMs: number;
      error?: string;
      retryAfterSeconds?: number;
      stale?: { ageSeconds: number };
    }
  > {
    const out: ReturnType<SourceReport['summary']> = {};
    for (const { outcome: o } of this.entries) {
      const prev = out[o.source];
      out[o.source] = {
        ok: (prev?.ok ?? true) && o.ok,
        returned: (prev?.returned ?? 0) + o.returned,
        rejected: (prev?.rejected ?? 0) + o.rejected.length,
        latencyMs: Math.max(prev?.latencyMs ?? 0, Math.round(o.latencyMs)),
        ...(o.ok
          ? failureOf(prev)
          : failureOf({ error: o.error?.kind ?? 'failed', retryAfterMs: o.error?.details.retryAfterMs })),
        ...(o.stale ? { stale: o.stale } : prev?.stale ? { stale: prev.stale } : {}),
      };
    }
    return out;
  }
}
