/**
 * The geo-api connector against its loopback simulator serving the embedded COG (rendered through
 * `renderGeoApi`): same answers as the embedded source, the paths and parameters of the contract,
 * as few calls as it allows, 404 → null, and each failure as its ConnectorError kind.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCogConnector } from '../cog/index.js';
import type { SourceConfig, TerritoryConnector } from '../connector.js';
import type { Simulator } from '../sim/server.js';
import { ConnectorError } from '../../src/errors.js';
import { createGeoApiConnector } from './index.js';
import { renderGeoApi, startGeoApiSimulator, type GeoApiDataset } from './simulator.js';
import { FIELDS } from './types.js';

let cog: TerritoryConnector;
let dataset: GeoApiDataset;
let sim: Simulator;
let attempts = 0;

beforeAll(async () => {
  cog = createCogConnector();
  dataset = await renderGeoApi(cog);
  sim = await startGeoApiSimulator({ dataset });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  attempts = 0;
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  expect(attempts).toBe(sim.count());
});

const geo = (over: Partial<SourceConfig> = {}, url = sim.url) =>
  createGeoApiConnector(
    { id: 'geo-api', connector: 'geo-api', baseUrl: url, timeoutMs: 2_000, ...over },
    { onRequest: () => void attempts++ },
  );
const calls = () =>
  sim.requests
    .map((r) => `${r.path}${r.query.has('codeParent') ? `?codeParent=${r.query.get('codeParent')}` : ''}`)
    .sort();

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  expect((err as Error).message).not.toContain('127.0.0.1');
  return err as ConnectorError;
}

describe('communes', () => {
  it('looks one commune up with /communes/{code} and the fields it needs', async () => {
    expect(await geo().getCommunes(['59350'])).toEqual(await cog.getCommunes(['59350']));
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]!.path).toBe('/communes/59350');
    expect(sim.requests[0]!.query.get('fields')).toBe(FIELDS.commune);
  });

  it('answers a mixed batch like the embedded source, with one call per département and per city', async () => {
    const codes = ['59350', '59512', '62041', '2A004', '75101', '75102', '99999', 'abc', '59350', '97411'];
    expect(await geo().getCommunes(codes)).toEqual(await cog.getCommunes(codes));
    expect(calls()).toEqual([
      '/communes/2A004',
      '/communes/62041',
      '/communes/75056',
      '/communes/97411',
      '/communes/99999',
      '/communes?codeParent=75056',
      '/departements/59/communes',
    ]);
    const arr = sim.requests.find((r) => r.query.has('codeParent'))!;
    expect(arr.query.get('type')).toBe('arrondissement-municipal');
  });

  it('finds the commune at a point with one /communes?lat=&lon= (none at sea)', async () => {
    const hazebrouck = await geo().communeAt({ latitude: 50.7262, longitude: 2.5387 });
    expect(hazebrouck).toEqual((await cog.getCommunes(['59295']))[0]);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]!.path).toBe('/communes');
    expect([sim.requests[0]!.query.get('lat'), sim.requests[0]!.query.get('lon')]).toEqual(['50.7262', '2.5387']);
    expect(await geo().communeAt({ latitude: 45, longitude: -30 })).toBeNull();
  });

  it('answers null for an unknown département without an error (404 is not a failure)', async () => {
    expect(await geo().getCommunes(['99998', '99999'])).toEqual([null, null]);
    expect(calls()).toEqual(['/departements/99/communes']);
  });

  it('falls back to per-commune calls under the configured threshold', async () => {
    expect(
      (await geo({ options: { departementBatchThreshold: 5 } }).getCommunes(['59350', '59512'])).map((c) => c?.nom),
    ).toEqual(['Lille', 'Roubaix']);
    expect(calls()).toEqual(['/communes/59350', '/communes/59512']);
  });

  it('searches by name with the API ranking (population boost, limit sent)', async () => {
    const hits = await geo().searchCommunes({ nom: 'saint etienne', limit: 5 });
    expect(hits[0]?.code).toBe('42218');
    expect(hits).toHaveLength(5);
    const q = sim.requests[0]!.query;
    expect(Object.fromEntries(q)).toEqual({
      nom: 'saint etienne',
      boost: 'population',
      limit: '5',
      zone: 'metro,drom',
      fields: FIELDS.commune,
    });
  });

  it('searches by postcode, département or EPCI ranked by population, like the embedded source', async () => {
    for (const q of [
      { codePostal: '01400' },
      { codeDepartement: '2A', limit: 10 },
      { codeEpci: '200093201', codePostal: '59100' },
    ]) {
      expect(await geo().searchCommunes(q)).toEqual(await cog.searchCommunes(q));
    }
    expect(sim.requests.map((r) => r.path)).toEqual(['/communes', '/communes', '/communes']);
    expect(sim.requests.every((r) => !r.query.has('limit'))).toBe(true);
  });
});

describe('départements, régions, EPCIs', () => {
  it('looks départements and régions up with one list call each; malformed codes cost nothing', async () => {
    const g = geo();
    expect(await g.getDepartements(['59', '2A', '975', 'xx'])).toEqual(
      await cog.getDepartements(['59', '2A', '975', 'xx']),
    );
    expect(await g.getRegions(['32', '99'])).toEqual([{ code: '32', nom: 'Hauts-de-France' }, null]);
    expect(await g.getDepartements(['xx'])).toEqual([null]);
    expect(sim.requests.map((r) => r.path)).toEqual(['/departements', '/regions']);
  });

  it('lists départements (of a région) and régions', async () => {
    const g = geo();
    expect(await g.listDepartements('32')).toEqual(await cog.listDepartements('32'));
    expect(await g.listDepartements()).toHaveLength(101);
    expect(await g.listRegions()).toEqual(await cog.listRegions());
    expect(sim.requests[0]!.query.get('codeRegion')).toBe('32');
  });

  it('looks one EPCI up by /epcis/{code} (404 → null) and several with one /epcis call', async () => {
    const g = geo();
    expect(await g.getEpcis(['200093201'])).toEqual([{ code: '200093201', nom: 'Métropole Européenne de Lille' }]);
    expect(await g.getEpcis(['000000000'])).toEqual([null]);
    expect((await g.getEpcis(['200093201', '244400404', '000000000'])).map((e) => e?.nom ?? null)).toEqual([
      'Métropole Européenne de Lille',
      'Nantes Métropole',
      null,
    ]);
    expect(sim.requests.map((r) => r.path)).toEqual(['/epcis/200093201', '/epcis/000000000', '/epcis']);
  });

  it('lists the EPCIs of a département', async () => {
    expect(await geo().listEpcis('59')).toEqual(await cog.listEpcis('59'));
    expect(sim.requests[0]!.query.get('codeDepartement')).toBe('59');
  });

  it('pings with one small request', async () => {
    await geo().ping!();
    expect(sim.count('/regions')).toBe(1);
  });
});

describe('failures', () => {
  it('retries a 500 twice, then fails as unavailable', async () => {
    sim.fault({ kind: 'status', status: 500, times: 3 });
    expect((await failure(geo().getRegions(['32']))).kind).toBe('unavailable');
    expect(sim.count()).toBe(3);
  });

  it('fails as timeout when the API hangs', async () => {
    sim.fault({ kind: 'hang', times: 3 });
    expect((await failure(geo({ timeoutMs: 200 }).getCommunes(['59350']))).kind).toBe('timeout');
    expect(sim.count()).toBe(3);
  });

  it('fails as rate_limited without waiting when Retry-After is too long', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 30 });
    const err = await failure(geo().listEpcis('59'));
    expect(err.kind).toBe('rate_limited');
    expect(err.details.retryAfterMs).toBe(30_000);
    expect(sim.count()).toBe(1);
  });

  it('fails as bad_response on malformed JSON or an unexpected shape', async () => {
    sim.fault({ kind: 'malformed', match: /^\/departements$/ });
    expect((await failure(geo().listDepartements())).kind).toBe('bad_response');
    sim.fault({ kind: 'status', status: 200, body: { detail: 'not a list' }, match: /^\/regions$/ });
    expect((await failure(geo().listRegions())).kind).toBe('bad_response');
    expect(sim.count()).toBe(2);
  });

  it('fails the whole batch when one of its calls fails', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 30, match: /^\/communes\/62041$/ });
    expect((await failure(geo().getCommunes(['59350', '62041']))).kind).toBe('rate_limited');
    expect(sim.count()).toBe(2);
  });

  it('fails as rate_limited when the simulated budget is spent', async () => {
    const tight = await startGeoApiSimulator({ dataset, rateLimit: { requests: 1, perMs: 60_000 } });
    try {
      const g = createGeoApiConnector({ id: 'geo-api', connector: 'geo-api', baseUrl: tight.url }, {});
      await g.listRegions();
      expect((await failure(g.listRegions())).kind).toBe('rate_limited');
      expect(tight.count()).toBe(2);
    } finally {
      await tight.close();
    }
  });
});

describe('simulator contract (docs/partners/geo-api.md)', () => {
  const get = async (path: string, init?: RequestInit) => {
    attempts++; // these requests bypass the connector
    const res = await fetch(`${sim.url}${path}`, init);
    return { status: res.status, text: await res.text() };
  };

  it('serves default fields, expansions, _score and GeoJSON as the API does', async () => {
    const [lille] = JSON.parse((await get('/communes?codePostal=59000')).text) as Array<Record<string, unknown>>;
    expect(Object.keys(lille!).sort()).toEqual([
      'code',
      'codeDepartement',
      'codeEpci',
      'codeRegion',
      'codesPostaux',
      'nom',
      'population',
    ]);
    const [exp] = JSON.parse((await get('/communes?code=59350&fields=departement,region,epci')).text) as Array<
      Record<string, unknown>
    >;
    expect(exp).toEqual({
      nom: 'Lille',
      code: '59350',
      departement: { code: '59', nom: 'Nord' },
      region: { code: '32', nom: 'Hauts-de-France' },
      epci: { code: '200093201', nom: 'Métropole Européenne de Lille' },
    });
    const [scored] = JSON.parse((await get('/communes?nom=lille&fields=nom&limit=1')).text) as Array<
      Record<string, unknown>
    >;
    expect(scored).toMatchObject({ nom: 'Lille', code: '59350', _score: expect.any(Number) });
    const fc = JSON.parse((await get('/departements/2A/communes?format=geojson&fields=nom,centre&limit=1')).text);
    expect(fc).toMatchObject({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { nom: 'Afa', code: '2A001' } }],
    });
    expect(fc.features[0].properties.centre).toBeUndefined();
  });

  it('answers its plain-text errors', async () => {
    expect(await get('/communes/00000')).toEqual({ status: 404, text: 'Not Found' });
    expect(await get('/regions?limit=-1')).toEqual({
      status: 400,
      text: 'Your limit parameter is not a number or is negative',
    });
    expect((await get('/communes?format=geojson')).status).toBe(400);
    expect(await get('/communes', { method: 'POST' })).toEqual({ status: 401, text: 'Method POST not allowed' });
  });
});
