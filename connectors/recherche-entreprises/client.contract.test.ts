import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { communeOfArrondissement } from '../../src/domain/index.js';
import { ConnectorError } from '../../src/errors.js';
import type { EntrepriseConnector } from '../connector.js';
import { generateWorld } from '../../sandbox/generate.js';
import { registryWorld } from './fixtures/world.js';
import { createRechercheEntreprisesConnector, normaliseSiret } from './index.js';
import { startRechercheEntreprisesSimulator, type RechercheEntreprisesSimulator } from './simulator.js';

const world = registryWorld(20);
const sirets = world.structures.map((s) => s.siret!);
const CLOSED = '77500030000027';
let sim: RechercheEntreprisesSimulator;
let re: EntrepriseConnector;
let calls = 0;
const settle = () => new Promise((r) => setTimeout(r, 1100));

const kindOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof ConnectorError ? e.kind : `not a ConnectorError: ${String(e)}`),
  );

beforeAll(async () => {
  sim = await startRechercheEntreprisesSimulator({
    world,
    extra: [
      {
        siret: '77500030000019',
        nom: 'Association Solidarité Paris Onze',
        adresse: '12 rue Oberkampf',
        codePostal: '75011',
        codeInsee: '75111',
        commune: 'Paris',
      },
      {
        siret: CLOSED,
        nom: 'ignored: siège name wins',
        adresse: '40 rue de la Roquette',
        codePostal: '75011',
        codeInsee: '75111',
        commune: 'Paris',
        etatAdministratif: 'F',
        enseigne: 'Espace Roquette',
      },
    ],
  });
  re = createRechercheEntreprisesConnector(
    { id: 'recherche-entreprises', connector: 'recherche-entreprises', baseUrl: sim.url, timeoutMs: 300 },
    { onRequest: () => void calls++ },
  );
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
});

