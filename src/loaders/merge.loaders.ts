/**
 * Per-request merged views. The candidate set of a record is every structure located in
 * its commune, read from the département's planned fan-out (search-plan.ts: one call per
 * département for sources that filter by it, one national call otherwise, shared by every commune
 * of the request); it is clustered (clusterStructures) and each cluster merged (mergeCluster) under
 * the policy. A structure without code_insee is its own cluster. Pure merge code stays in src/merge.
 */
import DataLoader from 'dataloader';
import { byRecordId, departementOfCommune, type Service, type Structure } from '../domain/index.js';
import {
  clusterStructures,
  meanScore,
  mergeCluster,
  scoreQualite,
  type MergedStructure,
  type MergePolicy,
} from '../merge/index.js';
import type { Outcome } from '../federation/federation.js';
import type { OffreLoaders } from './offre.loaders.js';
import type { Planner } from './search-plan.js';

/** A merged structure and what the sources did while its candidate set was read. */
export interface MergedView {
  readonly structure: MergedStructure;
  readonly outcomes: readonly Outcome[];
}

/** What the merge loaders are built over. */
export interface MergeDeps {
  readonly planner: Planner;
  readonly offre: OffreLoaders;
  readonly policy: MergePolicy;
  /** `YYYY-MM-DD`, for score_qualite's freshness criterion. */
  readonly today: string;
}

interface CommuneClusters {
  readonly candidates: readonly Structure[];
  readonly byRecord: ReadonlyMap<string, MergedStructure>;
  readonly outcomes: readonly Outcome[];
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** `make` called once per key (per request: the maps live as long as the loaders). */
function memoise<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const made = new Map<string, Promise<T>>();
  return (key) => made.get(key) ?? made.set(key, make(key)).get(key)!;
}

/** Merges every cluster of `records`; the result maps each record id to its cluster's merged structure. */
export function mergeAll(records: readonly Structure[], policy: MergePolicy): Map<string, MergedStructure> {
  const byId = new Map(records.map((r) => [r.id, r] as const));
  const out = new Map<string, MergedStructure>();
  for (const cluster of clusterStructures(records)) {
    const merged = mergeCluster(
      cluster.ids.map((id) => byId.get(id)!),
      policy,
    );
    for (const id of cluster.ids) out.set(id, merged);
  }
  return out;
}

/** Builds the merge loaders of one request. */
export function createMergeLoaders(d: MergeDeps) {
  const clustersIn = new DataLoader<string, CommuneClusters>(
    (communes) =>
      Promise.all(
        communes.map(async (code) => {
          const res = await d.planner.structuresIn.load(departementOfCommune(code));
          const candidates = res.items.filter((s) => s.codeInsee === code);
          // Later lookups by id of these records cost nothing.
          for (const s of candidates) d.offre.structure.prime(s.id, s);
          return { candidates, byRecord: mergeAll(candidates, d.policy), outcomes: res.outcomes };
        }),
      ),
    { batch: false },
  );

  // Where a record probably is (its service's département): looked for in that département's list,
  // which its merge reads anyway, before a lookup by id costs a call per source (or per record).
  const hints = new Map<string, string>();
  const indexOf = memoise((departement: string) =>
    d.planner.structuresIn.load(departement).then((res) => new Map(res.items.map((s) => [s.id, s] as const))),
  );
  async function recordOf(id: string): Promise<Structure | null> {
    const hint = hints.get(id);
    const found = hint === undefined ? undefined : (await indexOf(hint)).get(id);
    if (found) {
      d.offre.structure.prime(id, found);
      return found;
    }
    return d.offre.structure.load(id);
  }

  async function viewOf(id: string): Promise<MergedView | null> {
    const record = await recordOf(id);
    if (record === null) return null;
    if (record.codeInsee === null) return { structure: mergeCluster([record], d.policy), outcomes: [] };
    const commune = await clustersIn.load(record.codeInsee);
    // The lookup may know a record the list did not give (its source failed, or it is newer): cluster it in.
    const structure = commune.byRecord.get(id) ?? mergeAll([...commune.candidates, record], d.policy).get(id)!;
    return { structure, outcomes: commune.outcomes };
  }

  const servicesIndex = memoise((departement: string) =>
    d.planner.structureServicesIn.load(departement).then((res) => {
      const out = new Map<string, Service[]>();
      for (const s of res.items) (out.get(s.structureId) ?? out.set(s.structureId, []).get(s.structureId)!).push(s);
      return out;
    }),
  );

  /** Services of one source record, wherever located (structureServicesIn of its département; none without code_insee). */
  const servicesOf = new DataLoader<string, readonly Service[]>((ids) =>
    Promise.all(
      ids.map(async (id) => {
        try {
          const record = await recordOf(id);
          if (!record?.codeInsee) return [];
          return (await servicesIndex(departementOfCommune(record.codeInsee))).get(id) ?? [];
        } catch (err) {
          return asError(err);
        }
      }),
    ),
  );

  const reported = new WeakSet<Outcome>();
  const scoreOf = (services: readonly Service[]) => meanScore(services.map((s) => scoreQualite(s, d.today)));

  return {
    today: d.today,
    /** The merged structure of the cluster of ANY of its source record ids; null when no source knows the id. */
    mergedStructure: new DataLoader<string, MergedView | null>((ids) =>
      Promise.all(ids.map((id) => viewOf(id).catch(asError))),
    ),
    servicesOf,
    /** The services of a structure: its own, or those of every record of a merged structure, by id. */
    async servicesOfStructure(s: Structure | MergedStructure): Promise<Service[]> {
      const ids = 'sources' in s && Array.isArray(s.sources) ? s.sources.map((r) => r.id) : [s.id];
      const lists = await servicesOf.loadMany(ids);
      return lists.flatMap((l) => (l instanceof Error ? [] : l)).sort(byRecordId);
    },
    /** score_qualite of one source record: the mean of its services' scores (scoreQualite), 0 without services. */
    async recordScore(id: string): Promise<number> {
      return scoreOf(await servicesOf.load(id));
    },
    scoreOf,
    /** Source records by id (primed ones cost nothing); unknown or failed ids are absent. */
    async recordsOf(ids: readonly string[]): Promise<Map<string, Structure>> {
      const rows = await d.offre.structure.loadMany(ids);
      return new Map(rows.flatMap((r) => (r === null || r instanceof Error ? [] : [[r.id, r] as const])));
    },
    /** The outcomes not handed out yet in this request (a candidate set serves many fields: report it once). */
    unreported(outcomes: readonly Outcome[]): Outcome[] {
      const fresh = outcomes.filter((o) => !reported.has(o));
      for (const o of fresh) reported.add(o);
      return fresh;
    },
    /** Says where a structure record probably is (the code_insee of one of its services), to spare a lookup by id. */
    hint(structureId: string, codeInsee: string | null): void {
      if (codeInsee !== null && !hints.has(structureId)) hints.set(structureId, departementOfCommune(codeInsee));
    },
    /** Lets records already read (a list) be looked up by id without a call. */
    know(records: readonly Structure[]): void {
      for (const s of records) d.offre.structure.prime(s.id, s);
    },
  };
}

/** The merge loaders of one request. */
export type MergeLoaders = ReturnType<typeof createMergeLoaders>;
