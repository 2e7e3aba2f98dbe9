/**
 * The mutable state of one generation run: records so far, ids handed out, per-commune quotas of
 * the kinds that exist once per commune, and the lookalike pairs planted.
 */
import { createEntity, type Entity, type EntityPins } from './entities.js';
import { createIdFactory, type IdFactory } from './ids.js';
import { kind, type KindCode } from './kinds.js';
import type { SandboxCommune } from './places.js';
import { createRng, type Rng } from './random.js';
import { servicesFor, type ServiceContext } from './services.js';
import { datePicker, structureAppearance } from './appearances.js';
import type { SandboxService, SandboxStructure } from './world.js';
import type { SourceTemplate } from './source-services.js';

/** One generation run. */
export interface Run {
  readonly seed: number;
  readonly ref: string;
  readonly communes: readonly SandboxCommune[];
  readonly structures: SandboxStructure[];
  readonly services: SandboxService[];
  readonly lookalikes: Array<{ ids: [string, string]; note: string }>;
  /** A fresh stream for the next entity (one per entity, so edits elsewhere shift nothing). */
  entityRng(): Rng;
  /** Entities of `code` already placed in `commune`. */
  used(code: KindCode, commune: string): number;
  /** True when one more entity of `code` fits in `commune`. */
  fits(code: KindCode, c: SandboxCommune): boolean;
  /** Creates an entity, counts it against quotas, publishes it; returns its appearances, primary first. */
  place(
    code: KindCode,
    c: SandboxCommune,
    rng: Rng,
    pins?: EntityPins,
  ): { entity: Entity; appearances: SandboxStructure[] };
}

/** Starts a run. */
export function createRun(seed: number, ref: string, communes: readonly SandboxCommune[]): Run {
  const ids: IdFactory = createIdFactory(createRng(seed).fork('ids'));
  const usage = new Map<string, number>();
  const memo = new Map<string, SourceTemplate>();
  const structures: SandboxStructure[] = [];
  const services: SandboxService[] = [];
  let n = 0;
  let draws = 0;
  const used = (code: KindCode, commune: string) => usage.get(`${code}|${commune}`) ?? 0;
  const root = createRng(seed);
  const date = datePicker(ref);
  return {
    seed,
    ref,
    communes,
    structures,
    services,
    lookalikes: [],
    entityRng: () => root.fork(`entity:${draws++}`),
    used,
    fits: (code, c) => {
      const limit = kind(code).perCommune;
      return limit === undefined || used(code, c.code) < limit(c.population);
    },
    place(code, c, rng, pins) {
      const index = used(code, c.code);
      usage.set(`${code}|${c.code}`, index + 1);
      const entity = createEntity(`e${String(n++).padStart(6, '0')}`, code, c, index, rng, pins);
      const ctx: ServiceContext = { date, rng, memo };
      const appearances: SandboxStructure[] = [];
      entity.publishers.forEach((source, i) => {
        // mes-aides publishes each aid as its own structure: one organisme, several records.
        const copies = source === 'mes-aides' && code === 'organisme-aides' ? rng.int(1, 3) : 1;
        for (let k = 0; k < copies; k++) {
          const st = structureAppearance(
            entity,
            source,
            ids.structure(source, c.codeRegion),
            i === 0 && k === 0,
            date,
            rng,
          );
          appearances.push(st);
          structures.push(st);
          services.push(...servicesFor(entity, st, ctx, () => ids.service(source)));
        }
      });
      return { entity, appearances };
    },
  };
}

/** `<source>--<localId>` of a structure appearance. */
export const appearanceId = (s: SandboxStructure): string => `${s.source}--${s.localId}`;
