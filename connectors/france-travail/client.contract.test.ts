import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { ConnectorError } from '../../src/errors.js';
import type { SourceConfig } from '../connector.js';
import agences from './fixtures/agences.json' with { type: 'json' };
import { createFranceTravailConnector, tokenUrlFor } from './index.js';
import {
  FT_AGENCES_PATH,
  FT_TOKEN_PATH,
  startFranceTravailSimulator,
  type FranceTravailSimulator,
} from './simulator.js';
import type { FtAgence } from './types.js';

const CLIENT = 'PAR_gateway_0001';
const SECRET = 'ft-secret-9b1c';
const agency = (localId: string, codeInsee: string, codePostal: string, commune: string): SandboxStructure => ({
  source: 'france-travail',
  localId,
  entityKey: `ft-${localId}`,
  typologie: 'FT',
  reseauxPorteurs: ['france-travail'],
  nom: `France Travail ${commune}`,
  siret: '13000548100010',
  adresse: '1 place de la Gare',
  complementAdresse: null,
  codePostal,
  codeInsee,
  commune,
  latitude: 50.6,
  longitude: 3.1,
  telephone: '3949',
  telephoneRaw: '39 49',
  courriel: null,
  siteWeb: 'https://www.francetravail.fr/',
  description: null,
  dateMaj: '2026-08-30',
  horairesAccueil: 'Mo-Fr 08:30-12:30,13:30-16:30; PH off',
});
const world: SandboxWorld = {
  seed: 5,
  structures: [agency('HDF0012', '59512', '59100', 'Roubaix'), agency('ARA0010', '69123', '69003', 'Lyon')],
  services: [],
};

let sim: FranceTravailSimulator;
const tokenCalls = () => sim.count(FT_TOKEN_PATH);
const apiCalls = () => sim.count(FT_AGENCES_PATH);
const source = (over: Partial<SourceConfig> = {}, options: Record<string, unknown> = {}): SourceConfig => ({
  id: 'france-travail',
  connector: 'france-travail',
  baseUrl: `${sim.url}/partenaire/referentielagences/v1`,
  clientId: CLIENT,
  clientSecret: SECRET,
  timeoutMs: 2000,
  options: { retryLimit: 0, ...options },
  ...over,
});
const failure = async (p: Promise<unknown>): Promise<ConnectorError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

beforeAll(async () => {
  sim = await startFranceTravailSimulator({
    world,
    agences: agences as unknown as FtAgence[],
    clientId: CLIENT,
    clientSecret: SECRET,
  });
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
});
afterAll(() => sim.close());

