import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/errors.js';
import type { OffreConnector, SourceConfig } from '../connector.js';
import type { Simulator } from '../sim/server.js';
import { smallWorld } from './fixtures/world.js';
import { createEmploisConnector } from './index.js';
import { startEmploisSimulator } from './simulator.js';

const TOKEN = 'di-service-token';
const S = 'emplois-de-linclusion';
let sim: Simulator;
let calls = 0;
const source = (extra: Partial<SourceConfig> = {}): SourceConfig => ({
  id: S,
  connector: S,
  baseUrl: `${sim.url}/api/v1`,
  token: TOKEN,
  options: { pageSize: 2, ratePerMinute: 600 },
  ...extra,
});
const connector = (extra: Partial<SourceConfig> = {}): OffreConnector =>
  createEmploisConnector(source(extra), { onRequest: () => void calls++, now: () => new Date('2025-12-01') });
const kindOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof ConnectorError ? `${e.kind}:${e.details.status ?? ''}` : String(e)),
  );
const BAD = [
  {
    id: 'bad-nom',
    kind: 'ACI',
    nom: 'AB',
    siret: null,
    description: '',
    site_web: '',
    telephone: '',
    courriel: '',
    code_postal: '59000',
    commune: 'Lille',
    adresse: '',
    complement_adresse: '',
    longitude: null,
    latitude: null,
    date_maj: '2025-01-01T10:00:00+01:00',
    lien_source: null,
  },
  {
    id: 'bad-siret',
    kind: 'EI',
    nom: 'Siret tronqué',
    siret: '123',
    description: '',
    site_web: '',
    telephone: '',
    courriel: '',
    code_postal: '',
    commune: '',
    adresse: '',
    complement_adresse: '',
    longitude: null,
    latitude: null,
    date_maj: '2025-01-01T10:00:00+01:00',
    lien_source: null,
  },
  { nom: 'Sans identifiant' },
];

beforeAll(async () => {
  sim = await startEmploisSimulator({
    world: smallWorld,
    token: TOKEN,
    otherTokens: ['dora-service-token'],
    throttle: { user: 1000, anon: 1000 },
    extra: { orga: BAD },
  });
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
  calls = 0;
});
afterAll(() => sim.close());

