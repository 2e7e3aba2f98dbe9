/** The last known state of each source, fed by every fan-out and shown by the `sources` query. */
import type { SourceOutcome } from './federation.js';

export type SourceStatus = 'ok' | 'failing' | 'unknown';

/** What the gateway knows of one source now. */
export interface SourceHealth {
  readonly id: string;
  readonly connector: string;
  readonly status: SourceStatus;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly latencyMs: number | null;
  readonly lastCheckedAt: Date | null;
  readonly rejectedRecords: number;
  /** The rejections of the last answer (at most 20), with their reasons. */
  readonly recentRejections: ReadonlyArray<{ readonly id: string | null; readonly reason: string }>;
}

const MAX_REJECTIONS_KEPT = 20;

/** Keeps one SourceHealth per source; latency is an exponential moving average. */
export class HealthBoard {
  private readonly states = new Map<string, SourceHealth>();
  constructor(sources: ReadonlyArray<{ id: string; connector: string }>, private readonly now: () => Date = () => new Date()) {
    for (const s of sources)
      this.states.set(s.id, { id: s.id, connector: s.connector, status: 'unknown', lastError: null, lastErrorAt: null, latencyMs: null, lastCheckedAt: null, rejectedRecords: 0, recentRejections: [] });
  }

  /** Records the outcome of one call to a source. */
  record(o: Pick<SourceOutcome, 'source' | 'ok' | 'error' | 'latencyMs'> & { rejected?: ReadonlyArray<{ readonly id: string | null; readonly reason: string }> }): void {
    const prev = this.states.get(o.source);
    if (!prev) return;
    const at = this.now();
    this.states.set(o.source, {
      ...prev,
      status: o.ok ? 'ok' : 'failing',
      lastError: o.ok ? prev.lastError : `${o.error?.kind ?? 'error'}: ${o.error?.message ?? 'failed'}`,
      lastErrorAt: o.ok ? prev.lastErrorAt : at,
      latencyMs: prev.latencyMs === null ? o.latencyMs : Math.round((prev.latencyMs * 0.7 + o.latencyMs * 0.3) * 10) / 10,
      lastCheckedAt: at,
      rejectedRecords: o.ok && o.rejected ? o.rejected.length : prev.rejectedRecords,
      recentRejections: o.ok && o.rejected ? o.rejected.slice(0, MAX_REJECTIONS_KEPT).map(({ id, reason }) => ({ id, reason })) : prev.recentRejections,
    });
  }

  list(): SourceHealth[] {
    return [...this.states.values()];
  }
}