describe('OAuth2 and the référentiel des agences', () => {
  it('gets a client-credentials token, then GETs agences?horaire=true with it as Bearer', async () => {
    const r = await createFranceTravailConnector(source(), {
      now: () => new Date('2026-09-01T10:00:00Z'),
    }).listStructures({ codeDepartement: '59' });
    expect(r.items.map((s) => s.id)).toEqual([
      'france-travail--ARA0010',
      'france-travail--HDF0012',
      'france-travail--HDF0011',
      'france-travail--IDF0042',
      'france-travail--HDF0020',
    ]);
    expect(
      r.items.every(
        (s) =>
          s.telephone === '3949' &&
          s.courriel === null &&
          s.maskedContacts?.includes('courriel') &&
          s.dateMaj === '2026-09-01',
      ),
    ).toBe(true);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      'malformed agency (no code)',
      'nom has 2 characters (3–150 expected)',
    ]);
    expect(r.appliedFilters).toEqual([]);
    const [tok, api] = sim.requests;
    expect([tok!.method, tok!.path, tok!.query.get('realm')]).toEqual(['POST', FT_TOKEN_PATH, '/partenaire']);
    expect(Object.fromEntries(new URLSearchParams(tok!.rawBody))).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: SECRET,
      scope: `application_${CLIENT} api_referentielagencesv1 organisationpe`,
    });
    expect([api!.method, api!.path, api!.query.get('horaire')]).toEqual(['GET', FT_AGENCES_PATH, 'true']);
    expect(api!.headers.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    expect(JSON.stringify(r)).not.toContain('@francetravail.fr');
  });

  it('reuses one token for N calls, including concurrent ones on a cold cache', async () => {
    const c = createFranceTravailConnector(source());
    await Promise.all([c.listStructures({}), c.listStructures({}), c.getStructures(['france-travail--HDF0011'])]);
    for (let i = 0; i < 3; i++) await c.listStructures({});
    expect([tokenCalls(), apiCalls()]).toEqual([1, 6]);
  });

  it('renews the token when it expires (minus the margin) on the injected clock', async () => {
    let now = Date.parse('2026-09-01T10:00:00Z');
    const c = createFranceTravailConnector(source(), { now: () => new Date(now) });
    await c.listStructures({});
    now += 1_400_000;
    await c.listStructures({});
    expect(tokenCalls()).toBe(1);
    now += 40_000; // 1 440 s after issue: within the 60 s margin of the 1 499 s lifetime
    await c.listStructures({});
    expect([tokenCalls(), apiCalls()]).toEqual([2, 3]);
  });

  it('refreshes exactly once when the API refuses an expired token mid-run, even for concurrent calls', async () => {
    const c = createFranceTravailConnector(source());
    await c.listStructures({});
    sim.expireTokens();
    const results = await Promise.all([c.listStructures({}), c.listStructures({}), c.listStructures({})]);
    expect(results.every((r) => r.items.length === 5)).toBe(true);
    expect(tokenCalls()).toBe(2);
    expect(apiCalls()).toBe(1 + 3 + 3);
  });

  it('gives up as unauthorized when the fresh token is refused too', async () => {
    sim.fault({ kind: 'status', status: 401, match: /agences/, times: 2, body: { error: 'invalid_token' } });
    const err = await failure(createFranceTravailConnector(source()).listStructures({}));
    expect(err.kind).toBe('unauthorized');
    expect([tokenCalls(), apiCalls()]).toEqual([2, 2]);
  });

  it('maps refused client credentials (401 invalid_client, 400 invalid_scope) to unauthorized without echoing secrets', async () => {
    const bad = await failure(createFranceTravailConnector(source({ clientSecret: 'nope' })).listStructures({}));
    expect(bad.kind).toBe('unauthorized');
    expect(bad.message).not.toMatch(/nope|invalid_client|Client authentication/);
    const scope = await failure(createFranceTravailConnector(source({}, { scope: 'api_autre' })).listStructures({}));
    expect(scope.kind).toBe('unauthorized');
    expect([tokenCalls(), apiCalls()]).toEqual([2, 0]);
    expect((await failure(createFranceTravailConnector(source({ clientId: undefined })).listStructures({}))).kind).toBe(
      'unauthorized',
    );
    expect(sim.count()).toBe(2);
  });

  it('maps a token answer without access_token to bad_response', async () => {
    sim.fault({ kind: 'status', status: 200, match: /access_token/, body: { token_type: 'Bearer' } });
    expect((await failure(createFranceTravailConnector(source()).listStructures({}))).kind).toBe('bad_response');
    expect(apiCalls()).toBe(0);
  });
});

