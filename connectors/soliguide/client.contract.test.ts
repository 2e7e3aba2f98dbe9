import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService, SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { ConnectorError } from '../../src/errors.js';
import type { SourceConfig } from '../connector.js';
import page from './fixtures/search-page.json' with { type: 'json' };
import { createSoliguideConnector } from './index.js';
import { startSoliguideSimulator, type SoliguideSimulator } from './simulator.js';
import type { SoliguidePlace } from './types.js';

const TOKEN = 'test-jwt-7f3a';

function structure(localId: string, codeInsee: string, codePostal: string, commune: string): SandboxStructure {
  return {
    source: 'soliguide',
    localId,
    entityKey: `e${localId}`,
    typologie: 'ASSO',
    reseauxPorteurs: [],
    nom: `Lieu solidaire ${localId}`,
    siret: null,
    adresse: `${localId} rue de la Paix`,
    complementAdresse: null,
    codePostal,
    codeInsee,
    commune,
    latitude: 50.6,
    longitude: 3.1,
    telephone: '+33320000000',
    courriel: null,
    siteWeb: null,
    description: 'Accueil de jour et aide alimentaire.',
    dateMaj: '2026-02-01',
    horairesAccueil: 'Mo-Fr 09:00-17:00',
  };
}

function service(
  localId: string,
  lieu: string,
  nom: string,
  thematiques: string[],
  type: string | null,
  sourceCategories?: string[],
): SandboxService {
  return {
    source: 'soliguide',
    localId,
    structureLocalId: lieu,
    nom,
    description: `${nom} : accueil sans rendez-vous.`,
    dateMaj: '2026-02-01',
    type,
    thematiques,
    publics: ['tous-publics'],
    publicsPrecisions: null,
    frais: 'gratuit',
    fraisPrecisions: null,
    modesAccueil: ['en-presentiel'],
    zone: null,
    modesMobilisation: ['telephoner', 'se-presenter'],
    mobilisablePar: ['usagers', 'professionnels'],
    lienMobilisation: null,
    conditionsAcces: null,
    telephone: null,
    courriel: null,
    contactNomPrenom: null,
    contactPublic: true,
    adresse: null,
    codePostal: null,
    codeInsee: null,
    commune: null,
    latitude: null,
    longitude: null,
    horairesAccueil: null,
    volumeHoraireHebdomadaire: null,
    nombreSemaines: null,
    ...(sourceCategories ? { sourceCategories } : {}),
  };
}

const FOOD = ['equipement-et-alimentation--alimentation'];
const world: SandboxWorld = {
  seed: 7,
  structures: [
    structure('20401', '59350', '59000', 'Lille'),
    structure('20402', '59512', '59100', 'Roubaix'),
    structure('20403', '59599', '59200', 'Tourcoing'),
    structure('20404', '59009', '59650', "Villeneuve-d'Ascq"),
    structure('20405', '59183', '59140', 'Dunkerque'),
    structure('20406', '69123', '69003', 'Lyon'),
  ],
  services: [
    service('a00000000000000000000001', '20401', 'Panier alimentaire', FOOD, 'aide-materielle', ['food_packages']),
    service('a00000000000000000000002', '20401', 'Douche', [], null, ['shower']),
    service(
      'a00000000000000000000003',
      '20402',
      'Cours de français',
      ['lecture-ecriture-calcul--maitriser-le-francais'],
      'formation',
    ),
    service('a00000000000000000000004', '20406', 'Panier alimentaire', FOOD, 'aide-materielle', ['food_packages']),
  ],
};

let sim: SoliguideSimulator;
const source = (options: Record<string, unknown> = {}, token: string | undefined = TOKEN): SourceConfig => ({
  id: 'soliguide',
  connector: 'soliguide',
  baseUrl: sim.url,
  token,
  timeoutMs: 2000,
  options: { pageSize: 2, rateLimit: false, ...options },
});
const connector = (options?: Record<string, unknown>, token?: string) =>
  createSoliguideConnector(source(options, token), { now: () => new Date('2026-09-01T12:00:00Z') });
const bodies = () =>
  sim.requests.map(
    (r) => r.body as { location: unknown; categories?: string[]; options: { page: number; limit: number } },
  );
const failure = async (p: Promise<unknown>): Promise<ConnectorError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

beforeAll(async () => {
  sim = await startSoliguideSimulator({ world, token: TOKEN, unverifiedToken: 'unverified-jwt' });
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
});
afterAll(() => sim.close());

