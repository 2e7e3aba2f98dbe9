/**
 * One consumer flooding a partner cannot starve the others, over real HTTP with two JWT consumers:
 * before any DORA list is cached, each lookup of a made-up DORA id is a detail call; once the flooder
 * holds its share of DORA's 120 requests a minute (PARTNER_CONSUMER_SHARE, a quarter by default), its
 * further lookups are refused PARTNER_RATE_LIMITED without reaching DORA, while another consumer's
 * DORA lists and lookups still answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startCachedGateway } from '../helpers/cache-e2e.js';
import { signToken, TEST_JWT_SECRET } from '../helpers/credentials.js';

/** DORA's documented budget and the default share of one consumer. */
const DORA_PER_MINUTE = 120;
const SHARE = 0.25;
const FLOOD = 60;

let env: Awaited<ReturnType<typeof startCachedGateway>>;
beforeAll(async () => {
  env = await startCachedGateway({ sandbox: { services: 300, seed: 23 }, env: { JWT_SECRET: TEST_JWT_SECRET } });
});
afterAll(() => env?.close());

const bearer = async (sub: string) => ({ authorization: `Bearer ${await signToken(sub, ['api'])}` });
const codesOf = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  (r.errors ?? []).map((e) => e.extensions?.code);

describe("a partner's budget shared between consumers", () => {
  it("refuses the flooder past its share without spending DORA's budget, and another consumer's DORA queries still answer", async () => {
    const flooder = await bearer('flooder');
    const other = await bearer('other-partner');
    const dora = env.sandbox.simulators.dora!;
    const before = dora.count();

    let refused = 0;
    for (let i = 0; i < FLOOD; i += 3) {
      const answers = await Promise.all(
        [0, 1, 2].map((j) =>
          gql(env.gw.graphqlUrl, `{ service(id: "dora--made-up-${i + j}") { id } }`, undefined, flooder),
        ),
      );
      for (const r of answers) {
        expect(r.data?.service ?? null).toBeNull();
        if (codesOf(r).includes('PARTNER_RATE_LIMITED')) refused++;
      }
    }
    const spentByFlooder = dora.count() - before;
    expect(spentByFlooder).toBeGreaterThan(0);
    expect(spentByFlooder).toBeLessThanOrEqual(DORA_PER_MINUTE * SHARE);
    expect(refused).toBeGreaterThanOrEqual(FLOOD - DORA_PER_MINUTE * SHARE);

    const list = await gql(
      env.gw.graphqlUrl,
      '{ services(filter: { sources: ["dora"] }, first: 2) { totalCount incompleteSources edges { node { id } } } }',
      undefined,
      other,
    );
    expect(codesOf(list)).toEqual([]);
    expect(list.data!.services.incompleteSources).toEqual([]);
    expect(list.data!.services.totalCount).toBeGreaterThan(0);
    const id = list.data!.services.edges[0].node.id as string;
    const found = await gql(env.gw.graphqlUrl, `{ service(id: "${id}") { id } }`, undefined, other);
    expect(codesOf(found)).toEqual([]);
    expect(found.data!.service).toEqual({ id });
    // Now that DORA's national list is cached, the flooder's made-up ids are answered from it, at no cost to DORA.
    await env.gw.drainCache();
    const sent = dora.count();
    const again = await gql(env.gw.graphqlUrl, '{ service(id: "dora--made-up-again") { id } }', undefined, flooder);
    expect(codesOf(again)).toEqual([]);
    expect(again.data!.service).toBeNull();
    expect(dora.count()).toBe(sent);
  });
});
