/**
 * Merged structures over HTTP, against the real partner simulators of a hand-built world: one
 * structure per real structure whatever the record id asked, with `sources`, `provenance` and
 * `doublons`; RGPD masking kept through the merge; `Service.structure`; `structures` with and
 * without `exclureDoublons`; candidate sets read once per request; a failing source reported; and
 * the sources file's `merge:` section changing which source wins, RGPD masking still absolute.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { deleteKeys, gql, runPrefix, TEST_REDIS_URL, writeSourcesFile } from '../helpers/cache-e2e.js';
import { signToken, TEST_JWT_SECRET } from '../helpers/credentials.js';
import { startSandboxGateway, type SandboxGateway } from '../helpers/sandbox-gateway.js';
import { eastOf, LYON, service, structure } from '../helpers/world-kit.js';

const PENTES = eastOf(LYON, 0.8);
const AGENCE = eastOf(LYON, 2.5);
const pentes = {
  adresse: '8 montée de la Grande Côte',
  codePostal: '69001',
  telephone: '+33478222222',
  latitude: PENTES.latitude,
  longitude: PENTES.longitude,
};
const agence = {
  adresse: '20 rue de la Villette',
  codePostal: '69003',
  siret: '13000548100010',
  latitude: AGENCE.latitude,
  longitude: AGENCE.longitude,
};
const FOOD = ['equipement-et-alimentation--alimentation'];

const world: SandboxWorld = {
  seed: 9,
  structures: [
    structure('dora', 'cs-pentes', {
      ...pentes,
      nom: 'Centre social des Pentes',
      dateMaj: '2025-05-20',
      siteWeb: null,
    }),
    structure('soliguide', '40001', {
      ...pentes,
      nom: 'Centre social des Pentes',
      dateMaj: '2024-11-02',
      siteWeb: 'https://cs-pentes.example.fr/',
    }),
    structure('france-travail', 'LYO0042', {
      ...agence,
      nom: 'France Travail Lyon Part-Dieu',
      telephone: null,
      courriel: null,
    }),
    structure('dora', 'ft-part-dieu', {
      ...agence,
      nom: 'Agence France Travail Part-Dieu',
      courriel: 'lyon.part-dieu@francetravail.example.fr',
      telephone: '+33478333333',
    }),
    structure('dora', 'solo', {
      nom: 'Épicerie solidaire du Tonkin',
      adresse: '3 rue du Tonkin',
      codePostal: '69100',
      codeInsee: '69266',
      commune: 'Villeurbanne',
      latitude: 45.7708,
      longitude: 4.8712,
    }),
  ],
  services: [
    service('dora', 'pentes-1', 'cs-pentes', PENTES, { ...pentes }),
    service('dora', 'pentes-2', 'cs-pentes', PENTES, {
      ...pentes,
      thematiques: ['numerique--acceder-a-des-services-en-ligne'],
    }),
    service('soliguide', 'b00000000000000000000001', '40001', null, {
      nom: 'Colis alimentaire',
      thematiques: FOOD,
      type: 'aide-materielle',
      sourceCategories: ['food_packages'],
    }),
  ],
};

const FIELDS =
  'id source nom siteWeb courriel telephone sources { source id dateMaj lienSource } provenance { field source recordId dateMaj rule } doublons { source id }';
type Merged = {
  id: string;
  nom: string;
  siteWeb: string | null;
  courriel: string | null;
  telephone: string | null;
  sources: Array<{ id: string; source: string; dateMaj: string; lienSource: string | null }>;
  provenance: Array<{ field: string; source: string; recordId: string; rule: string }>;
  doublons: Array<{ id: string }>;
};

let sb: SandboxGateway;
beforeAll(async () => {
  sb = await startSandboxGateway({ world });
});
afterAll(async () => sb?.stop());

describe('structure(id): the merged structure of any of its record ids', () => {
  it('answers the same merged structure for each record id, with sources, provenance and doublons', async () => {
    const r = await sb.gql(
      `{ a: structure(id: "dora--cs-pentes") { ${FIELDS} } b: structure(id: "soliguide--40001") { ${FIELDS} } }`,
    );
    expect(r.errors).toBeUndefined();
    const a = r.data!.a as Merged;
    expect(r.data!.b).toEqual(a);
    expect(a.id).toBe('dora--cs-pentes');
    expect(a.sources.map((s) => [s.id, s.dateMaj])).toEqual([
      ['dora--cs-pentes', '2025-05-20'],
      ['soliguide--40001', '2024-11-02'],
    ]);
    expect(a.sources.every((s) => s.lienSource?.startsWith('https://'))).toBe(true);
    expect(a.doublons).toEqual([{ source: 'soliguide', id: 'soliguide--40001' }]);
    const from = Object.fromEntries(a.provenance.map((p) => [p.field, [p.source, p.rule]]));
    // Default policy: DORA's name by priority; the site only Soliguide has, first non-empty; latest date_maj.
    expect(from.nom).toEqual(['dora', 'priority']);
    expect(from.siteWeb).toEqual(['soliguide', 'firstNonEmpty']);
    expect(from.dateMaj).toEqual(['dora', 'mostRecent']);
    expect(a.siteWeb).toBe('https://cs-pentes.example.fr/');
  });

  it('never fills a contact its own source masked (RGPD): France Travail’s e-mail stays null', async () => {
    const r = await sb.gql(
      `{ a: structure(id: "france-travail--LYO0042") { ${FIELDS} } b: structure(id: "dora--ft-part-dieu") { id courriel } }`,
    );
    expect(r.errors).toBeUndefined();
    const m = r.data!.a as Merged;
    expect(m.sources.map((s) => s.id)).toEqual(['dora--ft-part-dieu', 'france-travail--LYO0042']);
    expect(m.courriel).toBeNull();
    expect(r.data!.b).toEqual({ id: m.id, courriel: null });
    expect(m.provenance.filter((p) => p.field === 'courriel')).toEqual([
      expect.objectContaining({
        source: 'france-travail',
        recordId: 'france-travail--LYO0042',
        rule: 'masked-by-source',
      }),
    ]);
    expect(m.telephone).not.toBeNull();
  });

  it('keeps a structure without duplicates as its own cluster; null for an unknown id', async () => {
    const r = await sb.gql(
      `{ solo: structure(id: "dora--solo") { ${FIELDS} } none: structure(id: "dora--nope") { id } }`,
    );
    expect(r.data!.none).toBeNull();
    expect(r.data!.solo).toMatchObject({
      id: 'dora--solo',
      doublons: [],
      sources: [expect.objectContaining({ id: 'dora--solo' })],
    });
  });

  it('reads a commune’s candidate set once per request, however many records are asked', async () => {
    await sb.expireCaches();
    const di = sb.sandbox.simulators['data-inclusion']!;
    const before = di.requests.length;
    const r = await sb.gql(
      '{ a: structure(id: "dora--cs-pentes") { id } b: structure(id: "soliguide--40001") { id } c: structure(id: "dora--ft-part-dieu") { id } }',
    );
    expect(r.errors).toBeUndefined();
    const lists = di.requests.slice(before).filter((q) => q.path === '/api/v1/structures');
    expect(lists.map((q) => q.query.get('code_departement'))).toEqual(['69']);
  });

  it('merges what the other sources give when one fails, and says which one is missing', async () => {
    await sb.expireCaches();
    const soli = sb.sandbox.simulators.soliguide!;
    soli.fault({ kind: 'status', status: 500, times: 50 });
    const r = await sb.gql(`{ structure(id: "dora--cs-pentes") { ${FIELDS} } }`);
    soli.reset();
    expect((r.data!.structure as Merged).sources.map((s) => s.id)).toEqual(['dora--cs-pentes']);
    expect(r.errors).toEqual([
      expect.objectContaining({
        path: ['structure'],
        extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'soliguide' }),
      }),
    ]);
  });
});

describe('merged structures elsewhere in the API', () => {
  it('Service.structure is the merged structure, whichever source published the service, with no lookup by id', async () => {
    await sb.expireCaches();
    const [soli, dora] = [sb.sandbox.simulators.soliguide!, sb.sandbox.simulators.dora!];
    const before = [soli.requests.length, dora.requests.length];
    const r = await sb.gql(
      '{ services(filter: { codeCommune: "69123" }, first: 50) { edges { node { id structure { id sources { id } } } } } }',
    );
    // The structures come from the département lists the merge reads anyway, not from detail endpoints.
    expect(soli.requests.slice(before[0]).filter((q) => q.path.startsWith('/place/'))).toEqual([]);
    expect(dora.requests.slice(before[1]).filter((q) => /^\/api\/v2\/structures\/.+\//.test(q.path))).toEqual([]);
    expect(r.errors).toBeUndefined();
    const byService = Object.fromEntries(
      (r.data!.services.edges as Array<{ node: { id: string; structure: { id: string } } }>).map((e) => [
        e.node.id,
        e.node.structure.id,
      ]),
    );
    expect(byService['dora--pentes-1']).toBe('dora--cs-pentes');
    expect(byService['soliguide--b00000000000000000000001']).toBe('dora--cs-pentes');
  });

  it('scores a merged structure over the services of all its records, and lists them', async () => {
    const r = await sb.gql(`{ m: structure(id: "soliguide--40001") { scoreQualite services { id scoreQualite } }
      d: structures(filter: { codeCommune: "69123", sources: ["dora"] }, first: 10) { edges { node { id scoreQualite } } } }`);
    const m = r.data!.m as { scoreQualite: number; services: Array<{ id: string; scoreQualite: number }> };
    expect(m.services.map((s) => s.id)).toEqual([
      'dora--pentes-1',
      'dora--pentes-2',
      'soliguide--b00000000000000000000001',
    ]);
    const mean = m.services.reduce((a, s) => a + s.scoreQualite, 0) / m.services.length;
    expect(m.scoreQualite).toBeCloseTo(mean, 2);
    const dora = (r.data!.d.edges as Array<{ node: { id: string; scoreQualite: number } }>).find(
      (e) => e.node.id === 'dora--cs-pentes',
    )!;
    expect(dora.node.scoreQualite).toBeCloseTo((m.services[0]!.scoreQualite + m.services[1]!.scoreQualite) / 2, 2);
  });

  it('structures: one node per record with its doublons; exclureDoublons: one merged node per cluster', async () => {
    const r =
      await sb.gql(`{ all: structures(filter: { codeCommune: "69123" }, first: 50) { totalCount edges { node { id doublons { id } sources { id } provenance { rule } } } }
      one: structures(filter: { codeCommune: "69123" }, exclureDoublons: true, first: 50) { totalCount edges { node { id sources { id } } } } }`);
    expect(r.errors).toBeUndefined();
    const all = r.data!.all.edges as Array<{
      node: {
        id: string;
        doublons: Array<{ id: string }>;
        sources: Array<{ id: string }>;
        provenance: Array<{ rule: string }>;
      };
    }>;
    expect(Object.fromEntries(all.map((e) => [e.node.id, e.node.doublons.map((d) => d.id)]))).toEqual({
      'dora--cs-pentes': ['soliguide--40001'],
      'dora--ft-part-dieu': ['france-travail--LYO0042'],
      'france-travail--LYO0042': ['dora--ft-part-dieu'],
      'soliguide--40001': ['dora--cs-pentes'],
    });
    expect(
      all.every(
        (e) =>
          e.node.sources.length === 1 &&
          e.node.provenance.every((p) => ['as-published', 'masked-by-source'].includes(p.rule)),
      ),
    ).toBe(true);
    expect(r.data!.one.totalCount).toBe(2);
    expect(
      (r.data!.one.edges as Array<{ node: { id: string; sources: Array<{ id: string }> } }>).map((e) => [
        e.node.id,
        e.node.sources.length,
      ]),
    ).toEqual([
      ['dora--cs-pentes', 2],
      ['dora--ft-part-dieu', 2],
    ]);
  });
});

describe('the sources file’s merge section', () => {
  const HALLES = eastOf(LYON, 1.7);
  const halles = {
    adresse: '4 rue des Halles',
    codePostal: '69003',
    siret: '77567227200009',
    latitude: HALLES.latitude,
    longitude: HALLES.longitude,
  };
  // The same structure (same SIRET) in two sources: DORA older, les emplois more recent with another name and phone.
  const mergeWorld: SandboxWorld = {
    seed: 13,
    structures: [
      structure('dora', 'cs-halles', {
        ...halles,
        nom: 'Centre social des Halles',
        telephone: '+33478444444',
        dateMaj: '2025-03-01',
      }),
      structure('emplois-de-linclusion', '50001', {
        ...halles,
        nom: 'CENTRE SOCIAL DES HALLES',
        telephone: '+33478555555',
        dateMaj: '2025-06-01',
      }),
      structure('france-travail', 'LYO0042', {
        ...agence,
        nom: 'France Travail Lyon Part-Dieu',
        telephone: null,
        courriel: null,
      }),
      structure('dora', 'ft-part-dieu', {
        ...agence,
        nom: 'Agence France Travail Part-Dieu',
        courriel: 'lyon.part-dieu@francetravail.example.fr',
        telephone: '+33478333333',
      }),
    ],
    services: [service('dora', 'halles-1', 'cs-halles', HALLES, { ...halles })],
  };
  const MERGE = [
    'merge:',
    '  default: { rule: firstNonEmpty, sources: [france-travail, dora, emplois-de-linclusion, soliguide] }',
    '  fields:',
    '    nom: { rule: priority, sources: [emplois-de-linclusion, dora] }',
    '    telephone: { rule: priority, sources: [dora] }',
    '    courriel: { rule: priority, sources: [france-travail] }',
  ];
  const PREFIX = runPrefix();
  let sandbox: Sandbox;
  const gateways: Gateway[] = [];
  const files: string[] = [];
  const envNames: string[] = [];

  /** A gateway over the shared sandbox, its sources file followed by `extra` lines. */
  async function gatewayWith(extra: readonly string[], n: number): Promise<Gateway> {
    const written = writeSourcesFile(sandbox);
    files.push(written.file);
    if (extra.length > 0) appendFileSync(written.file, `${extra.join('\n')}\n`);
    envNames.push(...Object.keys(written.env));
    Object.assign(process.env, written.env);
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOURCES_FILE: written.file,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${PREFIX}${n}:`,
      JWT_SECRET: TEST_JWT_SECRET,
    });
    const gw = await startGateway(config, pino({ level: 'silent' }));
    gateways.push(gw);
    return gw;
  }
  const merged = async (gw: Gateway, id: string) => {
    const r = await gql(gw.graphqlUrl, `{ structure(id: "${id}") { ${FIELDS} } }`, undefined, {
      authorization: `Bearer ${await signToken('merge-test', ['api', 'contacts'])}`,
    });
    expect(r.errors).toBeUndefined();
    const m = r.data!.structure as Merged;
    return { m, from: Object.fromEntries(m.provenance.map((p) => [p.field, [p.source, p.rule]])) };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ world: mergeWorld });
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.stop(0);
    await sandbox?.close();
    await deleteKeys(PREFIX);
    for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
    for (const k of envNames) delete process.env[k];
  });

  it('changes which source’s nom and telephone win, and provenance says so by the configured rule', async () => {
    const [plain, custom] = [await gatewayWith([], 0), await gatewayWith(MERGE, 1)];
    const before = await merged(plain, 'dora--cs-halles');
    expect(before.m.sources.map((s) => s.id)).toEqual(['dora--cs-halles', 'emplois-de-linclusion--50001']);
    expect(before.m).toMatchObject({
      id: 'dora--cs-halles',
      nom: 'Centre social des Halles',
      telephone: '+33478555555',
    });
    expect(before.from).toMatchObject({
      nom: ['dora', 'priority'],
      telephone: ['emplois-de-linclusion', 'mostRecent'],
      dateMaj: ['emplois-de-linclusion', 'mostRecent'],
    });

    const after = await merged(custom, 'dora--cs-halles');
    expect(after.m).toMatchObject({
      id: 'emplois-de-linclusion--50001',
      nom: 'CENTRE SOCIAL DES HALLES',
      telephone: '+33478444444',
    });
    expect(after.from).toMatchObject({
      nom: ['emplois-de-linclusion', 'priority'],
      telephone: ['dora', 'priority'],
      dateMaj: ['dora', 'firstNonEmpty'],
    });
    expect(after.m.doublons).toEqual([{ source: 'dora', id: 'dora--cs-halles' }]);
    expect(after.m.sources).toEqual(before.m.sources);
  });

  it('never fills a contact its own source masked, whatever the policy says', async () => {
    const custom = gateways[1] ?? (await gatewayWith(MERGE, 1));
    const { m, from } = await merged(custom, 'dora--ft-part-dieu');
    expect(m.sources.map((s) => s.id)).toEqual(['dora--ft-part-dieu', 'france-travail--LYO0042']);
    expect(m.courriel).toBeNull();
    expect(from.courriel).toEqual(['france-travail', 'masked-by-source']);
  });

  it('refuses to start on an invalid merge section, naming the field, the rule or the source and its line', async () => {
    const bad = [
      'merge:',
      '  fields:',
      '    name: { rule: priority }',
      '    telephone: { rule: latest }',
      '    nom: { sources: [nowhere] }',
    ];
    const written = writeSourcesFile(sandbox);
    files.push(written.file);
    appendFileSync(written.file, `${bad.join('\n')}\n`);
    const lines = readFileSync(written.file, 'utf8').split('\n');
    const line = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    Object.assign(process.env, written.env);
    envNames.push(...Object.keys(written.env));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOURCES_FILE: written.file });
    const start = startGateway(config, pino({ level: 'silent' }));
    await expect(start).rejects.toThrow(`merge.fields.name (line ${line('name: {')}): unknown field`);
    await expect(start).rejects.toThrow(`merge.fields.telephone.rule (line ${line('latest')}): unknown rule "latest"`);
    await expect(start).rejects.toThrow(
      `merge.fields.nom.sources[0] (line ${line('nowhere')}): unknown source "nowhere"`,
    );
  });
});
