import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../sandbox/generate.js';
import { ConnectorError } from '../../src/errors.js';
import type { SourceConfig } from '../connector.js';
import { startSimulator, type Simulator } from '../sim/server.js';
import rowsFixture from './fixtures/carto-rows.json' with { type: 'json' };
import { bulkWorld, smallWorld } from './fixtures/world.js';
import { createMediationNumeriqueConnector } from './index.js';
import {
  MEDIATION_NUMERIQUE_SIM_TOKEN as TOKEN,
  renderMediationNumerique,
  startMediationNumeriqueSimulator,
} from './simulator.js';

const source = (sim: Simulator, over: Partial<SourceConfig> = {}): SourceConfig => ({
  id: 'mediation-numerique',
  connector: 'mediation-numerique',
  baseUrl: sim.url,
  token: TOKEN,
  timeoutMs: 2_000,
  options: { pageSize: 3 },
  ...over,
});
const auth = { authorization: `Bearer ${TOKEN}` };

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('médiation numérique connector against its simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startMediationNumeriqueSimulator({ world: bulkWorld(7), otherTokens: ['eyJ.other.role'] });
  });
  afterEach(() => {
    expect(sim.pendingFaults()).toEqual([]);
    sim.reset();
  });
  afterAll(() => sim.close());

  it('pages with limit/offset to the end, Bearer auth, ordered by id, no filter pushed down', async () => {
    const mn = createMediationNumeriqueConnector(source(sim));
    const res = await mn.listServices({ codeCommune: '59599', thematiques: ['numerique'] }, { requestId: 'r-7' });
    expect(res.items).toHaveLength(7);
    expect(res.items.every((s) => s.id === s.structureId)).toBe(true);
    expect(res.rejected).toEqual([]);
    expect(res.appliedFilters).toEqual([]);
    expect(sim.requests.map((r) => `${r.query.get('offset')}+${r.query.get('limit')}`)).toEqual(['0+3', '3+3', '6+3']);
    for (const r of sim.requests) {
      expect(r.path).toBe('/carto');
      expect(r.headers).toMatchObject({ ...auth, prefer: 'count=exact', 'x-request-id': 'r-7' });
      expect([...r.query.keys()].sort()).toEqual(['limit', 'offset', 'order']);
    }
    expect(mn.capabilities).toEqual({ pushdown: [], coverage: { kind: 'all' }, maxBatchSize: 100 });
  });

  it('answers PostgREST’s own auth errors, which become unauthorized errors without secrets', async () => {
    const anon = await fetch(`${sim.url}/carto?limit=1`);
    expect([anon.status, await anon.json()]).toEqual([
      401,
      { code: '42501', details: null, hint: null, message: 'permission denied for view carto' },
    ]);
    const bad = await failure(
      createMediationNumeriqueConnector(source(sim, { token: 'forged.jwt.value' })).listStructures({}),
    );
    expect([bad.kind, bad.details.status]).toEqual(['unauthorized', 401]);
    expect(bad.message).not.toMatch(/forged|127\.0\.0\.1|JWSError/);
    const other = await failure(
      createMediationNumeriqueConnector(source(sim, { token: 'eyJ.other.role' })).listStructures({}),
    );
    expect([other.kind, other.details.status]).toEqual(['unauthorized', 403]);
    const res = await fetch(`${sim.url}/carto`, { headers: { authorization: 'Bearer forged' } });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(sim.count()).toBe(4);
  });

  it('honours a scripted 429 Retry-After, then succeeds', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1 });
    const res = await createMediationNumeriqueConnector(source(sim)).listStructures({});
    expect(res.items).toHaveLength(7);
    expect(sim.count('/carto')).toBe(4);
  });

  it('fails as unavailable after the retries of a 500', async () => {
    sim.fault({
      kind: 'status',
      status: 503,
      body: { code: 'PGRST000', details: null, hint: null, message: 'Database client error' },
      times: 3,
    });
    const err = await failure(createMediationNumeriqueConnector(source(sim)).listStructures({}));
    expect([err.kind, err.details.status]).toEqual(['unavailable', 503]);
    expect(sim.count()).toBe(3);
  });

  it('times out on a hanging partner', async () => {
    sim.fault({ kind: 'hang', times: 3 });
    const err = await failure(createMediationNumeriqueConnector(source(sim, { timeoutMs: 250 })).listStructures({}));
    expect(err.kind).toBe('timeout');
    expect(sim.count()).toBe(3);
  });

  it('reports malformed JSON and a non-array body as bad_response', async () => {
    sim.fault({ kind: 'malformed' });
    expect((await failure(createMediationNumeriqueConnector(source(sim)).listStructures({}))).kind).toBe(
      'bad_response',
    );
    sim.fault({ kind: 'status', status: 200, body: { items: [] } });
    expect((await failure(createMediationNumeriqueConnector(source(sim)).listStructures({}))).kind).toBe(
      'bad_response',
    );
    expect(sim.count()).toBe(2);
  });

  it('looks ids up in one id=in.(…) call, aligned, null for unknown or foreign ids', async () => {
    const mn = createMediationNumeriqueConnector(source(sim));
    const got = await mn.getServices([
      'mediation-numerique--b-004',
      'dora--b-001',
      'mediation-numerique--nope',
      'mediation-numerique--b-000',
    ]);
    expect(got.map((s) => s?.id ?? null)).toEqual([
      'mediation-numerique--b-004',
      null,
      null,
      'mediation-numerique--b-000',
    ]);
    expect(sim.requests.map((r) => r.query.get('id'))).toEqual(['in.("b-004","nope","b-000")']);
    expect(await mn.getStructures(['dora--x'])).toEqual([null]);
    expect(sim.count()).toBe(1);
  });

  it('serves PostgREST paging by Range, exact counts, and errors on unknown columns', async () => {
    const ranged = await fetch(`${sim.url}/carto?order=id.desc`, {
      headers: { ...auth, range: '0-1', prefer: 'count=exact' },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('0-1/7');
    expect(((await ranged.json()) as Array<{ id: string }>).map((r) => r.id)).toEqual(['b-006', 'b-005']);
    const unknown = await fetch(`${sim.url}/carto?typo=eq.x`, { headers: auth });
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([400, '42703']);
    const selected = await fetch(`${sim.url}/carto?select=id,nom&id=eq.b-002`, { headers: auth });
    expect(await selected.json()).toEqual([{ id: 'b-002', nom: 'France services de Tourcoing b-002' }]);
  });
});

