/**
 * Invalidation tags of cached answers, named in one place, and the invalidation they serve
 * (by source, by entity id, by territory). A whole-response entry inherits the tags of every answer
 * it was built from, so invalidating a record, a source or a territory drops the responses too.
 *
 *   source:<slug>     every answer of a source (its own lists and lookups, an aggregator's that carry its records)
 *   entity:<id>       a looked-up record
 *   territory:<code>  a looked-up record or territory in that commune / département
 *   lists-of:<slug>   lists holding records of the source (any of them may hold a given record)
 *   lists-in:<dep>    lists holding records in the département (lists are tagged per département, not per commune)
 */
import type { Cache } from '../cache/cached.js';
import { keyPrefix } from '../cache/keys.js';
import { CODE_FORMATS, departementOfCommune, parseSourceId } from '../src/domain/index.js';
import { CACHE_VERSION } from './cached-call.js';

/** Tag builders. */
export const TAG = Object.freeze({
  source: (slug: string) => `source:${slug}`,
  entity: (id: string) => `entity:${id}`,
  territory: (code: string) => `territory:${code}`,
  listsOf: (slug: string) => `lists-of:${slug}`,
  listsIn: (dep: string) => `lists-in:${dep}`,
});

/** What tags read from a record. */
interface Located {
  readonly id: string;
  readonly source: string;
  readonly codeInsee?: string | null;
}

/** Tags of one looked-up record served by connector `via`. */
export function recordTags(via: string, r: Located): string[] {
  const tags = [TAG.source(via), TAG.source(r.source), TAG.entity(r.id)];
  if (r.codeInsee) tags.push(TAG.territory(r.codeInsee), TAG.territory(departementOfCommune(r.codeInsee)));
  return [...new Set(tags)];
}

/** Tags of a list served by connector `via`: its sources and the départements its records lie in. */
export function listTags(via: string, items: readonly Located[]): string[] {
  const slugs = new Set([via, ...items.map((r) => r.source)]);
  const deps = new Set<string>();
  for (const r of items) if (r.codeInsee) deps.add(departementOfCommune(r.codeInsee));
  return [...[...slugs].flatMap((s) => [TAG.source(s), TAG.listsOf(s)]), ...[...deps].map(TAG.listsIn)];
}

/** What to invalidate; at least one field. */
export interface InvalidationTarget {
  readonly source?: string;
  readonly id?: string;
  readonly territory?: string;
}

/** Checks a target; returns one line per problem (empty when valid). */
export function invalidationProblems(t: InvalidationTarget): string[] {
  const problems: string[] = [];
  if (t.source === undefined && t.id === undefined && t.territory === undefined)
    problems.push('give at least one of source, id, territory');
  if (t.source !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(t.source))
    problems.push(`source must be a source slug such as "dora", got: ${JSON.stringify(t.source)}`);
  if (t.id !== undefined && !parseSourceId(t.id))
    problems.push(`id must be a source record id "<source>--<id>", got: ${JSON.stringify(t.id.slice(0, 80))}`);
  const code = t.territory;
  if (code !== undefined && !CODE_FORMATS.commune.re.test(code) && !CODE_FORMATS.departement.re.test(code))
    problems.push(
      `territory must be a commune code (${CODE_FORMATS.commune.expected}) or a département code (${CODE_FORMATS.departement.expected}), got: ${JSON.stringify(code.slice(0, 20))}`,
    );
  return problems;
}

/** Drops what a target names from every cache level and replica; resolves to how many entries were dropped. */
export function createInvalidator(cache: Cache): (t: InvalidationTarget) => Promise<number> {
  return async (t) => {
    const tags: string[] = [];
    let dropped = 0;
    if (t.source !== undefined) {
      // The prefix catches entries whose tags were lost (written while the tag index was unreachable).
      dropped += await cache.invalidatePrefix(keyPrefix({ version: CACHE_VERSION, source: t.source }));
      tags.push(TAG.source(t.source));
    }
    const slug = t.id === undefined ? undefined : parseSourceId(t.id)?.source;
    if (t.id !== undefined && slug !== undefined) tags.push(TAG.entity(t.id), TAG.listsOf(slug));
    if (t.territory !== undefined) {
      const commune = CODE_FORMATS.commune.re.test(t.territory);
      tags.push(TAG.territory(t.territory), TAG.listsIn(commune ? departementOfCommune(t.territory) : t.territory));
    }
    return dropped + (tags.length > 0 ? await cache.invalidateTags(tags) : 0);
  };
}
