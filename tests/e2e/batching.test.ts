/**
 * Batching bounded by sources: 100 services with their structure (and commune, when the schema nests
 * it) cost a number of upstream requests bounded by the sources involved, not by the results. DORA
 * and Soliguide have no batch endpoint (one detail call per id): structures by id come from each
 * source's cached list. `Service.structure` is the merged structure, whose candidates are read once
 * per département (sources that filter by département) or once nationally. Counted on the simulators.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { departementOfCommune } from '../../src/domain/index.js';
import { startEmbeddedGateway, type EmbeddedGateway } from '../helpers/embedded-gateway.js';
import { gql } from '../helpers/cache-e2e.js';
import { partnerHeaders, TEST_JWT_SECRET } from '../helpers/credentials.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';
const SOURCES = ['dora', 'soliguide', 'mediation-numerique'] as const;
/** 40 + 30 + 30 = 100 services, from three sources, in one query. */
const SHARE = { dora: 40, soliguide: 30, 'mediation-numerique': 30 } as const;

let gw: EmbeddedGateway;
// Every scope: Soliguide is restricted in the embedded default.
let partner: Record<string, string> = {};
const ask = (query: string, variables?: Record<string, unknown>) => gql(gw.graphqlUrl, query, variables, partner);
let communeField: string | null = null;

type Node = { id: string; structure: { id: string; codeInsee: string | null } | null };

/** The query: each source's first services, with their structure and, if the schema has it, their commune. */
function page(withStructure: boolean, extra = 0): string {
  const node = `id ${withStructure ? 'structure { id nom codeInsee }' : ''} ${withStructure && communeField ? `${communeField} { code nom }` : ''}`;
  const part = (s: (typeof SOURCES)[number], alias: string) =>
    `${alias}: services(filter: { sources: ["${s}"] }, first: ${SHARE[s] + extra}) { edges { node { ${node} } } }`;
  return `{ ${part('dora', 'd')} ${part('soliguide', 's')} ${part('mediation-numerique', 'm')} }`;
}

const requests = () => Object.fromEntries(SOURCES.map((s) => [s, gw.sandbox!.simulators[s]!.count()]));
const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
async function dropAll(): Promise<void> {
  for (const source of SOURCES) {
    const res = await fetch(`${gw.url}/admin/cache/invalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ source }),
    });
    expect(res.status).toBe(200);
  }
  await gw.drainCache();
  for (const s of SOURCES) gw.sandbox!.simulators[s]!.reset();
}

beforeAll(async () => {
  partner = await partnerHeaders();
  gw = await startEmbeddedGateway(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_SCALE: '1500',
      ADMIN_TOKEN: TOKEN,
      JWT_SECRET: TEST_JWT_SECRET,
    }),
    pino({ level: 'silent' }),
  );
  // A Service field typed Commune, if the schema nests the commune in the service.
  const type = await ask('{ __type(name: "Service") { fields { name type { name ofType { name } } } } }');
  const fields = type.data!.__type.fields as Array<{
    name: string;
    type: { name: string | null; ofType: { name: string | null } | null };
  }>;
  communeField = fields.find((f) => (f.type.name ?? f.type.ofType?.name) === 'Commune')?.name ?? null;
});

afterAll(async () => gw?.stop(0));

/** Requests every simulator served since the last `resetAll`, by source (zeros left out). */
const served = () =>
  Object.fromEntries(
    Object.entries(gw.sandbox!.simulators).flatMap(([id, sim]) =>
      sim.count() > 0 ? [[id, sim.count()] as const] : [],
    ),
  );
async function invalidateAll(): Promise<void> {
  for (const source of Object.keys(gw.sandbox!.simulators)) {
    const res = await fetch(`${gw.url}/admin/cache/invalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ source }),
    });
    expect(res.status).toBe(200);
  }
  await gw.drainCache();
  for (const sim of Object.values(gw.sandbox!.simulators)) sim.reset();
}
/** The bench's N+1 query (bench/queries.ts): a département's first 100 services with their structure. */
const N_PLUS_ONE = `query ($d: String!) { services(filter: { codeDepartement: $d }, first: 100) { edges { node { id commune structure { id nom commune } } } } }`;
const COLD = `query ($c: String!) { services(filter: { codeCommune: $c }, first: 50) { totalCount edges { node { id nom source } } } }`;

