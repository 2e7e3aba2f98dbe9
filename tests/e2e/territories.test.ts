/**
 * Territories over HTTP, against the partner simulators of a hand-built world: every commune of
 * the embedded COG can be searched (Saint-Ouen-sur-Seine, Annœullin, a sample of all of France),
 * communes déléguées stand for their commune nouvelle, collectivités d'outre-mer are refused,
 * arrondissement codes filter lists as data·inclusion's `code_commune` does, and searches run from
 * lat/lon alone or from nowhere. Tests named `test_…` port data·inclusion's API test of that name
 * (api/tests/e2e/api/test_inclusion_data.py), same inputs and expected outputs unless the README's
 * "Differences from data·inclusion" says otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCogConnector } from '../../connectors/cog/index.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import type { GeoPoint } from '../../src/domain/index.js';
import { startSandboxGateway, type SandboxGateway } from '../helpers/sandbox-gateway.js';
import { service, structure } from '../helpers/world-kit.js';

// data·inclusion's test places.
const DUNKERQUE: GeoPoint = { latitude: 51.0361, longitude: 2.377 };
const HAZEBROUCK: GeoPoint = { latitude: 50.7262, longitude: 2.5387 };
const LILLE: GeoPoint = { latitude: 50.633333, longitude: 3.066667 };
const PARIS: GeoPoint = { latitude: 48.866667, longitude: 2.333333 };
const PARIS_11: GeoPoint = { latitude: 48.8601, longitude: 2.3816 };
const LE_MANS: GeoPoint = { latitude: 48.003954, longitude: 0.199134 };
// Centres of the embedded territories (data/commune-centres).
const MARSEILLE_8E: GeoPoint = { latitude: 43.24177, longitude: 5.37519 };
const BERMERIES: GeoPoint = { latitude: 50.28514, longitude: 3.74978 };
const SAINT_OUEN: GeoPoint = { latitude: 48.90963, longitude: 2.33336 };
const ANNOEULLIN: GeoPoint = { latitude: 50.52603, longitude: 2.92743 };
const MARSEILLE_1ER: GeoPoint = { latitude: 43.2999, longitude: 5.3841 };

const FAMILLE = ['famille--soutien-a-la-parentalite-et-a-leducation'];
const NUMERIQUE = ['numerique--acceder-a-des-services-en-ligne'];
const at = (codeInsee: string, commune: string) => ({ codeInsee, commune, codePostal: '59000', adresse: '1 rue Test' });
// DORA's records are geocoded (arrondissements folded into their commune, as data·inclusion's pipeline
// does); records read from data·inclusion's API (monenfant) keep the code_insee it publishes.
type Source = 'dora' | 'monenfant';
const place = (localId: string, codeInsee: string, commune: string, p: GeoPoint, source: Source = 'dora') =>
  structure(source, localId, { ...at(codeInsee, commune), latitude: p.latitude, longitude: p.longitude });
const dora = (
  id: string,
  st: string,
  p: GeoPoint | null,
  over: Parameters<typeof service>[4],
  source: Source = 'dora',
) => service(source, id, st, p, over);
const numerique = (
  id: string,
  st: string,
  p: GeoPoint,
  codeInsee: string,
  zone: string | null,
  source: Source = 'dora',
) =>
  dora(
    id,
    st,
    p,
    { ...at(codeInsee, 'x'), thematiques: NUMERIQUE, zone: zone ? { type: 'commune', code: zone } : null },
    source,
  );

const world: SandboxWorld = {
  seed: 11,
  structures: [
    place('st-lille', '59350', 'Lille', LILLE),
    place('st-dunkerque', '59183', 'Dunkerque', DUNKERQUE),
    place('st-maubeuge', '59392', 'Maubeuge', { latitude: 50.2775, longitude: 3.9734 }),
    place('st-paris', '75056', 'Paris', PARIS, 'monenfant'),
    place('st-paris-11', '75111', 'Paris', PARIS_11, 'monenfant'),
    place('st-m8', '13208', 'Marseille', MARSEILLE_8E, 'monenfant'),
    place('st-m', '13055', 'Marseille', MARSEILLE_1ER, 'monenfant'),
    place('st-hz', '59295', 'Hazebrouck', HAZEBROUCK),
    place('st-bavay', '59006', "L'Orée de Mormal", BERMERIES),
    place('st-ouen', '93070', 'Saint-Ouen-sur-Seine', SAINT_OUEN),
    place('st-annoeullin', '59011', 'Annœullin', ANNOEULLIN),
  ],
  services: [
    // data·inclusion's cases: on site, everyone, no zone.
    dora('none', 'st-lille', null, {}),
    dora('dunkerque', 'st-dunkerque', DUNKERQUE, at('59183', 'Dunkerque')),
    dora('lille', 'st-lille', LILLE, at('59350', 'Lille')),
    dora('paris', 'st-paris', PARIS, at('75056', 'Paris'), 'monenfant'),
    dora('paris-11', 'st-paris-11', PARIS_11, at('75111', 'Paris'), 'monenfant'),
    dora('remote-dunkerque', 'st-dunkerque', null, { ...at('59183', 'Dunkerque'), modesAccueil: ['a-distance'] }),
    dora('remote-maubeuge', 'st-maubeuge', null, { ...at('59392', 'Maubeuge'), modesAccueil: ['a-distance'] }),
    // The gateway's own cases, apart by their thématique.
    numerique('m8', 'st-m8', MARSEILLE_8E, '13208', null, 'monenfant'),
    numerique('m', 'st-m', MARSEILLE_1ER, '13055', null, 'monenfant'),
    numerique('hz-zoned', 'st-hz', HAZEBROUCK, '59295', '59295'),
    numerique('hz-lille-zoned', 'st-hz', HAZEBROUCK, '59295', '59350'),
    numerique('bavay-nouvelle', 'st-bavay', BERMERIES, '59006', '59006'),
    numerique('bavay-deleguee', 'st-bavay', BERMERIES, '59006', '59070'),
    numerique('bavay-maubeuge', 'st-bavay', BERMERIES, '59006', '59392'),
    numerique('ouen', 'st-ouen', SAINT_OUEN, '93070', null),
    numerique('annoeullin', 'st-annoeullin', ANNOEULLIN, '59011', null),
  ],
};

type Edge = { distance: number | null; node: { id: string } };
type Search = {
  totalCount: number;
  edges: Edge[];
  commune: {
    code: string;
    arrondissement: { code: string } | null;
    communeDeleguee: { code: string; type: string } | null;
  } | null;
  origine: GeoPoint | null;
};
const SEARCH = `query($c: String, $lat: Float, $lon: Float, $f: ServiceSearchFilter) {
  searchServices(codeCommune: $c, lat: $lat, lon: $lon, filter: $f, first: 100) {
    totalCount edges { distance node { id } }
    commune { code arrondissement { code } communeDeleguee { code type } }
    origine { latitude longitude } } }`;
const LIST = `query($c: String!) {
  services(filter: { codeCommune: $c }, first: 100) { edges { node { id } } }
  structures(filter: { codeCommune: $c }, first: 100) { edges { node { id } } } }`;

let sb: SandboxGateway;
beforeAll(async () => {
  sb = await startSandboxGateway({ world });
});
afterAll(async () => sb?.stop());

async function search(vars: Record<string, unknown>) {
  const r = await sb.gql(SEARCH, vars);
  return { errors: r.errors, s: r.data?.searchServices as Search };
}
const local = (id: string) => id.replace(/^[a-z-]+--/, '');
const ids = (s: Search) => s.edges.map((e) => local(e.node.id));
const famille = (modesAccueil = ['en-presentiel']) => ({ thematiques: FAMILLE, modesAccueil });

describe('lists filtered by codeCommune (data·inclusion: exact match on code_insee)', () => {
  it.each([
    ['59183', ['dunkerque', 'remote-dunkerque'], ['st-dunkerque']],
    ['62041', [], []],
    ['75056', ['paris'], ['st-paris']],
    ['75111', ['paris-11'], ['st-paris-11']],
    ['13208', ['m8'], ['st-m8']],
    ['13055', ['m'], ['st-m']],
  ])('test_can_filter_resources_by_code_commune: %s', async (code, services, structures) => {
    const r = await sb.gql(LIST, { c: code });
    expect(r.errors).toBeUndefined();
    const list = (conn: { edges: Array<{ node: { id: string } }> }) => conn.edges.map((e) => local(e.node.id)).sort();
    expect(list(r.data!.services)).toEqual(services.sort());
    expect(list(r.data!.structures)).toEqual(structures.sort());
  });
});

describe('searchServices from a commune code', () => {
  it.each([
    ['59183', 'none', false],
    ['59183', 'dunkerque', true],
    ['59392', 'dunkerque', false],
    ['75056', 'paris', true],
    ['75111', 'paris-11', true],
  ])('test_search_services_with_code_commune: from %s, %s found: %s', async (code, id, found) => {
    const { errors, s } = await search({ c: code, f: famille() });
    expect(errors).toBeUndefined();
    expect(ids(s).includes(id)).toBe(found);
  });

  it('test_search_services_with_code_commune_a_distance: remote services from anywhere, distance null', async () => {
    const { s } = await search({ c: '59183', f: famille(['a-distance']) });
    expect(s.edges.map((e) => [e.node.id, e.distance])).toEqual([
      ['dora--remote-dunkerque', null],
      ['dora--remote-maubeuge', null],
    ]);
  });

  it('test_search_services_with_code_commune_too_far: 50 km from the commune or from lat/lon', async () => {
    const roubaix = await search({ c: '59512', f: famille() });
    expect(ids(roubaix.s)).toEqual(['lille']);
    expect(roubaix.s.edges[0]!.distance).toBeGreaterThan(0);
    expect(roubaix.s.edges[0]!.distance).toBeLessThan(50);
    const leMans = await search({ c: '59512', lat: LE_MANS.latitude, lon: LE_MANS.longitude, f: famille() });
    expect(leMans.s.totalCount).toBe(0);
    const hazebrouck = await search({ c: '59512', lat: HAZEBROUCK.latitude, lon: HAZEBROUCK.longitude, f: famille() });
    expect(ids(hazebrouck.s)).toEqual(['dunkerque', 'lille']);
    expect(hazebrouck.s.edges[0]!.distance).toBeLessThan(50);
    // d·i ignores lat/lon without code_commune (3 results, no geo logic); the gateway searches from the
    // commune at the point (README, Differences from data·inclusion): Le Mans, nothing of this world near.
    const noCommune = await search({ lat: LE_MANS.latitude, lon: LE_MANS.longitude, f: famille() });
    expect(noCommune.errors).toBeUndefined();
    expect(noCommune.s.commune?.code).toBe('72181');
    expect(noCommune.s.totalCount).toBe(0);
    for (const vars of [
      { c: '59392', lat: 48.003954 },
      { c: '59392', lon: 1.2563 },
    ]) {
      const { errors } = await search(vars);
      expect(errors?.[0]).toMatchObject({
        message: 'The `lat` and `lon` must be simultaneously filled.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });

  it('searches Saint-Ouen-sur-Seine (93070) and Annœullin (59011) from their centres', async () => {
    for (const [code, id] of [
      ['93070', 'ouen'],
      ['59011', 'annoeullin'],
    ] as const) {
      const { errors, s } = await search({ c: code, f: { thematiques: NUMERIQUE } });
      expect(errors).toBeUndefined();
      expect(s.commune?.code).toBe(code);
      expect(s.edges[0]).toEqual({ distance: 0, node: { id: `dora--${id}` } });
    }
  });

  it('lists 13208 and searches from the 8th arrondissement’s own centre, with Marseille’s eligibility', async () => {
    const { errors, s } = await search({ c: '13208', f: { thematiques: NUMERIQUE } });
    expect(errors).toBeUndefined();
    expect(s.commune).toMatchObject({ code: '13055', arrondissement: { code: '13208' } });
    expect(s.origine).toEqual(MARSEILLE_8E);
    expect(s.edges.map((e) => [e.node.id, e.distance])).toEqual([
      ['monenfant--m8', 0],
      ['monenfant--m', 6], // 6.4985 km on the ellipsoid (a sphere says 6.50)
    ]);
  });

  it('resolves a commune déléguée (59070) to its commune nouvelle (59006), from its own centre', async () => {
    const { errors, s } = await search({ c: '59070', f: { thematiques: NUMERIQUE } });
    expect(errors).toBeUndefined();
    expect(s.commune).toEqual({
      code: '59006',
      arrondissement: null,
      communeDeleguee: { code: '59070', type: 'commune-deleguee' },
    });
    expect(s.origine).toEqual(BERMERIES);
    expect(ids(s).sort()).toEqual(['bavay-deleguee', 'bavay-nouvelle']);
    const commune = await sb.gql('{ commune(code: "59070") { code nom communeDeleguee { code nom } } }');
    expect(commune.data).toEqual({
      commune: { code: '59006', nom: "L'Orée de Mormal", communeDeleguee: { code: '59070', nom: 'Bermeries' } },
    });
  });

  it('refuses a commune of a collectivité d’outre-mer with BAD_USER_INPUT, not "not found"', async () => {
    for (const code of ['97501', '97701', '98735', '98818']) {
      const { errors } = await search({ c: code });
      expect(errors?.[0]).toMatchObject({
        message: expect.stringMatching(/collectivité d'outre-mer.*data·inclusion schema covers/),
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'codeCommune' },
      });
    }
    const commune = await sb.gql('{ commune(code: "98735") { code } }');
    expect(commune.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'code' });
  });

  it('answers for a sample of every commune actuelle and arrondissement, from each one’s centre', async () => {
    const cog = createCogConnector();
    const communes = await cog.searchCommunes({});
    const sample = [
      ...[...communes].sort((a, b) => (a.code < b.code ? -1 : 1)).filter((_, i) => i % 1_500 === 0),
      ...(await cog.getCommunes(['75101', '69389', '13216'])).map((c) => c!),
    ];
    expect(sample.length).toBeGreaterThan(25);
    for (const c of sample) {
      const code = c.arrondissement?.code ?? c.code;
      const { errors, s } = await search({ c: code });
      expect(errors, code).toBeUndefined();
      expect(s.origine, code).toEqual(c.arrondissement?.centre ?? c.centre);
    }
  });
});

describe('searchServices without a commune', () => {
  it('searches from the commune at lat/lon, with that commune’s eligibility', async () => {
    const { errors, s } = await search({
      lat: HAZEBROUCK.latitude,
      lon: HAZEBROUCK.longitude,
      f: { thematiques: NUMERIQUE },
    });
    expect(errors).toBeUndefined();
    expect(s.commune?.code).toBe('59295');
    expect(s.origine).toEqual(HAZEBROUCK);
    expect(ids(s)).toContain('hz-zoned');
    expect(ids(s)).not.toContain('hz-lille-zoned');
  });

  it('refuses a point far from every commune (mid-Atlantic)', async () => {
    const { errors } = await search({ lat: 45, lon: -30 });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'lat' } });
  });

  it('returns only the a-distance services without any location, distance null, by id', async () => {
    const { errors, s } = await search({ f: { thematiques: FAMILLE } });
    expect(errors).toBeUndefined();
    expect(s.commune).toBeNull();
    expect(s.origine).toBeNull();
    expect(s.edges.map((e) => [e.node.id, e.distance])).toEqual([
      ['dora--remote-dunkerque', null],
      ['dora--remote-maubeuge', null],
    ]);
  });
});
