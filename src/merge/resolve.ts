/**
 * Entity resolution over a candidate set of structures: which records (from one or several
 * sources) describe the same real structure. Pairs are only scored inside blocks (same SIRET, or
 * same commune and one of: phone, e-mail, street address, name, ~200 m grid cell), so thousands of
 * records cost thousands of comparisons, not millions. Matches are then joined strongest first,
 * and a join is refused when any two records across the two groups conflict (evidence.ts
 * `conflict`), so a chain A~B~C never puts two SIRETs, two communes or two far-apart places together.
 */
import { byRecordId, compareCodeUnits, type Structure } from '../domain/index.js';
import { comparePair, conflict, prepare, type MatchRecord } from './evidence.js';
import { addressKey } from './normalise.js';

/** Ids of the records that describe one real structure, sorted; `key` is the smallest id. */
export interface Cluster {
  readonly key: string;
  readonly ids: readonly string[];
}

/** Blocks larger than this are skipped: a key shared by that many records identifies nothing. */
export const MAX_BLOCK_SIZE = 200;
// Grid cells of 0.002° latitude (~220 m) × 0.003° longitude (~200 m at 48°N), neighbours included,
// so every pair closer than ~200 m shares a block whatever its other fields say.
const CELL_LAT = 0.002;
const CELL_LON = 0.003;

function blockKeys(r: MatchRecord): string[] {
  const commune = r.codeInsee ?? '-';
  const keys: string[] = [];
  if (r.siret !== null) keys.push(`siret:${r.siret}`);
  if (r.phone !== null) keys.push(`tel:${commune}:${r.phone}`);
  if (r.email !== null) keys.push(`mail:${commune}:${r.email}`);
  const address = addressKey(r.address);
  if (address) keys.push(`addr:${commune}:${address}`);
  const name = [...new Set(r.name.filter((w) => !r.communeWords.includes(w)))].sort().join(' ');
  if (name) keys.push(`name:${commune}:${name}`);
  return keys;
}

function cellOf(r: MatchRecord): [number, number] | null {
  return r.point ? [Math.floor(r.point.latitude / CELL_LAT), Math.floor(r.point.longitude / CELL_LON)] : null;
}

function addBlockPairs(members: readonly number[], pairs: Set<number>, n: number): void {
  if (members.length < 2 || members.length > MAX_BLOCK_SIZE) return;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) pairs.add(members[i]! * n + members[j]!);
  }
}

/** Candidate pairs (i < j, encoded i·n + j) from every block. */
export function candidatePairs(records: readonly MatchRecord[]): Set<number> {
  const n = records.length;
  const blocks = new Map<string, number[]>();
  const add = (key: string, i: number) => (blocks.get(key) ?? blocks.set(key, []).get(key)!).push(i);
  records.forEach((r, i) => {
    for (const key of blockKeys(r)) add(key, i);
    const cell = cellOf(r);
    if (cell) add(`cell:${r.codeInsee ?? '-'}:${cell[0]}:${cell[1]}`, i);
  });
  const pairs = new Set<number>();
  for (const [key, members] of blocks) {
    if (!key.startsWith('cell:')) {
      addBlockPairs(members, pairs, n);
      continue;
    }
    const [, commune, la, lo] = key.split(':');
    const around: number[] = [];
    for (let dLa = -1; dLa <= 1; dLa++) {
      for (let dLo = -1; dLo <= 1; dLo++)
        around.push(...(blocks.get(`cell:${commune}:${Number(la) + dLa}:${Number(lo) + dLo}`) ?? []));
    }
    if (around.length > MAX_BLOCK_SIZE) continue;
    for (const i of members) for (const j of around) if (i < j) pairs.add(i * n + j);
  }
  return pairs;
}

interface Edge {
  readonly a: number;
  readonly b: number;
  readonly score: number;
}

/** Union-find whose join refuses to put conflicting records together. */
function joinGuarded(records: readonly MatchRecord[], edges: readonly Edge[]): number[][] {
  const groupOf = records.map((_, i) => i);
  const members = records.map((_, i) => [i]);
  for (const { a, b } of edges) {
    const ga = groupOf[a]!;
    const gb = groupOf[b]!;
    if (ga === gb) continue;
    const clash = members[ga]!.some((x) => members[gb]!.some((y) => conflict(records[x]!, records[y]!) !== null));
    if (clash) continue;
    const [keep, drop] = ga < gb ? [ga, gb] : [gb, ga];
    for (const x of members[drop]!) groupOf[x] = keep;
    members[keep]!.push(...members[drop]!);
    members[drop] = [];
  }
  return members.filter((m) => m.length > 0);
}

/**
 * Clusters structures that describe the same real structure. Every input id appears in exactly
 * one cluster (singletons included); duplicated ids are counted once. Output is sorted (ids within
 * a cluster, clusters by key), so the same input in any order gives the same clusters.
 */
export function clusterStructures(structures: readonly Structure[]): Cluster[] {
  const unique = [...new Map(structures.map((s) => [s.id, s] as const)).values()].sort(byRecordId);
  const records = unique.map(prepare);
  const n = records.length;
  const edges: Edge[] = [];
  for (const code of candidatePairs(records)) {
    const a = Math.floor(code / n);
    const b = code % n;
    const evidence = comparePair(records[a]!, records[b]!);
    if (evidence.match) edges.push({ a, b, score: evidence.score });
  }
  // Strongest evidence first, so a weak link cannot pre-empt a strong one; ties by position (= id order).
  edges.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  return joinGuarded(records, edges)
    .map((group) => group.map((i) => records[i]!.id).sort(compareCodeUnits))
    .map((ids) => ({ key: ids[0]!, ids }))
    .sort((x, y) => compareCodeUnits(x.key, y.key));
}

/** Structure id → cluster key, for `exclureDoublons` and `doublons`. */
export function clusterIndex(clusters: readonly Cluster[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const c of clusters) for (const id of c.ids) index.set(id, c.key);
  return index;
}
