/**
 * Where `searchServices` starts, for every territory of the embedded default: the resolver's own
 * functions (originOf, eligibilityOf) over the embedded COG connector it reads communes from.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCogConnector } from '../connectors/cog/index.js';
import type { TerritoryConnector } from '../connectors/connector.js';
import type { RawCommune } from '../connectors/cog/raw.js';
import { distanceKm } from '../src/domain/index.js';
import { eligibilitySet } from '../src/merge/index.js';
import { eligibilityOf, originOf } from './search.resolver.js';

const raw = (): RawCommune[] => {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
  return JSON.parse(readFileSync(join(dir, 'communes.json'), 'utf8')) as RawCommune[];
};

let cog: TerritoryConnector;
let all: RawCommune[];
beforeAll(async () => {
  cog = createCogConnector();
  all = raw().filter((c) => c.zone !== 'com');
});

describe('search origin and eligibility over the whole embedded COG', () => {
  it('starts a search from every commune actuelle and arrondissement of metropolitan France and the DROM', async () => {
    const codes = all
      .filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal')
      .map((c) => c.code);
    expect(codes).toHaveLength(34_875 + 45);
    const communes = await cog.getCommunes(codes);
    const failures: string[] = [];
    communes.forEach((c, i) => {
      try {
        if (c === null) throw new Error('not found');
        const origin = originOf({}, c);
        if (!eligibilitySet(eligibilityOf(c)).has(codes[i]!)) throw new Error('not eligible for itself');
        if (!Number.isFinite(origin.latitude)) throw new Error('no origin');
      } catch (err) {
        failures.push(`${codes[i]}: ${String(err)}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('starts an arrondissement’s search from its own centre, with its commune’s eligibility as well', async () => {
    const [arr] = await cog.getCommunes(['13208']);
    expect(originOf({}, arr!)).toEqual({ latitude: 43.24177, longitude: 5.37519 });
    expect([...eligibilitySet(eligibilityOf(arr!))].sort()).toEqual(
      ['13', '13055', '13208', '200054807', '99100', 'france'].sort(),
    );
  });

  it('resolves every commune déléguée and associée to its commune nouvelle, starting from its own centre when known', async () => {
    const parts = all.filter((c) => c.type === 'commune-deleguee' || c.type === 'commune-associee');
    const communes = await cog.getCommunes(parts.map((p) => p.code));
    const unresolved = parts.filter((p, i) => communes[i]?.code !== p.chefLieu).map((p) => p.code);
    expect(unresolved).toEqual([]);
    const ownCentre = communes.filter((c) => c?.communeDeleguee?.centre);
    // 2 032 déléguées have their own centre; those sharing their commune's code are the commune itself.
    expect(ownCentre.length).toBeGreaterThan(1_400);
    for (const c of ownCentre) expect(originOf({}, c!)).toEqual(c!.communeDeleguee!.centre);
    const [cordieux] = await cog.getCommunes(['01120']);
    expect(originOf({}, cordieux!)).toEqual(cordieux!.centre);
  });

  it('prefers lat/lon to any centre', async () => {
    const [lille] = await cog.getCommunes(['59350']);
    expect(originOf({ lat: 50.7, lon: 3.1 }, lille!)).toEqual({ latitude: 50.7, longitude: 3.1 });
  });
});

describe('communeAt (embedded: nearest commune or arrondissement centre)', () => {
  it.each([
    ['Hazebrouck', 50.7262, 2.5387, '59295', null],
    ['Le Mans', 48.003954, 0.199134, '72181', null],
    ['the 11th arrondissement of Paris', 48.8601, 2.3816, '75056', '75111'],
    ['Saint-Denis de La Réunion', -20.8823, 55.4504, '97411', null],
  ])('finds %s', async (_name, latitude, longitude, code, arrondissement) => {
    const c = await cog.communeAt({ latitude, longitude });
    expect(c?.code).toBe(code);
    expect(c?.arrondissement?.code ?? null).toBe(arrondissement);
    expect(distanceKm(c!.arrondissement?.centre ?? c!.centre!, { latitude, longitude })).toBeLessThan(10);
  });

  it('finds nothing far from every commune (mid-Atlantic, Nouméa)', async () => {
    expect(await cog.communeAt({ latitude: 45, longitude: -30 })).toBeNull();
    expect(await cog.communeAt({ latitude: -22.27, longitude: 166.45 })).toBeNull();
  });
});
