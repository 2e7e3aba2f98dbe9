/** The last known state of each source, fed by every live partner call and shown by the `sources` query. */
import type { CircuitStatus, Outcome } from '../../connectors/connector.js';

/**
 * `rate_limited` is not `failing`: the partner is up and asked us to slow down (429), or our own
 * client held the call back to stay within its documented budget; it answers again once the wait is over.
 */
export type SourceStatus = 'ok' | 'failing' | 'rate_limited' | 'unknown';

/** What the gateway knows of one source now. */
export interface SourceHealth {
  readonly id: string;
  readonly connector: string;
  readonly status: SourceStatus;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly latencyMs: number | null;
  readonly lastCheckedAt: Date | null;
  /** Records kept out of the last answer of each list operation. */
  readonly rejectedRecords: number;
  /** The first 20 of those rejections, with their reasons. */
  readonly recentRejections: ReadonlyArray<{ readonly id: string | null; readonly reason: string }>;
  /** Answers served fresh from the cache, since this process started. */
  readonly hits: number;
  /** Answers the cache did not have (the partner was called, or the call was joined). */
  readonly misses: number;
  /** Answers served stale while one background refresh ran (stale-while-revalidate). */
  readonly staleAnswers: number;
  /** Last good answers served because the partner failed (stale-if-error). */
  readonly staleIfErrorAnswers: number;
  /** Callers that waited for another caller's identical call (this process or another replica). */
  readonly coalescedWaits: number;
  /** HTTP requests sent to the partner (pages and retries included). */
  readonly upstreamCalls: number;
  /** Lookups answered "not found" from the source's fresh cached list, without calling it. */
  readonly negativeFromList: number;
  /** Its circuit breaker's state, and when it last opened. */
  readonly circuit: CircuitStatus;
  readonly circuitOpenedAt: Date | null;
}

/** The per-source counters `count` increments. */
export type SourceCounter =
  'hits' | 'misses' | 'staleAnswers' | 'staleIfErrorAnswers' | 'coalescedWaits' | 'upstreamCalls' | 'negativeFromList';

const MAX_REJECTIONS_KEPT = 20;

type Rejections = ReadonlyArray<{ readonly id: string | null; readonly reason: string }>;

/** Keeps one SourceHealth per source; latency is an exponential moving average. */
export class HealthBoard {
  private readonly states = new Map<string, SourceHealth>();
  /** The rejections of the last answer of each list operation, per source (lists alternate: services, structures). */
  private readonly rejections = new Map<string, Map<string, Rejections>>();
  constructor(
    sources: ReadonlyArray<{ id: string; connector: string }>,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const s of sources)
      this.states.set(s.id, {
        id: s.id,
        connector: s.connector,
        status: 'unknown',
        lastError: null,
        lastErrorAt: null,
        latencyMs: null,
        lastCheckedAt: null,
        rejectedRecords: 0,
        recentRejections: [],
        hits: 0,
        misses: 0,
        staleAnswers: 0,
        staleIfErrorAnswers: 0,
        coalescedWaits: 0,
        upstreamCalls: 0,
        negativeFromList: 0,
        circuit: 'CLOSED',
        circuitOpenedAt: null,
      });
  }

  /** Records the outcome of one call to a source. */
  record(o: Pick<Outcome, 'source' | 'ok' | 'error' | 'latencyMs' | 'operation'> & { rejected?: Rejections }): void {
    const prev = this.states.get(o.source);
    if (!prev) return;
    const at = this.now();
    const byOperation = this.rejections.get(o.source) ?? new Map<string, Rejections>();
    this.rejections.set(o.source, byOperation);
    if (o.ok && o.rejected) byOperation.set(o.operation ?? 'list', o.rejected);
    const all = [...byOperation.values()];
    const limited = !o.ok && o.error?.kind === 'rate_limited';
    this.states.set(o.source, {
      ...prev,
      status: o.ok ? 'ok' : limited ? 'rate_limited' : 'failing',
      lastError: o.ok ? prev.lastError : `${o.error?.kind ?? 'error'}: ${o.error?.message ?? 'failed'}`,
      lastErrorAt: o.ok ? prev.lastErrorAt : at,
      // A call held back or refused for its rate measures no partner latency.
      latencyMs: limited
        ? prev.latencyMs
        : prev.latencyMs === null
          ? o.latencyMs
          : Math.round((prev.latencyMs * 0.7 + o.latencyMs * 0.3) * 10) / 10,
      lastCheckedAt: at,
      rejectedRecords: all.reduce((n, r) => n + r.length, 0),
      recentRejections: all
        .flat()
        .slice(0, MAX_REJECTIONS_KEPT)
        .map(({ id, reason }) => ({ id, reason })),
    });
  }

  /** Adds one to a counter of a source (cache events, upstream calls); unknown sources are ignored. */
  count(source: string, counter: SourceCounter): void {
    const prev = this.states.get(source);
    if (prev) this.states.set(source, { ...prev, [counter]: prev[counter] + 1 });
  }

  /** Records a change of a source's circuit. */
  circuitChanged(c: { readonly source: string; readonly state: CircuitStatus; readonly at: Date }): void {
    const prev = this.states.get(c.source);
    if (prev)
      this.states.set(c.source, {
        ...prev,
        circuit: c.state,
        circuitOpenedAt: c.state === 'OPEN' ? c.at : prev.circuitOpenedAt,
      });
  }

  list(): SourceHealth[] {
    return [...this.states.values()];
  }
}