describe('médiation numérique records kept out, and paging robustness', () => {
  const sims: Simulator[] = [];
  afterAll(() => Promise.all(sims.map((s) => s.close())));

  it('rejects republished lieux, schema violations, garbage and duplicates with their reason', async () => {
    const world = smallWorld();
    const sim = await startMediationNumeriqueSimulator({
      world,
      extra: [...rowsFixture, { ...rowsFixture[0], id: 'future', date_maj: '2999-01-01' }, 42, { ...rowsFixture[1] }],
    });
    sims.push(sim);
    const mn = createMediationNumeriqueConnector(source(sim, { options: { pageSize: 100 } }));
    const res = await mn.listStructures({});
    expect(res.items.map((s) => s.id)).toEqual([
      'mediation-numerique--0a1b2c3d-0000-4000-8000-000000000001',
      'mediation-numerique--cnfs-974-0002',
      'mediation-numerique--l-1',
      'mediation-numerique--l-2',
    ]);
    expect(res.rejected).toEqual([
      { source: 'mediation-numerique', id: 'mediation-numerique--cnfs-974-0002', reason: 'duplicate id' },
      {
        source: 'mediation-numerique',
        id: 'mediation-numerique--dora-republished-0003',
        reason: 'republished from dora',
      },
      {
        source: 'mediation-numerique',
        id: 'mediation-numerique--future',
        reason: expect.stringMatching(/^date_maj 2999-01-01 is outside/),
      },
      {
        source: 'mediation-numerique',
        id: 'mediation-numerique--soli-republished-0004',
        reason: 'republished from soliguide',
      },
      { source: 'mediation-numerique', id: null, reason: 'record is not a JSON object' },
    ]);
    const services = await mn.listServices({});
    expect(services.items).toHaveLength(4);
    expect(services.rejected).toHaveLength(5);
    expect(await mn.getStructures(['mediation-numerique--dora-republished-0003', 'mediation-numerique--l-2'])).toEqual([
      null,
      expect.objectContaining({ siret: '21590599500014' }),
    ]);
  });

  it('keeps paging when the server caps pages below the limit (PostgREST db-max-rows)', async () => {
    const rows = renderMediationNumerique(bulkWorld(7));
    const sim = await startSimulator('capped-carto', [
      {
        method: 'GET',
        path: '/carto',
        handler: (req) => {
          const offset = Number(req.query.get('offset') ?? 0);
          const page = rows.slice(offset, offset + 2);
          return { body: page, headers: { 'content-range': `${offset}-${offset + page.length - 1}/${rows.length}` } };
        },
      },
    ]);
    sims.push(sim);
    const res = await createMediationNumeriqueConnector(source(sim)).listStructures({});
    expect(res.items).toHaveLength(7);
    expect(sim.requests.map((r) => r.query.get('offset'))).toEqual(['0', '2', '4', '6']);
  });
});

describe('a generated sandbox world', () => {
  it('maps every médiation numérique lieu without rejection, end to end, keeping the world values', async () => {
    const world = generateWorld({ services: 3000 });
    const sim = await startMediationNumeriqueSimulator({ world });
    try {
      const mn = createMediationNumeriqueConnector(source(sim, { options: { pageSize: 100 } }));
      const [structures, services] = await Promise.all([mn.listStructures({}), mn.listServices({})]);
      expect(structures.rejected).toEqual([]);
      expect(services.rejected).toEqual([]);
      const lieux = world.structures.filter((s) => s.source === 'mediation-numerique');
      expect(structures.items).toHaveLength(lieux.length);
      const byId = new Map(
        world.services
          .filter((s) => s.source === 'mediation-numerique')
          .map((s) => [`mediation-numerique--${s.structureLocalId}`, s]),
      );
      for (const s of services.items) {
        const w = byId.get(s.id);
        if (!w) continue;
        expect([s.type, s.frais]).toEqual([w.type, w.frais]);
        expect(s.thematiques).toEqual(w.thematiques.length > 0 ? [...w.thematiques].sort() : null);
      }
    } finally {
      await sim.close();
    }
  });
});
