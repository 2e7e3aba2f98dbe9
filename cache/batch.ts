/**
 * getMany: the batched read (docs/architecture.md#memo-and-dedup-layers). L1 first, then ONE MGET for the
 * rest, ONE call of the batch fetcher for the misses only, and ONE pipeline writing them back.
 * Keys already being fetched (by get or another getMany) are joined, not fetched again; expired
 * keys within their SWR window answer stale and are refreshed together in one background batch.
 * The result is aligned with the keys, with an Error in the slot of a key that failed, the way
 * DataLoader wants it. With `staleAt`, each key that has an entry within stale-if-error answers it
 * then if its load has not landed (stale-race.ts); the batch goes on and fills the cache.
 */
import type { CacheEntry } from './entry.js';
import { type CacheCore, type CachePolicy, type CacheResult, entryFor, type Loaded, sourceFor } from './policy.js';
import { type GetOptions, LATE, raceUntil } from './stale-race.js';
import type { Write } from './tiers.js';

/** Fetches the given keys: a Map by key (an absent key is "not found") or an array aligned with them. */
export type BatchFetcher<T> = (keys: string[]) => Promise<ReadonlyMap<string, T | Error> | ReadonlyArray<T | Error>>;

/** The batched read over a cache's core; see cached.ts for the decision order per key. */
export async function getManyWith<T>(
  core: CacheCore,
  keys: readonly string[],
  fetcher: BatchFetcher<T>,
  policy: CachePolicy<T>,
  opts: GetOptions = {},
): Promise<Array<CacheResult<T> | Error>> {
  const unique = [...new Set(keys)];
  const found = await core.tiers.readMany(unique);
  const known = new Map(unique.map((key, i) => [key, found[i]]));
  const now = core.clock();
  const out = new Map<string, CacheResult<T> | Error>();
  const stale: string[] = [];
  const missing: string[] = [];
  unique.forEach((key) => {
    const entry = known.get(key);
    if (entry !== undefined && now < entry.freshUntil) out.set(key, core.answer(key, entry, 'hit', policy));
    else if (entry !== undefined && now < entry.swrUntil) {
      out.set(key, core.answer(key, entry, 'stale', policy));
      if (!core.inflight.has(key)) stale.push(key);
    } else missing.push(key);
  });
  if (stale.length > 0)
    core.track(
      core.detach(() => Promise.all(load(core, stale, fetcher, policy))),
      'background batch refresh',
      stale[0],
    );
  const loads = load(core, missing, fetcher, policy);
  // Per key, the order of get (cached.ts): the load, else (failed, or not landed by `staleAt`) the entry within stale-if-error.
  const answers = await Promise.all(
    missing.map(async (key, i): Promise<CacheResult<T> | Error> => {
      const entry = known.get(key);
      const fallback = () => (entry !== undefined && core.clock() < entry.staleIfErrorUntil ? entry : undefined);
      try {
        const landed = await raceUntil(loads[i]!, fallback() === undefined ? undefined : opts.staleAt);
        const late = landed === LATE ? fallback() : undefined;
        if (late !== undefined) {
          core.track(loads[i]!, 'load past the deadline', key);
          return core.answer(key, late, 'stale-error', policy);
        }
        const loaded = landed === LATE ? await loads[i]! : landed;
        return core.answer(key, loaded.entry, loaded.coalesced ? 'coalesced' : 'miss', policy);
      } catch (err) {
        const late = fallback();
        return late !== undefined ? core.answer(key, late, 'stale-error', policy) : asError(err);
      }
    }),
  );
  missing.forEach((key, i) => out.set(key, answers[i]!));
  return keys.map((key) => out.get(key)!);
}

/** One load per key, aligned: joins the ones in flight, fetches all the others in ONE batch call. */
function load<T>(
  core: CacheCore,
  keys: readonly string[],
  fetcher: BatchFetcher<T>,
  policy: CachePolicy<T>,
): Array<Promise<Loaded>> {
  const own = keys.filter((k) => !core.inflight.has(k));
  const joined = new Map(
    keys
      .filter((k) => core.inflight.has(k))
      .map((k) => [k, core.inflight.get(k)!.then((l) => ({ ...l, coalesced: true }))]),
  );
  if (own.length > 0) {
    const batch = fetchBatch(core, own, fetcher, policy);
    own.forEach((key, i) => {
      // Read back from core.inflight below; register() handles its rejection.
      void core.register(
        key,
        batch.then((entries) => {
          const entry = entries[i]!;
          if (entry instanceof Error) throw entry;
          return { entry, coalesced: false };
        }),
      );
    });
  }
  return keys.map((k) => joined.get(k) ?? core.inflight.get(k)!);
}

/** Calls the fetcher once; successes are written back in one batch (in the background). */
async function fetchBatch<T>(
  core: CacheCore,
  keys: string[],
  fetcher: BatchFetcher<T>,
  policy: CachePolicy<T>,
): Promise<Array<CacheEntry | Error>> {
  for (const source of new Set(keys.map((k) => sourceFor(k, policy as CachePolicy<unknown>))))
    core.count('fetch', source);
  let values: Array<T | Error | undefined>;
  try {
    values = align(keys, await fetcher([...keys]));
  } catch (err) {
    return keys.map(() => asError(err));
  }
  const now = core.clock();
  const writes: Write[] = [];
  const entries = keys.map((key, i) => {
    const value = values[i];
    if (value instanceof Error) return value;
    const { entry, write } = entryFor(key, value as T, policy, now);
    if (write) writes.push(write);
    return entry;
  });
  if (writes.length > 0) core.track(core.tiers.write(writes), 'batch write-back', writes[0]!.key);
  return entries;
}

/** The fetcher's answer aligned with `keys`; a misaligned array fails every key, loudly. */
function align<T>(
  keys: readonly string[],
  got: ReadonlyMap<string, T | Error> | ReadonlyArray<T | Error>,
): Array<T | Error | undefined> {
  if (got instanceof Map) return keys.map((k) => got.get(k));
  if (Array.isArray(got) && got.length === keys.length) return [...got];
  const length = Array.isArray(got) ? got.length : typeof got;
  const err = new TypeError(
    `getMany batch fetcher must return a Map or an array of ${keys.length} values (one per key, in order), got: ${length}`,
  );
  return keys.map(() => err);
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