describe('upstream calls per query, counted on every simulator (the bench scenarios)', () => {
  it('geocodes the emplois lists in one CSV batch per list page, not one request per structure', async () => {
    await invalidateAll();
    const res = await ask(N_PLUS_ONE, { d: '59' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.services.edges.length).toBeGreaterThan(50);
    const calls = served();
    // The two emplois lists (siae, orga) are one page each; each page is one geocoding request.
    expect(calls['emplois-de-linclusion']).toBe(2);
    expect(calls.ban).toBeLessThanOrEqual(calls['emplois-de-linclusion']!);
    expect(gw.sandbox!.simulators.ban!.count('/geocodage/search/csv')).toBe(calls.ban);
    // Every list of a source in one request each, whatever the number of results. DORA: its services and
    // its structures table, read once although both the services' check and the merge need it.
    expect(calls.dora).toBe(2);
    for (const [source, n] of Object.entries(calls))
      expect({ source, n }).toEqual({ source, n: expect.toBeOneOf([1, 2, 3]) });
  });

  it('another département once the national lists are cached: at most two calls per source involved (services, structures)', async () => {
    for (const sim of Object.values(gw.sandbox!.simulators)) sim.reset();
    const res = await ask(N_PLUS_ONE, { d: '93' });
    expect(res.errors).toBeUndefined();
    const calls = served();
    expect(calls.ban ?? 0).toBe(0);
    for (const n of Object.values(calls)) expect(n).toBeLessThanOrEqual(2);
  });

  it('a cold commune costs one call per source, DORA two (its services are checked against its structures)', async () => {
    await invalidateAll();
    const res = await ask(COLD, { c: '59350' });
    expect(res.errors).toBeUndefined();
    const calls = served();
    expect(Object.keys(calls).length).toBeGreaterThanOrEqual(3);
    const { dora = 0, ...others } = calls;
    expect(dora).toBeLessThanOrEqual(2);
    for (const [source, n] of Object.entries(others)) expect({ source, n }).toEqual({ source, n: 1 });
  });
});

describe('a page of 100 services with their structure', () => {
  it('costs one list call per source for the nested structures (and the merge one read per département), however many results', async () => {
    await dropAll();
    const bare = await ask(page(false));
    expect(bare.errors).toBeUndefined();
    const listsOnly = requests();

    await dropAll();
    const nested = await ask(page(true));
    expect(nested.errors).toBeUndefined();
    const withStructures = requests();
    const nodes = ['d', 's', 'm'].flatMap((a) => nested.data![a].edges.map((e: { node: Node }) => e.node));
    expect(nodes).toHaveLength(100);
    expect(nodes.filter((n) => n.structure === null)).toEqual([]);
    const structures = new Set(nodes.map((n) => n.structure!.id));
    const departements = new Set(
      nodes.flatMap((n) => (n.structure!.codeInsee ? [departementOfCommune(n.structure!.codeInsee)] : [])),
    );

    // Per source: the lists the services need, one list call for every structure asked by id, and the
    // merge's candidate sets (one call per département, only for sources that filter by département).
    const byDepartement = (s: string) =>
      gw.connectors.offre
        .find((o) => o.connector.id === s)!
        .connector.capabilities.pushdown.includes('codeDepartement');
    for (const s of SOURCES)
      expect(withStructures[s]!).toBeLessThanOrEqual(listsOnly[s]! + 1 + (byDepartement(s) ? departements.size : 0));
    expect(total(withStructures)).toBeLessThan(structures.size / 4);

    // More results cost no more calls.
    await dropAll();
    await ask(page(true, 20));
    expect(requests()).toEqual(withStructures);
  });

  it('makes no upstream call for the same query again, nor for another page over the same lists', async () => {
    await dropAll();
    await ask(page(true));
    const before = total(requests());
    expect(before).toBeGreaterThan(0);
    const again = await ask(page(true));
    expect(again.extensions!.responseCache).toMatchObject({ status: 'hit' });
    const other = await ask(page(true, 5)); // another response: executed, every answer from the cache
    expect(other.errors).toBeUndefined();
    expect(other.extensions!.responseCache).toBeUndefined();
    expect(total(requests())).toBe(before);
  });
});