describe('API errors', () => {
  it('maps 403 (no refresh), 404 and 500', async () => {
    const c = createFranceTravailConnector(source());
    sim.fault({ kind: 'status', status: 403, match: /agences/ });
    expect((await failure(c.listStructures({}))).kind).toBe('unauthorized');
    sim.fault({ kind: 'status', status: 404, match: /agences/ });
    expect((await failure(c.listStructures({}))).kind).toBe('not_found');
    sim.fault({ kind: 'status', status: 500, match: /agences/ });
    expect((await failure(c.listStructures({}))).kind).toBe('unavailable');
    expect([tokenCalls(), apiCalls()]).toEqual([1, 3]);
  });

  it('retries the idempotent GET on 429 + Retry-After and 503, but not beyond the longest wait', async () => {
    const c = createFranceTravailConnector(source({}, { retryLimit: 2 }));
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 0, match: /agences/ });
    expect((await c.listStructures({})).items).toHaveLength(5);
    expect(apiCalls()).toBe(2);
    sim.reset();
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 120, match: /agences/ });
    const err = await failure(c.listStructures({}));
    expect([err.kind, err.details.retryAfterMs]).toEqual(['rate_limited', 120_000]);
    expect(apiCalls()).toBe(1);
    sim.reset();
    sim.fault({ kind: 'status', status: 503, match: /agences/ });
    expect((await c.listStructures({})).items).toHaveLength(5);
    expect(apiCalls()).toBe(2);
  });

  it('maps a hang to timeout, malformed JSON and a non-array answer to bad_response', async () => {
    sim.fault({ kind: 'hang', match: /agences/ });
    expect((await failure(createFranceTravailConnector(source({ timeoutMs: 300 })).listStructures({}))).kind).toBe(
      'timeout',
    );
    const c = createFranceTravailConnector(source());
    sim.fault({ kind: 'malformed', match: /agences/ });
    expect((await failure(c.listStructures({}))).kind).toBe('bad_response');
    sim.fault({ kind: 'status', status: 200, match: /agences/, body: { agences: [] } });
    expect((await failure(c.listStructures({}))).kind).toBe('bad_response');
    expect(apiCalls()).toBe(3);
  });

  it('answers 429 + Retry-After beyond the simulator’s own budget', async () => {
    const tight = await startFranceTravailSimulator({
      world,
      clientId: CLIENT,
      clientSecret: SECRET,
      rateLimit: { requests: 1, perMs: 60_000 },
    });
    try {
      const c = createFranceTravailConnector(source({ baseUrl: `${tight.url}/partenaire/referentielagences/v1` }));
      await c.listStructures({});
      expect((await failure(c.listStructures({}))).kind).toBe('rate_limited');
      expect(tight.count(FT_AGENCES_PATH)).toBe(2);
    } finally {
      await tight.close();
    }
  });
});

describe('lookups, services, endpoints', () => {
  it('serves getStructures from one list call, aligned, and foreign ids without any call', async () => {
    const c = createFranceTravailConnector(source());
    const got = await c.getStructures([
      'france-travail--IDF0042',
      'france-travail--NOPE',
      'dora--x',
      'france-travail--HDF0099',
    ]);
    expect(got.map((s) => s?.id ?? null)).toEqual(['france-travail--IDF0042', null, null, null]);
    expect(apiCalls()).toBe(1);
    expect(await c.getStructures(['dora--x'])).toEqual([null]);
    expect(apiCalls()).toBe(1);
  });

  it('publishes no services itself (national sheet + cross join) and costs no request', async () => {
    const c = createFranceTravailConnector(source());
    expect(await c.listServices({ codeDepartement: '59' })).toEqual({ items: [], rejected: [], appliedFilters: [] });
    expect(await c.getServices(['france-travail--HDF0011-aij'])).toEqual([null]);
    await c.ping!();
    expect(sim.requests.map((q) => q.path)).toEqual([FT_TOKEN_PATH]);
  });

  it('derives the token endpoint from the API host unless told otherwise', () => {
    const prod = {
      id: 'ft',
      connector: 'france-travail',
      baseUrl: 'https://api.francetravail.io/partenaire/referentielagences/v1',
    };
    expect(tokenUrlFor(prod)).toBe(
      'https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=/partenaire',
    );
    expect(tokenUrlFor({ ...prod, baseUrl: 'http://127.0.0.1:9999/partenaire/referentielagences/v1' })).toBe(
      'http://127.0.0.1:9999/connexion/oauth2/access_token?realm=/partenaire',
    );
    expect(tokenUrlFor({ ...prod, options: { tokenUrl: 'https://idp.example/token' } })).toBe(
      'https://idp.example/token',
    );
  });
});
