/**
 * Soliguide answers lieux (structures) and their services from the same `POST /new-search` body:
 * a request that needs both lists of one département (services with their structure) makes ONE
 * search, while each list keeps its own cache entry. Counted on the Soliguide simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/embedded.js';
import type { Gateway } from '../../src/gateway.js';
import { capturingLogger, gql, startCachedGateway } from '../helpers/cache-e2e.js';

const SERVICES_WITH_STRUCTURE = `query S($dep: String!) {
  services(filter: { codeDepartement: $dep, sources: ["soliguide"] }, first: 100) { totalCount edges { node { id structure { id nom } } } }
}`;

let sandbox: Sandbox;
let gw: Gateway;
let close = async () => {};
const { logger } = capturingLogger('warn');
const searches = () => sandbox.simulators.soliguide!.count('/new-search');

beforeAll(async () => {
  ({ sandbox, gw, close } = await startCachedGateway({ sandbox: { services: 600, seed: 7 }, logger }));
});

afterAll(() => close());

describe('Soliguide: one search per request for both lists of a département', () => {
  it('services with their structure cost one /new-search, and each list is cached', async () => {
    const dep = '93';
    const before = searches();
    const res = await gql(gw.graphqlUrl, SERVICES_WITH_STRUCTURE, { dep });
    expect(res.errors).toBeUndefined();
    const edges = res.data!.services.edges as Array<{ node: { structure: { id: string } | null } }>;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.some((e) => e.node.structure !== null)).toBe(true);
    expect(searches() - before).toBe(1);
    // Both lists were cached by that request, each on its own: the same request again costs nothing.
    expect((await gql(gw.graphqlUrl, SERVICES_WITH_STRUCTURE, { dep })).data).toEqual(res.data);
    expect(searches() - before).toBe(1);
  });
});
