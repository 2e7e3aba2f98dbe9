import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../sandbox/generate.js';
import { ConnectorError } from '../../src/errors.js';
import { isOffreConnector, type SourceConfig } from '../connector.js';
import { buildConnectors } from '../registry.js';
import { startSimulator, type Simulator } from '../sim/server.js';
import { bulkWorld, service, smallWorld, structure } from './fixtures/world.js';
import { createDoraConnector } from './index.js';
import { DORA_SIM_TOKEN, renderDora, startDoraSimulator } from './simulator.js';

const source = (sim: Simulator, over: Partial<SourceConfig> = {}): SourceConfig => ({
  id: 'dora',
  connector: 'dora',
  baseUrl: `${sim.url}/api/v2`,
  token: DORA_SIM_TOKEN,
  timeoutMs: 2_000,
  options: { pageSize: 4 },
  ...over,
});

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('DORA connector against its simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startDoraSimulator({ world: bulkWorld(5, 3), otherTokens: ['someone-else'] });
  });
  afterEach(() => {
    expect(sim.pendingFaults()).toEqual([]);
    sim.reset();
  });
  afterAll(() => sim.close());

  it('reads the structures table once for both lists of one request as the registry composes it', async () => {
    const composed = buildConnectors([source(sim)]).all.find((c) => c.id === 'dora');
    if (!composed || !isOffreConnector(composed)) throw new Error('dora is not built as an offre connector');
    const both = (dora: typeof composed, requestId: string) =>
      Promise.all([dora.listStructures({}, { requestId }), dora.listServices({}, { requestId })]);
    await both(composed, 'req-a');
    expect(sim.count('/api/v2/structures/')).toBe(2); // one read: 5 structures, 4 per page
    await both(composed, 'req-b');
    expect(sim.count('/api/v2/structures/')).toBe(4); // another request reads again
    await both(createDoraConnector(source(sim)), 'req-c');
    expect(sim.count('/api/v2/structures/')).toBe(8); // built bare: no sharing, one read per list
  });

  it('pages through both lists to the end with the token, page_size and no filter', async () => {
    const dora = createDoraConnector(source(sim));
    const res = await dora.listServices({ codeDepartement: '59', thematiques: ['famille'] }, { requestId: 'req-1' });
    expect(res.items).toHaveLength(15);
    expect(res.rejected).toEqual([]);
    expect(res.appliedFilters).toEqual([]);
    expect(sim.count('/api/v2/services/')).toBe(4); // 15 services, 4 per page
    expect(sim.count('/api/v2/structures/')).toBe(2); // structures are read to drop orphan services
    const pages = sim.requests
      .filter((r) => r.path === '/api/v2/services/')
      .map((r) => `${r.query.get('page')}/${r.query.get('page_size')}`);
    expect(pages).toEqual(['1/4', '2/4', '3/4', '4/4']);
    for (const r of sim.requests) {
      expect(r.headers.authorization).toBe(`Token ${DORA_SIM_TOKEN}`);
      expect(r.headers['x-request-id']).toBe('req-1');
      expect([...r.query.keys()].sort()).toEqual(['page', 'page_size']);
    }
    expect(dora.capabilities).toMatchObject({
      pushdown: [],
      coverage: { kind: 'all' },
      rateLimit: { requests: 120, perMs: 60_000 },
    });
  });

  it('serves the whole table as a bare array when page_size is absent', async () => {
    const res = await fetch(`${sim.url}/api/v2/structures/`, { headers: { authorization: `Token ${DORA_SIM_TOKEN}` } });
    const body = (await res.json()) as unknown[];
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(5);
  });

  it('answers DORA’s own 401 and 403 bodies, which become unauthorized errors without secrets', async () => {
    const none = await fetch(`${sim.url}/api/v2/services/?page_size=2`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Token');
    expect(await none.json()).toEqual({
      detail: { message: "Informations d'authentification non fournies.", code: 'not_authenticated' },
    });
    const bad = await failure(createDoraConnector(source(sim, { token: 'wrong-token' })).listStructures({}));
    expect([bad.kind, bad.details.status]).toEqual(['unauthorized', 401]);
    expect(bad.message).not.toMatch(/wrong-token|127\.0\.0\.1|Jeton/);
    const other = await failure(createDoraConnector(source(sim, { token: 'someone-else' })).listStructures({}));
    expect([other.kind, other.details.status]).toEqual(['unauthorized', 403]);
    const missing = await failure(createDoraConnector(source(sim, { token: undefined })).listStructures({}));
    expect(missing.details.status).toBe(401);
    expect(sim.count()).toBe(4);
  });

  it('honours a scripted 429 Retry-After, then succeeds', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1, match: /structures/ });
    const res = await createDoraConnector(source(sim)).listStructures({});
    expect(res.items).toHaveLength(5);
    expect(sim.count('/api/v2/structures/')).toBe(3); // page 1 throttled, page 1 again, page 2
  });

  it('fails as unavailable after the retries of a 500', async () => {
    sim.fault({ kind: 'status', status: 500, times: 3 });
    const err = await failure(createDoraConnector(source(sim)).listStructures({}));
    expect([err.kind, err.details.status]).toEqual(['unavailable', 500]);
    expect(sim.count()).toBe(3);
  });

  it('times out on a hanging partner', async () => {
    sim.fault({ kind: 'hang', times: 3 });
    const err = await failure(createDoraConnector(source(sim, { timeoutMs: 250 })).listStructures({}));
    expect(err.kind).toBe('timeout');
    expect(sim.count()).toBe(3);
  });

  it('reports malformed JSON and an unexpected body as bad_response', async () => {
    sim.fault({ kind: 'malformed' });
    expect((await failure(createDoraConnector(source(sim)).listStructures({}))).kind).toBe('bad_response');
    sim.fault({ kind: 'status', status: 200, body: { unexpected: true } });
    expect((await failure(createDoraConnector(source(sim)).listStructures({}))).kind).toBe('bad_response');
    expect(sim.count()).toBe(2);
  });

  it('looks ids up through the detail routes, aligned, null for unknown or foreign ids', async () => {
    const dora = createDoraConnector(source(sim));
    const got = await dora.getServices(['dora--b-1-2', 'dora--nope', 'soliguide--b-1-2', 'dora--b-0-0']);
    expect(got.map((s) => s?.id ?? null)).toEqual(['dora--b-1-2', null, null, 'dora--b-0-0']);
    const structures = await dora.getStructures(['dora--b-4']);
    expect(structures[0]?.nom).toBe('CCAS de Lille b-4');
    expect(sim.requests.map((r) => r.path).sort()).toEqual([
      '/api/v2/services/b-0-0/',
      '/api/v2/services/b-1-2/',
      '/api/v2/services/nope/',
      '/api/v2/structures/b-4/',
    ]);
  });

  it('pings with one small page', async () => {
    await createDoraConnector(source(sim)).ping!();
    expect(sim.requests.map((r) => r.query.get('page_size'))).toEqual(['1']);
  });
});

