/**
 * Producer ids in each source's own style (DORA UUIDs, les emplois integers, Soliguide lieu ids
 * and Mongo ObjectIds, Airtable record ids for mes-aides, France Travail agency codes…), unique
 * within a source for one generation run.
 */
import type { Rng } from './random.js';
import type { SandboxSource } from './world.js';

const FT_REGION_PREFIX: Readonly<Record<string, string>> = {
  '32': 'HDF',
  '11': 'IDF',
  '84': 'ARA',
  '93': 'PAC',
  '53': 'BRE',
  '04': 'REU',
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Hands out unique producer ids. */
export interface IdFactory {
  /** A structure id for `source` (`codeRegion` shapes France Travail agency codes). */
  structure(source: SandboxSource, codeRegion: string): string;
  /** A service id for sources whose services have their own ids (DORA UUIDs, Soliguide ObjectIds). */
  service(source: SandboxSource): string;
}

function uuid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`;
}

/** Creates the id factory of one run. */
export function createIdFactory(rng: Rng): IdFactory {
  const counters = new Map<string, number>();
  const used = new Map<string, Set<string>>();
  const next = (key: string, start: number): number => {
    const n = (counters.get(key) ?? start) + 1;
    counters.set(key, n);
    return n;
  };
  const unique = (source: string, make: () => string): string => {
    let ids = used.get(source);
    if (!ids) used.set(source, (ids = new Set()));
    for (;;) {
      const id = make();
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  return {
    structure(source, codeRegion) {
      switch (source) {
        // 122 random bits: a collision within one run is not a practical concern (and checking is hot at scale).
        case 'dora':
        case 'mediation-numerique':
          return uuid(rng);
        case 'emplois-de-linclusion':
          return String(next(source, 1200));
        case 'soliguide':
          return String(next(source, 20_400));
        case 'fredo':
          return String(next(source, 100));
        case 'monenfant':
          return unique(source, () => String(rng.int(1_000_000, 9_999_999)));
        case 'mes-aides':
          return unique(source, () => `rec${Array.from({ length: 14 }, () => rng.pick([...ALNUM])).join('')}`);
        case 'france-travail': {
          const prefix = FT_REGION_PREFIX[codeRegion] ?? 'FRA';
          return `${prefix}${String(next(`ft:${prefix}`, 10)).padStart(4, '0')}`;
        }
      }
    },
    service(source) {
      return source === 'soliguide' ? rng.hex(24) : uuid(rng);
    },
  };
}