describe('search contract', () => {
  it('POSTs /new-search with a JWT header and a département location, and paginates through the body to the end', async () => {
    const r = await connector().listStructures({ codeDepartement: '59' });
    expect(r.items.map((s) => s.id)).toEqual([
      'soliguide--20401',
      'soliguide--20402',
      'soliguide--20403',
      'soliguide--20404',
      'soliguide--20405',
    ]);
    expect(r.appliedFilters).toEqual(['codeDepartement']);
    expect(sim.count('/new-search')).toBe(3);
    expect(sim.requests.every((q) => q.method === 'POST' && q.headers.authorization === `JWT ${TOKEN}`)).toBe(true);
    expect(bodies()).toEqual(
      [1, 2, 3].map((p) => ({
        location: { geoType: 'departement', geoValue: 'nord' },
        options: { page: p, limit: 2, sortBy: 'lieu_id', sortValue: 1 },
      })),
    );
  });

  it('stops on an exactly full last page by nbResults, without an empty extra request', async () => {
    const r = await connector({ pageSize: 3 }).listStructures({ codeDepartement: '59' });
    expect(r.items).toHaveLength(5);
    expect(sim.count()).toBe(2);
    const r2 = await connector({ pageSize: 5 }).listStructures({ codeDepartement: '59' });
    expect(r2.items).toHaveLength(5);
    expect(sim.count()).toBe(3);
  });

  it('searches a région by slug, narrows a commune to its département (left to the gateway), and uses /new-search/<lang> when set', async () => {
    const c = connector({ lang: 'fr', pageSize: 50 });
    expect((await c.listStructures({ codeRegion: '84' })).appliedFilters).toEqual(['codeRegion']);
    const byCommune = await c.listStructures({ codeCommune: '59350' });
    expect(byCommune.appliedFilters).toEqual([]);
    expect(byCommune.items).toHaveLength(5);
    expect(sim.requests.map((q) => [q.path, (q.body as { location: unknown }).location])).toEqual([
      ['/new-search/fr', { geoType: 'region', geoValue: 'auvergne-rhone-alpes' }],
      ['/new-search/fr', { geoType: 'departement', geoValue: 'nord' }],
    ]);
    expect(await c.listStructures({ codeDepartement: '00' })).toEqual({
      items: [],
      rejected: [],
      appliedFilters: ['codeDepartement'],
    });
    expect(sim.count()).toBe(2);
  });

  it('sends thématiques as categories and keeps only matching services; unexpressible thématiques cost no request', async () => {
    const c = connector({ pageSize: 50 });
    const r = await c.listServices({ thematiques: FOOD });
    expect(r.items.map((s) => s.id)).toEqual([
      'soliguide--a00000000000000000000001',
      'soliguide--a00000000000000000000004',
    ]);
    expect(r.appliedFilters).toEqual(['thematiques']);
    expect(bodies()[0]!.categories).toContain('food_packages');
    expect(bodies()[0]!.location).toEqual({ geoType: 'pays', geoValue: 'fr' });
    expect(
      await c.listServices({ thematiques: ['creer-une-entreprise--definir-son-projet-de-creation-dentreprise'] }),
    ).toMatchObject({ items: [] });
    expect(sim.count()).toBe(1);
  });

  it('reports services whose category has no v1 mapping in rejected', async () => {
    const r = await connector({ pageSize: 50 }).listServices({ codeDepartement: '59' });
    expect(r.items.map((s) => s.id)).toEqual([
      'soliguide--a00000000000000000000001',
      'soliguide--a00000000000000000000003',
    ]);
    expect(r.rejected).toEqual([
      { source: 'soliguide', id: 'soliguide--a00000000000000000000002', reason: 'category shower has no v1 mapping' },
    ]);
  });
});

