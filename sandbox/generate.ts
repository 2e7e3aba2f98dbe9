/**
 * The deterministic sandbox world generator (see sandbox/world.ts for what a world is) and its
 * ground truth for entity resolution. Same seed and scale → byte-identical world; no clock, no
 * Math.random. Dates are drawn before a reference date derived from the seed (in 2025, so never
 * in the future).
 */
import { compareCodeUnits } from '../src/domain/index.js';
import { appearanceId, createRun, type Run } from './run.js';
import { plantHardCases } from './hard-cases.js';
import { KINDS, type KindSpec } from './kinds.js';
import { pickCommunes, type SandboxCommune } from './places.js';
import { createRng, type Rng } from './random.js';
import { addDays } from './vocab.js';
import type { GroundTruth, SandboxStructure, SandboxWorld, WorldOptions } from './world.js';

/** Default seed and scale of the committed sandbox (and of `sandbox/ground-truth.json`). */
export const DEFAULT_WORLD = Object.freeze({ seed: 42, services: 3000 });

/** The date a world is generated "as of": the last quarter of 2025, shifted by the seed. */
export function referenceDate(seed: number): string {
  return addDays('2025-12-31', -(Math.abs(seed) % 90));
}

/** Index drawn by weight from cumulative weights (binary search: this is drawn once per entity). */
function drawIndex(cumulative: readonly number[], rng: Rng): number {
  const r = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function pickCommune(run: Run, spec: KindSpec, cumulative: readonly number[], rng: Rng): SandboxCommune | null {
  for (let i = 0; i < 8; i++) {
    const c = run.communes[drawIndex(cumulative, rng)]!;
    if (run.fits(spec.code, c)) return c;
  }
  const free = run.communes.filter((c) => run.fits(spec.code, c));
  return free.length === 0 ? null : rng.pick(free);
}

/** Generates the sandbox world. `services` is approximate (the last entity may overshoot by a few). */
export function generateWorld(opts: WorldOptions = {}): SandboxWorld {
  const seed = opts.seed ?? DEFAULT_WORLD.seed;
  const target = opts.services ?? DEFAULT_WORLD.services;
  if (!Number.isInteger(seed)) throw new TypeError(`WorldOptions.seed must be an integer, got: ${seed}`);
  if (!Number.isInteger(target) || target < 1)
    throw new TypeError(`WorldOptions.services must be a positive integer, got: ${target}`);
  const root = createRng(seed);
  const ref = referenceDate(seed);
  const run = createRun(seed, ref, pickCommunes(root.fork('communes')));
  plantHardCases(run, Math.max(1, Math.round(target / 1000)));
  // Small communes get a fair share of structures: weight by √population, not population.
  let sum = 0;
  const cumulative = run.communes.map((c) => (sum += Math.sqrt(c.population)));
  const kinds = [...KINDS];
  const pick = root.fork('kinds');
  while (run.services.length < target && kinds.length > 0) {
    const spec = pick.weighted(
      kinds,
      kinds.map((k) => k.weight),
    );
    const rng = run.entityRng();
    const commune = pickCommune(run, spec, cumulative, rng);
    if (commune === null) {
      kinds.splice(kinds.indexOf(spec), 1);
      continue;
    }
    run.place(spec.code, commune, rng);
  }
  return {
    seed,
    referenceDate: ref,
    structures: run.structures,
    services: run.services,
    distinctLookalikes: run.lookalikes,
  };
}

function clusterNote(records: readonly SandboxStructure[]): string {
  const sources = [...new Set(records.map((r) => r.source))].sort();
  const parts = [`${records[0]!.typologie}: ${sources.join(', ')}`];
  if (new Set(records.map((r) => r.nom)).size > 1) parts.push('name variants');
  const sirets = records.map((r) => r.siret);
  if (sirets.includes(null) && sirets.some((s) => s !== null)) parts.push('some without SIRET');
  if (new Set(records.map((r) => r.telephone)).size > 1) parts.push('different phones');
  if (sources.length === 1) parts.push('several records of one source');
  return parts.join('; ');
}

/** Clusters of structure ids that are one real structure (size ≥ 2), and the planted lookalikes. */
export function groundTruth(world: SandboxWorld): GroundTruth {
  const byEntity = new Map<string, SandboxStructure[]>();
  for (const s of world.structures) {
    const list = byEntity.get(s.entityKey);
    if (list) list.push(s);
    else byEntity.set(s.entityKey, [s]);
  }
  const clusters = [...byEntity.entries()]
    .filter(([, records]) => records.length >= 2)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([entityKey, records]) => ({ entityKey, note: clusterNote(records), ids: records.map(appearanceId).sort() }));
  return { seed: world.seed, clusters, distinctLookalikes: world.distinctLookalikes ?? [] };
}
