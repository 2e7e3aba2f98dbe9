import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/errors.js';
import { generateWorld } from '../../sandbox/generate.js';
import { readJson } from '../tables.js';
import { startSimulator, type Simulator } from '../sim/server.js';
import invalid from './fixtures/services-invalid.json' with { type: 'json' };
import { createDataInclusionConnector } from './index.js';
import { DI_SIM_TOKEN, DI_SIM_WIDGET_TOKEN, renderDataInclusion, startDataInclusionSimulator } from './simulator.js';

const TODAY = new Date().toISOString().slice(0, 10);
const world = generateWorld({ seed: 11, services: 400 });
const rendered = renderDataInclusion(world, { asOf: TODAY });
let sim: Simulator;

/** `token: null` sends no Authorization header. */
const connector = (options: Record<string, unknown> = {}, token: string | null = DI_SIM_TOKEN, timeoutMs?: number) =>
  createDataInclusionConnector({
    id: 'data-inclusion',
    connector: 'data-inclusion',
    baseUrl: sim.url,
    token: token ?? undefined,
    timeoutMs,
    options,
  });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

beforeAll(async () => {
  sim = await startDataInclusionSimulator({ world, asOf: TODAY });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());
afterEach(() => expect(sim.pendingFaults()).toEqual([]));

describe('auth', () => {
  it('sends the Bearer token', async () => {
    await connector().ping!();
    expect(sim.requests[0]!.headers.authorization).toBe(`Bearer ${DI_SIM_TOKEN}`);
  });

  it('maps 401 (no or bad token) and 403 (widget scope) to unauthorized, without retrying', async () => {
    expect(await failure(connector({}, null).listStructures({}))).toMatchObject({
      kind: 'unauthorized',
      details: { status: 401 },
    });
    expect(await failure(connector({}, 'nope').listStructures({}))).toMatchObject({
      kind: 'unauthorized',
      details: { status: 401 },
    });
    expect(await failure(connector({}, DI_SIM_WIDGET_TOKEN).listServices({}))).toMatchObject({
      kind: 'unauthorized',
      details: { status: 403 },
    });
    expect(sim.count()).toBe(3);
  });
});

describe('lists', () => {
  it('pages to the end with the chosen size, one request per page', async () => {
    const res = await connector({ pageSize: 50 }).listServices({});
    expect(res.items.map((s) => s.id)).toEqual(rendered.services.map((s) => s.id));
    expect(res.rejected).toEqual([]);
    const pages = Math.ceil(rendered.services.length / 50);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(sim.count('/api/v1/services')).toBe(pages);
    expect(sim.requests.map((r) => `${r.query.get('page')}/${r.query.get('size')}`)).toEqual(
      Array.from({ length: pages }, (_, i) => `${i + 1}/50`),
    );
  });

  it('pushes filters down as repeated keys and reports them applied', async () => {
    const thematiques = ['famille--garde-denfants', 'equipement-et-alimentation--alimentation'];
    const res = await connector().listServices({ codeDepartement: '59', thematiques, publics: ['familles'] });
    const q = sim.requests[0]!.query;
    expect(q.getAll('thematiques')).toEqual(thematiques);
    expect(q.getAll('publics')).toEqual(['familles']);
    expect(q.get('code_departement')).toBe('59');
    expect(res.appliedFilters).toEqual(['codeDepartement', 'thematiques', 'publics']);
    expect(res.items.length).toBeGreaterThan(0);
    for (const s of res.items) {
      expect(s.codeInsee?.startsWith('59')).toBe(true);
      expect(s.thematiques!.some((t) => thematiques.includes(t))).toBe(true);
      expect(s.publics!.some((p) => p === 'familles' || p === 'tous-publics')).toBe(true);
    }
  });

  it('filters structures by réseau porteur and région', async () => {
    const res = await connector().listStructures({ codeRegion: '32', reseauxPorteurs: ['ccas-cias'] });
    expect(sim.requests[0]!.query.getAll('reseaux_porteurs')).toEqual(['ccas-cias']);
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items.every((s) => s.codeInsee!.startsWith('59') && s.reseauxPorteurs!.includes('ccas-cias'))).toBe(
      true,
    );
  });
});