describe('DORA simulator rate budget and contract edge cases', () => {
  const sims: Simulator[] = [];
  afterAll(() => Promise.all(sims.map((s) => s.close())));

  it('throttles past its per-minute budget with 429 + Retry-After; a long wait fails as rate_limited', async () => {
    const sim = await startDoraSimulator({ world: bulkWorld(9, 0), ratePerMinute: 2 });
    sims.push(sim);
    const err = await failure(createDoraConnector(source(sim)).listStructures({})); // 3 pages of 4
    expect(err.kind).toBe('rate_limited');
    expect(err.details.retryAfterMs).toBeGreaterThan(5_000);
    expect(sim.count()).toBe(3);
    const res = await fetch(`${sim.url}/api/v2/structures/`, { headers: { authorization: `Token ${DORA_SIM_TOKEN}` } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { detail: { code: string } }).detail.code).toBe('throttled');
  });

  it('is robust to a DORA that answers a bare array even with page_size', async () => {
    const rows = renderDora(bulkWorld(6, 0)).structures;
    const sim = await startSimulator('dora-bare', [
      { method: 'GET', path: '/api/v2/structures/', handler: () => ({ body: rows }) },
    ]);
    sims.push(sim);
    const res = await createDoraConnector(source(sim)).listStructures({});
    expect(res.items).toHaveLength(6);
    expect(sim.count()).toBe(1);
  });

  it('rejects, with a reason, records that violate the schema, are not objects, lack an id, repeat one or are orphans', async () => {
    const world = smallWorld();
    const sim = await startDoraSimulator({
      world: {
        ...world,
        services: [...world.services, service('short', 's-1', { nom: 'AB' }), service('orphan', 's-gone')],
      },
      extra: {
        structures: [
          'garbage',
          { nom: 'Sans identifiant' },
          renderDora({ seed: 0, structures: [structure('s-1')], services: [] }).structures[0],
        ],
      },
    });
    sims.push(sim);
    const dora = createDoraConnector(source(sim));
    const structures = await dora.listStructures({});
    expect(structures.items.map((s) => s.id)).toEqual(['dora--s-1', 'dora--s-2']);
    expect(structures.rejected).toEqual([
      { source: 'dora', id: null, reason: 'record is not a JSON object' },
      { source: 'dora', id: null, reason: 'record has no id' },
      { source: 'dora', id: 'dora--s-1', reason: 'duplicate id' },
    ]);
    const services = await dora.listServices({});
    expect(services.items.map((s) => s.id)).toEqual(['dora--sv-1', 'dora--sv-2', 'dora--sv-3']);
    expect(services.rejected).toEqual([
      { source: 'dora', id: 'dora--short', reason: 'nom has 2 characters (3–150 expected)' },
      { source: 'dora', id: 'dora--orphan', reason: 'structure dora--s-gone is not published' },
    ]);
  });

  it('masks the contacts of a contact_public=false service end to end', async () => {
    const sim = await startDoraSimulator({ world: smallWorld() });
    sims.push(sim);
    const raw = (await (
      await fetch(`${sim.url}/api/v2/services/sv-2/`, { headers: { authorization: `Token ${DORA_SIM_TOKEN}` } })
    ).json()) as Record<string, unknown>;
    expect(raw).toMatchObject({
      contact_public: false,
      courriel: 'aide@lille.example.fr',
      contact_nom_prenom: 'Jeanne Dupont',
    });
    const dora = createDoraConnector(source(sim));
    const listed = (await dora.listServices({})).items.find((s) => s.id === 'dora--sv-2')!;
    const [detailed] = await dora.getServices(['dora--sv-2']);
    for (const s of [listed, detailed!]) {
      expect([s.courriel, s.telephone, s.contactNomPrenom]).toEqual([null, null, null]);
      expect(s.maskedContacts).toEqual(['courriel', 'telephone', 'contactNomPrenom']);
    }
    const open = (await dora.listServices({})).items.find((s) => s.id === 'dora--sv-1')!;
    expect([open.courriel, open.telephone, open.maskedContacts]).toEqual([
      'aide@lille.example.fr',
      '+33320496001',
      undefined,
    ]);
  });
});

