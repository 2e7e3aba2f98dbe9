import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { ConnectorError } from '../../src/errors.js';
import type { GeocoderConnector, SourceConfig } from '../connector.js';
import { createBanClient } from './client.js';
import { createBanConnector } from './index.js';
import { startBanSimulator, type BanSimulator } from './simulator.js';

/** A hand-built world of real places, small enough to read in the test. */
function structure(
  localId: string,
  adresse: string,
  codePostal: string,
  codeInsee: string,
  commune: string,
  latitude: number,
  longitude: number,
): SandboxStructure {
  return {
    source: 'emplois-de-linclusion',
    localId,
    entityKey: localId,
    typologie: 'ACI',
    reseauxPorteurs: ['aci'],
    nom: `Structure ${localId}`,
    siret: null,
    adresse,
    complementAdresse: null,
    codePostal,
    codeInsee,
    commune,
    latitude,
    longitude,
    telephone: null,
    courriel: null,
    siteWeb: null,
    description: null,
    dateMaj: '2025-01-10',
    horairesAccueil: null,
  };
}
const world: SandboxWorld = {
  seed: 1,
  structures: [
    structure('a', '12 rue Nationale', '59000', '59350', 'Lille', 50.6365, 3.0601),
    structure('b', '156 cours Lafayette', '69003', '69123', 'Lyon', 45.763358, 4.853412),
    structure('c', '12 rue de Strasbourg', '44000', '44109', 'Nantes', 47.206521, -1.561235),
  ],
  services: [],
};

let sim: BanSimulator;
let ban: GeocoderConnector;
let calls = 0;
const source = (extra: Partial<SourceConfig> = {}): SourceConfig => ({
  id: 'ban',
  connector: 'ban',
  baseUrl: `${sim.url}/geocodage`,
  ...extra,
});
const kindOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof ConnectorError ? e.kind : String(e)),
  );

beforeAll(async () => {
  sim = await startBanSimulator({ world });
  ban = createBanConnector(source(), { onRequest: () => void calls++ });
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
  calls = 0;
});
afterAll(() => sim.close());

describe('BAN connector against its simulator', () => {
  it('geocodes an address to a point and a commune code with one /search call', async () => {
    const [r] = await ban.geocode([{ q: '12 rue Nationale Lille', codePostal: '59000' }]);
    expect(r).toMatchObject({
      codeInsee: '59350',
      codePostal: '59000',
      commune: 'Lille',
      adresse: '12 rue Nationale',
      point: { latitude: 50.6365, longitude: 3.0601 },
    });
    expect(r!.score).toBeGreaterThan(0.9);
    expect(sim.requests.map((q) => [q.method, q.path, q.query.get('q'), q.query.get('limit')])).toEqual([
      ['GET', '/geocodage/search', '12 rue Nationale Lille 59000', '1'],
    ]);
    expect(calls).toBe(1);
  });

  it('folds the Lyon 3e arrondissement (BAN citycode 69383) into Lyon 69123 and keeps the point', async () => {
    const [r] = await ban.geocode([{ q: '156 cours Lafayette Lyon', codePostal: '69003', codeInsee: '69123' }]);
    expect(r).toMatchObject({
      codeInsee: '69123',
      commune: 'Lyon',
      point: { latitude: 45.763358, longitude: 4.853412 },
    });
    expect(sim.requests[0]!.query.get('citycode')).toBeNull();
  });

  it('answers null for a low score and for an unknown address, one CSV request for both', async () => {
    const out = await ban.geocode([{ q: '12 rue Inconnue Lille' }, { q: '1 impasse des Nulle Part 99999 Ailleurs' }]);
    expect(out).toEqual([null, null]);
    expect(sim.count('/geocodage/search/csv')).toBe(1);
    expect(sim.count('/geocodage/search')).toBe(1);
  });

  it('sends N distinct addresses as one CSV request, duplicates once, unusable ones never', async () => {
    const out = await ban.geocode([
      { q: '12 rue Nationale Lille', codePostal: '59000' },
      { q: '12 rue de Strasbourg Nantes' },
      { q: '12 rue Nationale Lille', codePostal: '59000' },
      { q: 'ab' },
    ]);
    expect(out.map((r) => r?.codeInsee ?? null)).toEqual(['59350', '44109', '59350', null]);
    expect(sim.count('/geocodage/search')).toBe(1);
    expect(sim.requests[0]!.rawBody.match(/\r\n/g)!.length).toBeGreaterThan(2); // header + 2 distinct rows in one file
  });

  it('without the CSV route stays within 50 requests/s: 120 addresses, 120 searches, none throttled', async () => {
    const addresses = Array.from({ length: 120 }, (_, i) => ({
      adresse: `${i + 1} rue Nationale`,
      codePostal: '59000',
      codeInsee: '59350',
      commune: 'Lille',
      latitude: 50.6365,
      longitude: 3.0601,
    }));
    const big = await startBanSimulator({ addresses });
    try {
      // A generous timeout: on a busy machine a slow answer must not be retried (a retry is a request more).
      const conn = createBanConnector({
        id: 'ban',
        connector: 'ban',
        baseUrl: `${big.url}/geocodage`,
        timeoutMs: 30_000,
      });
      big.fault({ kind: 'status', status: 404, match: /csv/ });
      const out = await conn.geocode(addresses.map((a) => ({ q: `${a.adresse} Lille`, codePostal: a.codePostal })));
      expect(out.every((r) => r?.codeInsee === '59350')).toBe(true);
      expect(big.count('/geocodage/search')).toBe(121);
      expect(big.throttled()).toBe(0);
    } finally {
      await big.close();
    }
  });

  it('honours a 429 with Retry-After, then succeeds', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1 });
    const [r] = await ban.geocode([{ q: '12 rue de Strasbourg Nantes' }]);
    expect(r?.codeInsee).toBe('44109');
    expect(sim.count('/geocodage/search')).toBe(2);
  });

  it('gives rate_limited with the wait when Retry-After is too long to wait', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 120 });
    const err = await ban.geocode([{ q: '12 rue de Strasbourg Nantes' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'rate_limited', partner: 'ban', details: { retryAfterMs: 120_000 } });
    expect(sim.count()).toBe(1);
  });

  it('gives unavailable after retrying a 500 twice', async () => {
    sim.fault({ kind: 'status', status: 500, times: 3 });
    expect(await kindOf(ban.geocode([{ q: '12 rue de Strasbourg Nantes' }]))).toBe('unavailable');
    expect(sim.count()).toBe(3);
  });

  it('gives timeout when the geocoder hangs', async () => {
    const slow = createBanConnector(source({ timeoutMs: 200 }));
    sim.fault({ kind: 'hang', times: 3 });
    expect(await kindOf(slow.geocode([{ q: '12 rue de Strasbourg Nantes' }]))).toBe('timeout');
    expect(sim.count()).toBe(3);
  });

  it('gives bad_response for malformed JSON and for JSON that is not a FeatureCollection', async () => {
    sim.fault({ kind: 'malformed' });
    expect(await kindOf(ban.geocode([{ q: '12 rue de Strasbourg Nantes' }]))).toBe('bad_response');
    sim.fault({ kind: 'status', status: 200, body: { results: [] } });
    expect(await kindOf(ban.reverse({ latitude: 47.2, longitude: -1.56 }))).toBe('bad_response');
    expect(sim.count()).toBe(2);
  });

  it('gets the real 400 for a query that is too short, as bad_response', async () => {
    const client = createBanClient({ partner: 'ban', baseUrl: `${sim.url}/geocodage`, timeoutMs: 2000 });
    const err = await client.search({ q: 'ab', limit: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad_response', details: { status: 400 } });
    expect((err as Error).message).not.toContain(sim.url);
  });

  it('answers null for an address the geocoder refuses (400) instead of failing the batch', async () => {
    sim.fault({
      kind: 'status',
      status: 400,
      body: { code: 400, message: 'q must contain between 3 and 200 chars and start with a number or a letter' },
    });
    expect(await ban.geocode([{ q: '12 rue de Strasbourg Nantes' }])).toEqual([null]);
    expect(sim.count()).toBe(1);
  });

  it('reverse-geocodes to the nearest address, folding arrondissements', async () => {
    expect(await ban.reverse({ latitude: 45.7634, longitude: 4.8535 })).toMatchObject({
      codeInsee: '69123',
      adresse: '156 cours Lafayette',
    });
    expect(await ban.reverse({ latitude: 0, longitude: 0 })).toBeNull();
    expect(sim.requests.map((r) => [r.path, r.query.get('limit')])).toEqual([
      ['/geocodage/reverse', '1'],
      ['/geocodage/reverse', '1'],
    ]);
  });

  it('pings getCapabilities', async () => {
    await ban.ping!();
    expect(sim.count('/geocodage/getCapabilities')).toBe(1);
  });
});