describe('paging edge cases', () => {
  const st = (id: string) => ({ source: 'dora', id: `dora--${id}`, nom: `Structure ${id}`, date_maj: '2025-01-01' });
  const pages: Record<string, { items: object[]; pages?: number }> = {
    '1': { items: [st('a'), st('b')], pages: 3 },
    '2': { items: [st('b'), st('c')], pages: 3 },
    '3': { items: [st('d')], pages: 3 },
  };
  let shifty: Simulator;
  beforeAll(async () => {
    // A reload between two page calls shifts rows: `b` comes back on page 2 too.
    shifty = await startSimulator('shifty', [
      {
        method: 'GET',
        path: '/api/v1/structures',
        handler: (req) => ({ body: { total: 4, page: 0, size: 0, ...pages[req.query.get('page')!] } }),
      },
      { method: 'GET', path: '/api/v1/services', handler: () => ({ body: { items: [] } }) },
    ]);
  });
  afterAll(() => shifty.close());

  it('de-duplicates by id across pages and stops at `pages`', async () => {
    const c = createDataInclusionConnector({
      id: 'data-inclusion',
      connector: 'data-inclusion',
      baseUrl: shifty.url,
      token: DI_SIM_TOKEN,
    });
    const res = await c.listStructures({});
    expect(res.items.map((s) => s.id)).toEqual(['dora--a', 'dora--b', 'dora--c', 'dora--d']);
    expect(res.rejected).toEqual([]);
    expect(shifty.count('/api/v1/structures')).toBe(3);
  });

  it('stops at the first empty page when `pages` is missing', async () => {
    const c = createDataInclusionConnector({
      id: 'data-inclusion',
      connector: 'data-inclusion',
      baseUrl: shifty.url,
      token: DI_SIM_TOKEN,
    });
    expect((await c.listServices({})).items).toEqual([]);
    expect(shifty.count('/api/v1/services')).toBe(1);
  });
});

describe('sources', () => {
  it('honours excludeSources: asks /sources once, sends the allowed slugs, returns none of the excluded', async () => {
    const c = connector({ excludeSources: ['dora', 'soliguide', 'emplois-de-linclusion'] });
    const structures = await c.listStructures({});
    await c.listServices({});
    const allowed = readJson<Array<{ slug: string }>>('api/sources.json')
      .map((s) => s.slug)
      .filter((s) => !['dora', 'soliguide', 'emplois-de-linclusion'].includes(s));
    expect(sim.count('/api/v1/sources')).toBe(1);
    expect(sim.requests.find((r) => r.path === '/api/v1/structures')!.query.getAll('sources')).toEqual(allowed);
    expect(structures.items.length).toBeGreaterThan(0);
    expect(structures.items.some((s) => ['dora', 'soliguide', 'emplois-de-linclusion'].includes(s.source))).toBe(false);
    expect(new Set(structures.items.map((s) => s.source))).toContain('fredo');
  });

  it('honours onlySources without asking /sources, and never looks up an excluded id', async () => {
    const c = connector({ onlySources: ['monenfant', 'fredo'], excludeSources: ['fredo'] });
    const res = await c.listServices({ sources: ['monenfant', 'dora'] });
    expect(sim.count('/api/v1/sources')).toBe(0);
    expect(sim.requests[0]!.query.getAll('sources')).toEqual(['monenfant']);
    expect(new Set(res.items.map((s) => s.source))).toEqual(new Set(['monenfant']));
    const dora = rendered.structures.find((s) => s.source === 'dora')!;
    sim.reset();
    expect(await c.getStructures([dora.id])).toEqual([null]);
    expect(await c.listStructures({ sources: ['dora'] })).toMatchObject({ items: [] });
    expect(sim.count()).toBe(0);
  });
});