describe('a generated sandbox world', () => {
  it('maps every dora record without rejection, end to end, keeping the world values', async () => {
    const world = generateWorld({ services: 3000 });
    const sim = await startDoraSimulator({ world });
    try {
      const dora = createDoraConnector(source(sim, { options: { pageSize: 500 } }));
      const [structures, services] = await Promise.all([dora.listStructures({}), dora.listServices({})]);
      expect(structures.rejected).toEqual([]);
      expect(services.rejected).toEqual([]);
      const lieux = new Map(world.structures.filter((s) => s.source === 'dora').map((s) => [`dora--${s.localId}`, s]));
      expect(structures.items).toHaveLength(lieux.size);
      for (const s of structures.items)
        expect([s.telephone, s.siret, s.codeInsee]).toEqual([
          lieux.get(s.id)!.telephone,
          lieux.get(s.id)!.siret,
          lieux.get(s.id)!.codeInsee,
        ]);
      const byId = new Map(world.services.filter((s) => s.source === 'dora').map((s) => [`dora--${s.localId}`, s]));
      expect(services.items).toHaveLength(byId.size);
      for (const s of services.items) {
        const w = byId.get(s.id)!;
        expect([s.type, s.frais, s.nom]).toEqual([w.type, w.frais, w.nom]);
        expect(s.thematiques).toEqual(w.thematiques.length > 0 ? [...w.thematiques].sort() : null);
        expect(s.telephone).toBe(w.contactPublic ? w.telephone : null);
      }
    } finally {
      await sim.close();
    }
  });
});
