/**
 * `searchServices` over HTTP, against the real partner simulators of a hand-built world around
 * Lyon: data·inclusion's `/search/services` semantics case by case (eligibility by commune, EPCI,
 * département, `france`, null; the 50 km edge; remote services; categories; `tous-publics`;
 * arrondissements; exclureDoublons), query planning (request counters), paging and partial failure;
 * and, over the real Redis, the cache outcome of each source (stale-if-error, then failure).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/embedded.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import { distanceKm, type GeoPoint } from '../../src/domain/index.js';
import type { Gateway } from '../../src/gateway.js';
import { departementsWithin } from '../../src/loaders/search-area.js';
import { gql, startCachedGateway } from '../helpers/cache-e2e.js';
import { startSandboxGateway, type SandboxGateway } from '../helpers/sandbox-gateway.js';
import { eastOf, LYON, service, structure } from '../helpers/world-kit.js';

const MARSEILLE: GeoPoint = { latitude: 43.29695, longitude: 5.38107 };
const MEXIMIEUX: GeoPoint = { latitude: 45.90823, longitude: 5.1992 };
const BOURG: GeoPoint = { latitude: 46.20574, longitude: 5.2258 };
const JAURES = eastOf(LYON, 1.1);
const inMarseille = { adresse: '1 quai du Port', codePostal: '13002', codeInsee: '13055', commune: 'Marseille' };
const inIsere = { adresse: '3 place de la Gare', codePostal: '38110', codeInsee: '38509', commune: 'La Tour-du-Pin' };
const FOOD = ['equipement-et-alimentation--alimentation'];
const jauresPlace = {
  nom: 'Centre social Jean Jaurès',
  adresse: '45 avenue Jean Jaurès',
  codePostal: '69007',
  telephone: '+33478111111',
  latitude: JAURES.latitude,
  longitude: JAURES.longitude,
};

const dora = (id: string, at: GeoPoint | null, over: Parameters<typeof service>[4] = {}) =>
  service('dora', id, 'lyon-cs', at, over);
const world: SandboxWorld = {
  seed: 5,
  structures: [
    structure('dora', 'lyon-cs', { nom: 'Maison des solidarités de Lyon' }),
    structure('dora', 'cs-jaures', { ...jauresPlace, siret: null }),
    structure('soliguide', '30002', { ...jauresPlace }),
    structure('fredo', 'fr-ain', {
      nom: 'Espace famille de l’Ain',
      adresse: '5 rue Bourgmayer',
      codePostal: '01000',
      codeInsee: '01053',
      commune: 'Bourg-en-Bresse',
      latitude: BOURG.latitude,
      longitude: BOURG.longitude,
    }),
  ],
  services: [
    dora('commune', eastOf(LYON, 2.2), { zone: { type: 'commune', code: '69123' } }),
    dora('epci', eastOf(LYON, 3.1), { zone: { type: 'epci', code: '200046977' } }),
    dora('dep', eastOf(LYON, 4.2), { zone: { type: 'departement', code: '69' } }),
    dora('france', eastOf(LYON, 5.3), { zone: { type: 'pays' } }),
    dora('null', eastOf(LYON, 6.1)),
    dora('other-commune', eastOf(LYON, 1.2), { zone: { type: 'commune', code: '69266' } }),
    dora('other-dep', eastOf(LYON, 1.4), { zone: { type: 'departement', code: '38' } }),
    dora('jeunes', eastOf(LYON, 7.2), {
      publics: ['jeunes'],
      publicsPrecisions: 'Jeunes de 16 à 25 ans sortis du système scolaire',
    }),
    dora('seniors', eastOf(LYON, 8.2), { publics: ['seniors'] }),
    dora('numerique', eastOf(LYON, 9.2), { thematiques: ['numerique--acceder-a-des-services-en-ligne'] }),
    dora('edge-49', eastOf(LYON, 49.4), inIsere),
    dora('edge-51', eastOf(LYON, 50.6), inIsere),
    dora('remote', null, {
      modesAccueil: ['a-distance'],
      zone: { type: 'pays' },
      lienMobilisation: 'https://rdv.example.fr/remote',
    }),
    dora('remote-13', null, { modesAccueil: ['a-distance'], zone: { type: 'departement', code: '13' } }),
    dora('mixed-far', MARSEILLE, {
      ...inMarseille,
      modesAccueil: ['a-distance', 'en-presentiel'],
      zone: { type: 'pays' },
    }),
    dora('presentiel-far', MARSEILLE, { ...inMarseille, zone: { type: 'pays' } }),
    dora('no-point', null, { zone: null }),
    service('dora', 'jaures-1', 'cs-jaures', JAURES, {
      courriel: 'accueil@cs-jaures.example.fr',
      modesMobilisation: ['telephoner', 'envoyer-un-courriel'],
      lienMobilisation: 'https://cs-jaures.example.fr/rdv',
    }),
    service('dora', 'jaures-2', 'cs-jaures', JAURES, {
      frais: 'payant',
      fraisPrecisions: '5 € par an',
      courriel: 'accueil@cs-jaures.example.fr',
    }),
    service('soliguide', 'a00000000000000000000002', '30002', null, {
      nom: 'Colis alimentaire',
      thematiques: FOOD,
      type: 'aide-materielle',
      sourceCategories: ['food_packages'],
    }),
    service('fredo', 'fr-near', 'fr-ain', MEXIMIEUX, {
      adresse: '2 rue de Lyon',
      codePostal: '01800',
      codeInsee: '01244',
      commune: 'Meximieux',
    }),
    service('fredo', 'fr-far', 'fr-ain', BOURG, {
      adresse: '5 rue Bourgmayer',
      codePostal: '01000',
      codeInsee: '01053',
      commune: 'Bourg-en-Bresse',
    }),
    service('fredo', 'fr-remote', 'fr-ain', MARSEILLE, {
      ...inMarseille,
      modesAccueil: ['a-distance'],
      zone: { type: 'pays' },
    }),
  ],
};

type Edge = {
  distance: number | null;
  cursor: string;
  node: { id: string; scoreQualite: number; structureId: string };
};
const SEARCH = `query($c: String!, $lat: Float, $lon: Float, $f: ServiceSearchFilter, $x: Boolean, $first: Int, $after: String) {
  searchServices(codeCommune: $c, lat: $lat, lon: $lon, filter: $f, exclureDoublons: $x, first: $first, after: $after) {
    totalCount incompleteSources pageInfo { hasNextPage endCursor } edges { distance cursor node { id scoreQualite structureId } } } }`;

let sb: SandboxGateway;
async function search(vars: Record<string, unknown>) {
  const r = await sb.gql(SEARCH, { first: 100, ...vars });
  return {
    r,
    s: r.data?.searchServices as {
      totalCount: number;
      incompleteSources: string[];
      edges: Edge[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    },
  };
}
const ids = (edges: Edge[]) => edges.map((e) => e.node.id);

beforeAll(async () => {
  sb = await startSandboxGateway({ world });
});
afterAll(async () => sb?.stop());

describe('searchServices: d·i /search/services semantics', () => {
  it('keeps eligible services within 50 km or remote, with whole-km distances, sorted by distance then id', async () => {
    const { r, s } = await search({ c: '69123' });
    expect(r.errors).toBeUndefined();
    expect(s.edges.map((e) => [e.node.id, e.distance])).toEqual([
      ['dora--jaures-1', 1],
      ['dora--jaures-2', 1],
      ['soliguide--a00000000000000000000002', 1],
      ['dora--commune', 2],
      ['dora--epci', 3],
      ['dora--dep', 4],
      ['dora--france', 5],
      ['dora--null', 6],
      ['dora--jeunes', 7],
      ['dora--seniors', 8],
      ['dora--numerique', 9],
      ['fredo--fr-near', 33], // 32.53 km on the ellipsoid (a sphere says 32.47)
      ['dora--edge-49', 49],
      ['dora--mixed-far', null],
      ['dora--remote', null],
      ['fredo--fr-remote', null],
    ]);
    expect(s.totalCount).toBe(16);
    expect(s.incompleteSources).toEqual([]);
  });

  it('puts the 50 km edge between 49.4 and 50.6 km', () => {
    expect(distanceKm(LYON, eastOf(LYON, 49.4))).toBeCloseTo(49.4, 3);
    expect(distanceKm(LYON, eastOf(LYON, 50.6))).toBeCloseTo(50.6, 3);
  });

  it('searches an arrondissement (69381) as its commune, from the commune’s centre', async () => {
    const [arr, commune] = await Promise.all([search({ c: '69381' }), search({ c: '69123' })]);
    expect(arr.r.errors).toBeUndefined();
    expect(arr.s.edges.map((e) => [e.node.id, e.distance])).toEqual(
      commune.s.edges.map((e) => [e.node.id, e.distance]),
    );
    expect(ids(arr.s.edges)).toContain('dora--commune');
  });

  it('measures from lat/lon when given, eligibility staying the commune’s', async () => {
    const { s } = await search({ c: '69123', lat: MARSEILLE.latitude, lon: MARSEILLE.longitude });
    expect(s.edges.map((e) => [e.node.id, e.distance])).toEqual([
      ['dora--mixed-far', 0],
      ['dora--presentiel-far', 0],
      ['dora--remote', null],
      ['fredo--fr-remote', null],
    ]);
  });

  it('expands categories, keeps tous-publics for publics, matches recherchePublic words, filters on modes and sources', async () => {
    const [cat, pub, text, remote, fredo] = await Promise.all([
      search({ c: '69123', f: { thematiques: ['numerique'] } }),
      search({ c: '69123', f: { publics: ['jeunes'] } }),
      search({ c: '69123', f: { recherchePublic: 'Jeune SORTIS scolaires' } }),
      search({ c: '69123', f: { modesAccueil: ['a-distance'] } }),
      search({ c: '69123', f: { sources: ['fredo'] } }),
    ]);
    expect(ids(cat.s.edges)).toEqual(['dora--numerique']);
    expect(ids(pub.s.edges)).toContain('dora--jeunes');
    expect(ids(pub.s.edges)).toContain('dora--commune');
    expect(ids(pub.s.edges)).not.toContain('dora--seniors');
    expect(pub.s.totalCount).toBe(15);
    expect(ids(text.s.edges)).toEqual(['dora--jeunes']);
    expect(ids(remote.s.edges)).toEqual(['dora--mixed-far', 'dora--remote', 'fredo--fr-remote']);
    expect(ids(fredo.s.edges)).toEqual(['fredo--fr-near', 'fredo--fr-remote']);
  });

  it('filters on the gateway-computed scoreQualite', async () => {
    const all = (await search({ c: '69123' })).s.edges;
    const scores = [...new Set(all.map((e) => e.node.scoreQualite))].sort();
    expect(scores.length).toBeGreaterThan(1);
    const min = scores[Math.floor(scores.length / 2)]!;
    const { s } = await search({ c: '69123', f: { scoreQualiteMinimum: min } });
    expect(ids(s.edges)).toEqual(ids(all.filter((e) => e.node.scoreQualite >= min)));
    expect(s.totalCount).toBeLessThan(all.length);
  });

  it('exclureDoublons keeps the services of the best record of each cluster, the others untouched', async () => {
    const st = await sb.gql(
      '{ a: structure(id: "dora--cs-jaures") { doublons { id } } structures(filter: { codeCommune: "69123" }, first: 50) { edges { node { id scoreQualite } } } }',
    );
    expect(st.data!.a.doublons).toEqual([{ id: 'soliguide--30002' }]);
    const score = Object.fromEntries(
      (st.data!.structures.edges as Array<{ node: { id: string; scoreQualite: number } }>).map((e) => [
        e.node.id,
        e.node.scoreQualite,
      ]),
    );
    expect(score['dora--cs-jaures']).not.toBe(score['soliguide--30002']);
    const [best, worst] =
      score['dora--cs-jaures']! > score['soliguide--30002']!
        ? ['dora--cs-jaures', 'soliguide--30002']
        : ['soliguide--30002', 'dora--cs-jaures'];
    const [all, dedup] = await Promise.all([search({ c: '69123' }), search({ c: '69123', x: true })]);
    expect(dedup.s.edges.some((e) => e.node.structureId === best)).toBe(true);
    expect(dedup.s.edges.some((e) => e.node.structureId === worst)).toBe(false);
    expect(ids(dedup.s.edges)).toEqual(ids(all.s.edges.filter((e) => e.node.structureId !== worst)));
  });
});

describe('searchServices: planning, paging, failures, input errors', () => {
  it('asks data·inclusion once per département within reach plus once for remote services, and DORA once for the country', async () => {
    await sb.expireCaches();
    const di = sb.sandbox.simulators['data-inclusion']!;
    const doraSim = sb.sandbox.simulators.dora!;
    const [diBefore, doraBefore] = [di.requests.length, doraSim.count('/api/v2/services/')];
    const { s } = await search({ c: '69123', f: { frais: ['gratuit'] } });
    expect(s.totalCount).toBeGreaterThan(0);
    const asked = di.requests.slice(diBefore).filter((q) => q.path === '/api/v1/services');
    const departements = asked.map((q) => q.query.get('code_departement')).filter((d): d is string => d !== null);
    expect(new Set(departements)).toEqual(new Set(departementsWithin(LYON, 50)));
    expect(departements).toEqual(expect.arrayContaining(['01', '38', '69']));
    expect(departements).not.toContain('13');
    const remote = asked.filter((q) => q.query.get('code_departement') === null);
    expect(remote.map((q) => q.query.getAll('modes_accueil'))).toEqual([['a-distance']]);
    expect(asked.every((q) => q.query.getAll('frais').join() === 'gratuit')).toBe(true);
    expect(doraSim.count('/api/v2/services/') - doraBefore).toBe(1);
  });

  it('does not ask DORA when only another source is wanted', async () => {
    await sb.expireCaches();
    const before = sb.sandbox.simulators.dora!.count();
    await search({ c: '69123', f: { sources: ['fredo'] } });
    expect(sb.sandbox.simulators.dora!.count()).toBe(before);
  });

  it('pages the sorted stream with opaque cursors, without gaps or repeats', async () => {
    const full = ids((await search({ c: '69123' })).s.edges);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const { s } = await search({ c: '69123', first: 3, after });
      seen.push(...ids(s.edges));
      if (!s.pageInfo.hasNextPage) break;
      after = s.pageInfo.endCursor;
    }
    expect(seen).toEqual(full);
  });

  it('returns the other sources when one fails, names it in errors[] and incompleteSources', async () => {
    await sb.expireCaches();
    const soli = sb.sandbox.simulators.soliguide!;
    soli.fault({ kind: 'status', status: 500, times: 50 });
    const { r, s } = await search({ c: '69123' });
    soli.reset();
    expect(s.incompleteSources).toEqual(['soliguide']);
    expect(ids(s.edges)).not.toContain('soliguide--a00000000000000000000002');
    expect(s.totalCount).toBe(15);
    expect(r.errors).toEqual([
      expect.objectContaining({
        path: ['searchServices'],
        extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'soliguide' }),
      }),
    ]);
    expect(r.errors![0]!.message).not.toMatch(/127\.0\.0\.1|http/);
  });

  it('rejects what d·i rejects, with its messages', async () => {
    const [lat, unknown, noCentre, bad] = await Promise.all([
      search({ c: '69123', lat: 45.7 }),
      search({ c: '99999' }),
      search({ c: '01001' }),
      search({ c: '69123', after: 'bm90LWEtY3Vyc29y' }),
    ]);
    expect(lat.r.errors?.[0]).toMatchObject({
      message: 'The `lat` and `lon` must be simultaneously filled.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(unknown.r.errors?.[0]).toMatchObject({
      message: 'This `codeCommune` does not exist.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(noCentre.r.errors?.[0]?.message).toMatch(/L'Abergement-Clémenciat \(01001\).*pass `lat` and `lon`/);
    expect(bad.r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
  });
});

describe('graphql/operations/search-with-provenance.graphql', () => {
  const text = readFileSync(
    join(import.meta.dirname, '..', '..', 'graphql', 'operations', 'search-with-provenance.graphql'),
    'utf8',
  );
  const run = async (operationName: string, variables: Record<string, unknown>) => {
    const res = await fetch(sb.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text, operationName, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  };

  it('runs as documented: a search whose nodes reach their merged structure and its provenance', async () => {
    const r = await run('SearchWithProvenance', { codeCommune: '69123' });
    expect(r.errors).toBeUndefined();
    const edge = r.data!.searchServices.edges[0];
    expect(edge.node.id).toBe('dora--numerique');
    expect(edge.node.structure).toMatchObject({
      id: 'dora--lyon-cs',
      sources: [expect.objectContaining({ id: 'dora--lyon-cs' })],
      doublons: [],
    });
    expect(edge.node.structure.provenance.length).toBeGreaterThan(0);
    const byId = await run('MergedStructure', { id: 'soliguide--30002' });
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.structure).toMatchObject({
      id: 'dora--cs-jaures',
      doublons: [{ source: 'soliguide', id: 'soliguide--30002' }],
    });
    expect(byId.data!.structure.services.map((x: { id: string }) => x.id)).toEqual([
      'dora--jaures-1',
      'dora--jaures-2',
      'soliguide--a00000000000000000000002',
    ]);
  });
});

describe('searchServices over the shared cache (real Redis): stale-if-error, then failure', () => {
  /** Soliguide's default freshness (connectors/soliguide/config.ts), and the windows configured below. */
  const TTL = 3600;
  const SWR = 300;
  const MAX_STALE = 7200;
  let sandbox: Sandbox;
  let gw: Gateway;
  let close = async () => {};
  let now = Date.now();
  const advance = (seconds: number) => void (now += seconds * 1000);
  const soliguideRecord = 'soliguide--a00000000000000000000002';
  const run = async () => {
    const r = await gql(gw.graphqlUrl, SEARCH, { c: '69123', first: 100 });
    return { r, s: r.data?.searchServices as { totalCount: number; incompleteSources: string[]; edges: Edge[] } };
  };

  beforeAll(async () => {
    ({ sandbox, gw, close } = await startCachedGateway({
      sandbox: { world },
      env: { CACHE_SWR_SECONDS: String(SWR), CACHE_STALE_IF_ERROR_SECONDS: String(MAX_STALE) },
      clock: () => now,
    }));
  });

  afterEach(() => sandbox.simulators.soliguide!.reset());
  afterAll(() => close());

  it('serves the last good answer marked stale with its age, then fails the source past the maximum age', async () => {
    const soli = sandbox.simulators.soliguide!;
    const warm = await run();
    expect(warm.r.errors).toBeUndefined();
    expect(ids(warm.s.edges)).toContain(soliguideRecord);
    expect(warm.r.extensions!.sources.soliguide).toMatchObject({ ok: true });
    expect(warm.r.extensions!.sources.soliguide.stale).toBeUndefined();
    await gw.drainCache();

    advance(TTL + SWR + 100);
    soli.fault({ kind: 'status', status: 503, times: 50 });
    const before = soli.count();
    const stale = await run();
    expect(soli.count()).toBeGreaterThan(before); // the partner was asked, and failed
    expect(stale.r.errors).toBeUndefined();
    expect(ids(stale.s.edges)).toEqual(ids(warm.s.edges));
    expect(stale.s).toMatchObject({ totalCount: warm.s.totalCount, incompleteSources: [] });
    expect(stale.r.extensions!.sources.soliguide).toMatchObject({ ok: true, stale: { ageSeconds: TTL + SWR + 100 } });
    await gw.drainCache();

    advance(MAX_STALE);
    const failed = await run();
    expect(ids(failed.s.edges)).not.toContain(soliguideRecord);
    expect(failed.s).toMatchObject({ totalCount: warm.s.totalCount - 1, incompleteSources: ['soliguide'] });
    expect(failed.r.errors).toEqual([
      expect.objectContaining({
        path: ['searchServices'],
        extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'soliguide' }),
      }),
    ]);
    expect(failed.r.extensions!.sources.soliguide).toMatchObject({ ok: false, error: 'unavailable' });
    expect(failed.r.extensions!.sources.soliguide.stale).toBeUndefined();
    expect(failed.r.extensions!.sources.dora).toMatchObject({ ok: true });
  });

  it('reports a rate-limited partner with its Retry-After once nothing cached can stand in', async () => {
    advance(TTL + MAX_STALE + 1);
    const soli = sandbox.simulators.soliguide!;
    soli.fault({ kind: 'rate_limit', retryAfterSeconds: 30, times: 50 });
    const limited = await run();
    expect(limited.s.incompleteSources).toEqual(['soliguide']);
    expect(limited.r.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'PARTNER_RATE_LIMITED',
          partner: 'soliguide',
          retryAfterSeconds: 30,
        }),
      }),
    ]);
    expect(limited.r.extensions!.sources.soliguide).toMatchObject({ ok: false, error: 'rate_limited' });
  });
});