describe('lookups and search', () => {
  it('looks ids up through the detail routes, 404 → null, aligned', async () => {
    const [a, b] = rendered.structures.filter((s) => s.source === 'fredo' || s.source === 'monenfant');
    const svc = rendered.services[3]!;
    const c = connector();
    const got = await c.getStructures([a!.id, 'dora--does-not-exist', b!.id]);
    expect(got.map((s) => s?.id ?? null)).toEqual([a!.id, null, b!.id]);
    expect((await c.getServices([svc.id]))[0]).toMatchObject({
      id: svc.id,
      source: svc.source,
      structureId: svc.structure_id,
    });
    expect(sim.count('/api/v1/structures/')).toBe(3);
    expect(sim.count('/api/v1/services/')).toBe(1);
  });

  it('searches around a commune with distances, nearest first, remote last', async () => {
    const res = await connector().searchServices({ codeCommune: '59350', thematiques: ['numerique'] });
    expect(sim.requests[0]!.query.get('code_commune')).toBe('59350');
    expect(res.items.length).toBeGreaterThan(0);
    const d = res.items.map((h) => h.distanceKm);
    const known = d.filter((x): x is number => x !== null);
    expect(known).toEqual([...known].sort((x, y) => x - y));
    expect(d.indexOf(null) === -1 || d.slice(d.indexOf(null)).every((x) => x === null)).toBe(true);
    expect(known.every((x) => x <= 50)).toBe(true);
    expect(res.items.every((h) => h.service.thematiques!.some((t) => t.startsWith('numerique--')))).toBe(true);
  });
});

describe('errors', () => {
  it('422 → bad_response, the partner body not echoed', async () => {
    const err = await failure(connector().searchServices({ codeCommune: '00000' }));
    expect(err.kind).toBe('bad_response');
    expect(err.message).not.toMatch(/does not exist|127\.0\.0\.1/);
    expect(sim.count()).toBe(1);
  });

  it('500 → unavailable after 1 + 2 retries', async () => {
    sim.fault({ kind: 'status', status: 500, times: 3 });
    expect((await failure(connector().listStructures({}))).kind).toBe('unavailable');
    expect(sim.count('/api/v1/structures')).toBe(3);
  });

  it('a hanging partner → timeout', async () => {
    sim.fault({ kind: 'hang', times: 3 });
    expect((await failure(connector({}, DI_SIM_TOKEN, 200).listStructures({}))).kind).toBe('timeout');
    expect(sim.count()).toBe(3);
  });

  it('malformed JSON → bad_response, not retried', async () => {
    sim.fault({ kind: 'malformed' });
    expect((await failure(connector().listServices({}))).kind).toBe('bad_response');
    expect(sim.count()).toBe(1);
  });

  it('429 with Retry-After is waited out, then the call succeeds', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1 });
    const res = await connector().listStructures({ codeCommune: '59350' });
    expect(res.items.length).toBeGreaterThan(0);
    expect(sim.count('/api/v1/structures')).toBe(2);
  });
});

describe('schema-violating records', () => {
  let bad: Simulator;
  beforeAll(async () => {
    bad = await startDataInclusionSimulator({ world, asOf: TODAY, extra: { services: invalid } });
  });
  afterAll(() => bad.close());

  it('go to rejected with their reason, the valid ones still come back', async () => {
    const c = createDataInclusionConnector({
      id: 'data-inclusion',
      connector: 'data-inclusion',
      baseUrl: bad.url,
      token: DI_SIM_TOKEN,
    });
    const res = await c.listServices({ sources: ['dora'] });
    expect(res.rejected).toEqual([
      { source: 'dora', id: 'dora--from-the-future', reason: `date_maj 2999-01-01 is outside 2000-01-01…${TODAY}` },
      { source: 'dora', id: 'dora--unknown-theme', reason: 'thematiques has unknown value "jardinage--potager"' },
    ]);
    expect(res.items.length).toBe(rendered.services.filter((s) => s.source === 'dora').length);
  });
});
