/**
 * Stale-if-error for a partner that hangs instead of failing. A request has a deadline, past which
 * nobody waits for a source; a partner that neither answers nor fails before it would leave the
 * request without that source although the cache holds its last good answer. So, when the caller
 * says when it stops waiting (`staleAt`) and the key has an entry still within stale-if-error, the
 * load is raced against that instant: if the instant comes first, the entry answers (status
 * `stale-error`, as for a failed fetch) and the load goes on: it stays the key's one load in flight
 * (later callers join it) and writes the cache when it lands.
 */

/** Per-call options of cache.get and cache.getMany. */
export interface GetOptions {
  /**
   * Wall-clock instant (epoch ms of Date.now(), as timers count; not the cache's clock) at which the
   * caller stops waiting for a load. A key with an entry within stale-if-error answers it then
   * instead; a key without one waits as before. Unset: wait for the load.
   */
  readonly staleAt?: number;
}

/** What `raceUntil` resolves to when the instant came before the work. */
export const LATE: unique symbol = Symbol('late');

/** `work`, or LATE at `at` (epoch ms) if it has not settled by then; `work` itself is never cancelled. */
export function raceUntil<T>(work: Promise<T>, at: number | undefined): Promise<T | typeof LATE> {
  if (at === undefined) return work;
  return new Promise<T | typeof LATE>((resolve, reject) => {
    const timer = setTimeout(() => resolve(LATE), Math.max(0, at - Date.now()));
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