describe('BAN simulator contract', () => {
  it('answers 429 with Retry-After beyond 50 requests in a second', async () => {
    const fresh = await startBanSimulator({ world });
    try {
      const answers = await Promise.all(
        Array.from({ length: 60 }, () => fetch(`${fresh.url}/geocodage/search?q=lille`)),
      );
      const limited = answers.filter((r) => r.status === 429);
      expect(answers.filter((r) => r.status === 200)).toHaveLength(50);
      expect(limited).toHaveLength(10);
      expect(limited[0]!.headers.get('retry-after')).toBe('1');
      expect(fresh.throttled()).toBe(10);
    } finally {
      await fresh.close();
    }
  });

  it('answers an empty FeatureCollection for unknown places and 400 for bad parameters', async () => {
    const empty = await (await fetch(`${sim.url}/geocodage/search?q=zzz%20introuvable`)).json();
    expect(empty).toMatchObject({ type: 'FeatureCollection', features: [] });
    expect((await fetch(`${sim.url}/geocodage/search?q=ab`)).status).toBe(400);
    expect((await fetch(`${sim.url}/geocodage/search?q=lille&limit=500`)).status).toBe(400);
    expect((await fetch(`${sim.url}/geocodage/reverse?lat=45`)).status).toBe(400);
  });

  it('filters by citycode and type as addok does', async () => {
    const byArr = (await (
      await fetch(`${sim.url}/geocodage/search?q=cours%20lafayette%20lyon&citycode=69383`)
    ).json()) as { features: unknown[] };
    const byCommune = (await (
      await fetch(`${sim.url}/geocodage/search?q=cours%20lafayette%20lyon&citycode=69123`)
    ).json()) as { features: unknown[] };
    const towns = (await (await fetch(`${sim.url}/geocodage/search?q=lille&type=municipality`)).json()) as {
      features: Array<{ properties: { type: string; citycode: string } }>;
    };
    expect(byArr.features.length).toBeGreaterThan(0);
    expect(byCommune.features).toEqual([]);
    expect(towns.features.map((f) => [f.properties.type, f.properties.citycode])).toEqual([['municipality', '59350']]);
  });
});