describe('errors', () => {
  it('maps a refused JWT (Soliguide 401 INVALID_TOKEN / USER_NOT_VERIFIED) to unauthorized without echoing the body', async () => {
    for (const t of ['wrong-token', 'unverified-jwt']) {
      const err = await failure(connector({}, t).listStructures({}));
      expect(err.kind).toBe('unauthorized');
      expect(err.message).not.toMatch(/INVALID_TOKEN|USER_NOT_VERIFIED|token-|jwt/i);
    }
    expect(sim.count()).toBe(2);
    expect(
      (await failure(createSoliguideConnector({ ...source(), token: undefined }, {}).listStructures({}))).kind,
    ).toBe('unauthorized');
    expect(sim.count()).toBe(2);
  });

  it('maps 403, 404, 500 and a 400 validation array, never retrying the POST', async () => {
    sim.fault({ kind: 'status', status: 403, body: { message: 'FORBIDDEN_ACCESS' } });
    expect((await failure(connector().listStructures({}))).kind).toBe('unauthorized');
    sim.fault({ kind: 'status', status: 404 });
    expect((await failure(connector().listStructures({}))).kind).toBe('not_found');
    sim.fault({ kind: 'status', status: 500, body: { message: 'SEARCH_ERROR' } });
    expect((await failure(connector().listStructures({}))).kind).toBe('unavailable');
    sim.fault({
      kind: 'status',
      status: 400,
      body: [{ type: 'field', msg: 'Invalid value', path: 'location.geoType', location: 'body' }],
    });
    expect((await failure(connector().listStructures({}))).kind).toBe('bad_response');
    expect(sim.count()).toBe(4);
  });

  it('re-sends a 429 once after its Retry-After, then gives up as rate_limited', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 0 });
    expect((await connector({ pageSize: 50 }).listStructures({ codeDepartement: '69' })).items).toHaveLength(1);
    expect(sim.count()).toBe(2);
    sim.reset();
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 0, times: 2 });
    expect((await failure(connector().listStructures({}))).kind).toBe('rate_limited');
    expect(sim.count()).toBe(2);
    sim.reset();
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 120 });
    const err = await failure(connector().listStructures({}));
    expect([err.kind, err.details.retryAfterMs]).toEqual(['rate_limited', 120_000]);
    expect(sim.count()).toBe(1);
  });

  it('maps a hang to timeout, malformed JSON and a wrong envelope to bad_response', async () => {
    sim.fault({ kind: 'hang' });
    expect((await failure(createSoliguideConnector({ ...source(), timeoutMs: 300 }).listStructures({}))).kind).toBe(
      'timeout',
    );
    sim.fault({ kind: 'malformed' });
    expect((await failure(connector().listStructures({}))).kind).toBe('bad_response');
    sim.fault({ kind: 'status', status: 200, body: { results: [] } });
    expect((await failure(connector().listStructures({}))).kind).toBe('bad_response');
    expect(sim.count()).toBe(3);
  });

  it('answers 429 + Retry-After beyond the simulator’s own budget', async () => {
    const tight = await startSoliguideSimulator({ world, token: TOKEN, rateLimit: { requests: 1, perMs: 60_000 } });
    try {
      const c = createSoliguideConnector({ ...source({ pageSize: 50 }), baseUrl: tight.url });
      await c.listStructures({ codeDepartement: '69' });
      const err = await failure(c.listStructures({ codeDepartement: '69' }));
      expect(err.kind).toBe('rate_limited');
      expect(tight.count()).toBe(2);
    } finally {
      await tight.close();
    }
  });
});

describe('lookups', () => {
  it('getStructures calls GET /place/{lieu_id} per known-looking id and aligns nulls', async () => {
    sim.places.push(...(page.places as unknown as SoliguidePlace[]).filter((p) => p.lieu_id === 80001));
    const got = await connector().getStructures([
      'soliguide--20402',
      'soliguide--999999',
      'dora--abc',
      'soliguide--80001',
      'soliguide--20402',
    ]);
    expect(got.map((s) => s?.id ?? null)).toEqual(['soliguide--20402', null, null, null, 'soliguide--20402']);
    expect(sim.requests.map((q) => `${q.method} ${q.path}`).sort()).toEqual([
      'GET /place/20402',
      'GET /place/80001',
      'GET /place/999999',
    ]);
    sim.places.pop();
  });

  it('getServices reads known lieux by GET /place and falls back to one national search for unknown ids', async () => {
    const c = connector({ pageSize: 50 });
    const cold = await c.getServices(['soliguide--a00000000000000000000003', 'soliguide--nope']);
    expect(cold.map((s) => s?.id ?? null)).toEqual(['soliguide--a00000000000000000000003', null]);
    expect(sim.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /new-search']);
    sim.reset();
    const warm = await c.getServices(['soliguide--a00000000000000000000004', 'soliguide--a00000000000000000000001']);
    expect(warm.map((s) => s?.structureId)).toEqual(['soliguide--20406', 'soliguide--20401']);
    expect(sim.requests.map((q) => `${q.method} ${q.path}`).sort()).toEqual(['GET /place/20401', 'GET /place/20406']);
  });

  it('keeps got’s idempotent retry on GET /place (a 503 then the place)', async () => {
    sim.fault({ kind: 'status', status: 503, match: /^\/place\// });
    expect((await connector({ retryLimit: 1 }).getStructures(['soliguide--20401']))[0]?.id).toBe('soliguide--20401');
    expect(sim.count('/place/20401')).toBe(2);
  });

  it('ping runs one one-place search', async () => {
    await connector().ping!();
    expect(bodies()).toEqual([{ location: { geoType: 'pays', geoValue: 'fr' }, options: { page: 1, limit: 1 } }]);
  });
});