describe('recherche-entreprises connector against its simulator', () => {
  it('looks SIRETs up with GET /search?q=<siret>, key-aligned, without calls for invalid ones', async () => {
    const asked = [sirets[0]!, '12345678901234', 'abc', sirets[1]!, sirets[0]!, '41299887700010'];
    const out = await re.getEtablissements(asked);
    expect(out.map((e) => e?.siret ?? null)).toEqual([sirets[0], null, null, sirets[1], sirets[0], null]);
    expect(out[0]).toMatchObject({
      nom: world.structures[0]!.nom.toUpperCase(),
      codeInsee: '59350',
      codePostal: '59000',
      actif: true,
    });
    // 3 distinct valid SIRETs (the last one is valid but unknown): one request each, nothing for the invalid ones.
    expect(sim.count('/search')).toBe(3);
    expect(sim.requests.map((r) => Object.fromEntries(r.query))).toContainEqual({ q: sirets[0], per_page: '1' });
    expect(
      sim.requests.every(
        (r) => r.headers.authorization === undefined && /inclusion-gateway/.test(String(r.headers['user-agent'])),
      ),
    ).toBe(true);
  });

  it('flags a closed establishment (état administratif F)', async () => {
    const [e] = await re.getEtablissements([CLOSED]);
    expect(e).toMatchObject({
      siret: CLOSED,
      actif: false,
      nom: 'ESPACE ROQUETTE',
      codeInsee: '75056',
      adresse: '40 RUE DE LA ROQUETTE',
    });
  });

  it('honours a 429 Retry-After: two requests for one lookup', async () => {
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1, body: { erreur: 'Too many requests' } });
    const [e] = await re.getEtablissements([sirets[2]!]);
    expect(e?.siret).toBe(sirets[2]);
    expect(sim.count('/search')).toBe(2);
  });

  it('stays within 7 requests/s: 20 lookups never earn a 429', async () => {
    const before = sim.rateLimitAnswers();
    const out = await re.getEtablissements(sirets);
    expect(out.every((e, i) => e?.siret === sirets[i])).toBe(true);
    expect(sim.count('/search')).toBe(20);
    expect(sim.rateLimitAnswers() - before).toBe(0);
  });

  it('the simulator itself answers 429 + Retry-After beyond 7 requests in a second', async () => {
    await settle(); // let the previous test's requests leave the server's one-second window
    const q = new URL('/search?q=mairie', sim.url);
    const statuses = await Promise.all(
      Array.from({ length: 9 }, () => fetch(q).then((r) => [r.status, r.headers.get('retry-after')] as const)),
    );
    expect(statuses.filter(([s]) => s === 429)).toEqual([
      [429, '1'],
      [429, '1'],
    ]);
  });

  it('answers the API error bodies for bad queries', async () => {
    await settle();
    const short = await fetch(new URL('/search?q=ab', sim.url));
    expect([short.status, await short.json()]).toEqual([
      400,
      { erreur: '3 caractères minimum pour les termes de la requête (ou utilisez au moins un filtre)' },
    ]);
    const none = await fetch(new URL('/search', sim.url));
    expect(await none.json()).toEqual({ erreur: 'Veuillez indiquer au moins un paramètre de recherche.' });
    const nowhere = await fetch(new URL('/siret/123', sim.url));
    expect([nowhere.status, await nowhere.json()]).toEqual([404, { erreur: 'Ressource non trouvée.' }]);
  });

  it('turns a persistent 500 into unavailable after 2 retries', async () => {
    sim.fault({
      kind: 'status',
      status: 500,
      body: { erreur: "Une erreur inattendue s'est produite. Veuillez réessayer plus tard." },
      times: 3,
    });
    expect(await kindOf(re.getEtablissements([sirets[3]!]))).toBe('unavailable');
    expect(sim.count('/search')).toBe(3);
  });

  it('turns a hanging partner into timeout', async () => {
    sim.fault({ kind: 'hang', times: 3 });
    expect(await kindOf(re.getEtablissements([sirets[4]!]))).toBe('timeout');
    expect(sim.count('/search')).toBe(3);
  });

  it('turns malformed JSON and a wrong shape into bad_response without retrying', async () => {
    sim.fault({ kind: 'malformed' });
    expect(await kindOf(re.getEtablissements([sirets[5]!]))).toBe('bad_response');
    sim.fault({ kind: 'status', status: 200, body: { resultats: [] } });
    expect(await kindOf(re.getEtablissements([sirets[5]!]))).toBe('bad_response');
    expect(sim.count('/search')).toBe(2);
  });

  it('counts every HTTP attempt through onRequest and answers ping', async () => {
    const before = calls;
    await re.ping!();
    expect(calls - before).toBe(1);
    expect(sim.requests[0]!.query.get('q')).toBe('mairie');
  });
});

describe('through a generated sandbox world', () => {
  it('finds the world structures by SIRET, with their commune', async () => {
    const generated = generateWorld({ seed: 11, services: 300 });
    const withSiret = generated.structures.filter((s) => s.siret !== null).slice(0, 8);
    const g = await startRechercheEntreprisesSimulator({ world: generated });
    try {
      const c = createRechercheEntreprisesConnector({
        id: 'recherche-entreprises',
        connector: 'recherche-entreprises',
        baseUrl: g.url,
      });
      const out = await c.getEtablissements(withSiret.map((s) => s.siret!));
      // A SIRET with a bad check digit (the world plants some) is answered null without a request.
      const valid = withSiret.map((s) => normaliseSiret(s.siret!) !== null);
      expect(out.map((e) => e !== null)).toEqual(valid);
      expect(g.count('/search')).toBe(new Set(withSiret.filter((_, i) => valid[i]).map((s) => s.siret)).size);
      const code = (c: string) => communeOfArrondissement(c) ?? c;
      expect(out.map((e) => e && [e.codeInsee, e.actif])).toEqual(
        withSiret.map((s, i) => valid[i] && [code(s.codeInsee), true]).map((x) => x || null),
      );
    } finally {
      await g.close();
    }
  });
});