describe('emplois connector, restricted data-inclusion/ lists', () => {
  it('sends the token, walks siae then orga pages to the end, maps structures only', async () => {
    const r = await connector().listStructures({});
    expect(sim.requests.map((q) => `${q.path}?${q.query.toString()}`)).toEqual([
      '/api/v1/data-inclusion/?type=siae&page_size=2',
      '/api/v1/data-inclusion/?type=siae&page_size=2&page=2',
      '/api/v1/data-inclusion/?type=orga&page_size=2',
      '/api/v1/data-inclusion/?type=orga&page_size=2&page=2',
      '/api/v1/data-inclusion/?type=orga&page_size=2&page=3',
    ]);
    expect(sim.requests.every((q) => q.headers.authorization === `Token ${TOKEN}`)).toBe(true);
    expect(calls).toBe(5);
    expect(r.items.map((s) => s.id)).toEqual(['101', '102', '103', '201', '202', '203'].map((id) => `${S}--${id}`));
    expect(r.items.find((s) => s.id === `${S}--202`)).toMatchObject({
      nom: 'CCAS de Roubaix',
      reseauxPorteurs: ['ccas-cias'],
      telephone: '+33320123456',
      siret: '81234567800012',
    });
    expect(r.appliedFilters).toEqual([]);
  });

  it('puts schema-violating and unreadable records in rejected with their reasons', async () => {
    const { rejected, items } = await connector().listStructures({});
    expect(items).toHaveLength(6);
    expect(rejected).toEqual([
      { source: S, id: `${S}--bad-nom`, reason: 'nom has 2 characters (3–150 expected)' },
      { source: S, id: null, reason: 'record has no id' },
      { source: S, id: `${S}--bad-siret`, reason: 'siret "123" is not 14 digits' },
    ]);
  });

  it('answers no services, and nothing when the sources filter excludes it, without calling', async () => {
    expect(await connector().listServices({})).toEqual({ items: [], rejected: [], appliedFilters: [] });
    expect(await connector().listStructures({ sources: ['dora'] })).toEqual({
      items: [],
      rejected: [],
      appliedFilters: ['sources'],
    });
    expect(await connector().getServices([`${S}--101`])).toEqual([null]);
    expect(sim.count()).toBe(0);
  });

  it('looks ids up by reading the lists and stops once all are found', async () => {
    const out = await connector().getStructures([`${S}--102`, 'dora--102', `${S}--101`]);
    expect(out.map((s) => s?.nom ?? null)).toEqual(['Tremplin Part-Dieu', null, 'Atelier Nord Recyclage']);
    expect(sim.count()).toBe(1);
    expect((await connector().getStructures([`${S}--999`])).every((s) => s === null)).toBe(true);
    expect(sim.count()).toBe(6);
  });

  it('refuses a missing or unknown token (401) and another service’s token (403) as unauthorized', async () => {
    expect(await kindOf(connector({ token: undefined, options: { pageSize: 2 } }).getStructures([`${S}--1`]))).toBe(
      'resolved',
    );
    expect(await kindOf(connector({ token: 'nope' }).listStructures({}))).toBe('unauthorized:401');
    expect(await kindOf(connector({ token: 'dora-service-token' }).listStructures({}))).toBe('unauthorized:403');
    const res = await fetch(`${sim.url}/api/v1/data-inclusion/?type=siae`);
    expect([res.status, await res.json()]).toEqual([401, { detail: "Informations d'authentification non fournies." }]);
    const noType = await fetch(`${sim.url}/api/v1/data-inclusion/`, { headers: { authorization: `Token ${TOKEN}` } });
    expect([noType.status, await noType.json()]).toEqual([400, ['Le paramètre `type` est obligatoire.']]);
    expect(sim.count()).toBe(4);
  });

  it('maps 404 to not_found, malformed JSON and non-DRF bodies to bad_response', async () => {
    sim.fault({ kind: 'status', status: 404, body: { detail: 'Pas trouvé.' } });
    expect(await kindOf(connector().listStructures({}))).toBe('not_found:404');
    sim.fault({ kind: 'malformed' });
    expect(await kindOf(connector().listStructures({}))).toBe('bad_response:');
    sim.fault({ kind: 'status', status: 200, body: ['not', 'a', 'page'] });
    expect(await kindOf(connector().listStructures({}))).toBe('bad_response:');
    expect(sim.count()).toBe(3);
  });

  it('honours a short 429 Retry-After mid-pagination and finishes the walk', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1, match: /data-inclusion/ });
    const r = await connector().listStructures({});
    expect(r.items).toHaveLength(6);
    expect(sim.count()).toBe(6);
  });

  it('gives rate_limited with the wait when the throttle asks for a minute', async () => {
    const tight = await startEmploisSimulator({ world: smallWorld, token: TOKEN, throttle: { user: 1, anon: 1 } });
    try {
      const conn = createEmploisConnector({ ...source(), baseUrl: `${tight.url}/api/v1` });
      const err = await conn.listStructures({}).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'rate_limited', partner: S });
      expect((err as ConnectorError).details.retryAfterMs).toBeGreaterThan(50_000);
      expect(tight.count()).toBe(2);
    } finally {
      await tight.close();
    }
  });

  it('gives unavailable after retrying a 500, and timeout when the partner hangs', async () => {
    sim.fault({
      kind: 'status',
      status: 500,
      body: { detail: "Something went wrong, sorry. We've been notified." },
      times: 3,
    });
    expect(await kindOf(connector().listStructures({}))).toBe('unavailable:500');
    expect(sim.count()).toBe(3);
    sim.reset();
    sim.fault({ kind: 'hang', times: 3 });
    expect(await kindOf(connector({ timeoutMs: 200 }).listStructures({}))).toBe('timeout:');
    expect(sim.count()).toBe(3);
  });

  it('pings with one cheap call', async () => {
    await connector().ping!();
    expect(sim.requests.map((q) => q.query.toString())).toEqual(['type=siae&page_size=1']);
  });
});

describe('emplois connector, open siaes/ search', () => {
  const open = () => connector({ token: undefined });

  it('pushes the département down, without a token, SIAE only', async () => {
    const c = open();
    expect(c.capabilities.pushdown).toEqual(['codeDepartement']);
    const r = await c.listStructures({ codeDepartement: '69' });
    expect(sim.requests.map((q) => [q.path, q.query.toString(), q.headers.authorization ?? null])).toEqual([
      ['/api/v1/siaes/', 'departement=69&page_size=2', null],
    ]);
    expect(r.items.map((s) => [s.id, s.nom, s.reseauxPorteurs])).toEqual([[`${S}--102`, 'Tremplin Part-Dieu', ['ei']]]);
    expect(r.appliedFilters).toEqual(['codeDepartement']);
    expect(r.warnings).toEqual(['no geocoder is configured: 1 record(s) returned without code_insee or coordinates']);
  });

  it('lists nothing without a département, says why, and calls nobody', async () => {
    const r = await open().listStructures({});
    expect(r.items).toEqual([]);
    expect(r.warnings?.[0]).toContain('needs a département');
    expect(sim.count()).toBe(0);
  });

  it('answers the partner’s own 400 when no filter is given', async () => {
    const res = await fetch(`${sim.url}/api/v1/siaes/`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([
      'Les paramètres `code_insee` et `distance_max_km` sont obligatoires si ni `departement` ni `postes_dans_le_departement` ne sont spécifiés.',
    ]);
    expect((await fetch(`${sim.url}/api/v1/siaes/?code_insee=12345&distance_max_km=10`)).status).toBe(404);
    const near = (await (await fetch(`${sim.url}/api/v1/siaes/?code_insee=59350&distance_max_km=5`)).json()) as {
      results: Array<{ ville: string }>;
    };
    expect(near.results.map((r) => r.ville)).toEqual(['Lille']);
  });
});
