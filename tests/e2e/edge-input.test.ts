/**
 * Values that could never be valid are refused at the edge, before any cache key or partner call
 * is built: the partner never sees them, so it is never marked failing because of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway } from '../helpers/sandbox-gateway.js';

describe('input checks at the edge', () => {
  let env: Awaited<ReturnType<typeof startSandboxGateway>>;
  beforeAll(async () => {
    env = await startSandboxGateway({ services: 200 });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['a 20 000-character id', '{ service(id: $v) { id } }', 'ID!', `dora--${'x'.repeat(20_000)}`],
    ['an id with a NUL and an RTL mark', '{ structure(id: $v) { id } }', 'ID!', 'dora--ab\u0000c\u202Ed'],
    [
      'a 1 MB sources filter',
      '{ services(filter: { sources: $v }) { totalCount } }',
      '[String!]',
      ['d'.repeat(1_000_000)],
    ],
    [
      'a sources filter that is no slug',
      '{ structures(filter: { sources: $v }) { totalCount } }',
      '[String!]',
      ['dora; DROP TABLE'],
    ],
    [
      'a 100 000-character commune code',
      '{ services(filter: { codeCommune: $v }) { totalCount } }',
      'String',
      '5'.repeat(100_000),
    ],
    ['a 10 000-character cursor', '{ services(after: $v) { totalCount } }', 'String', 'c'.repeat(10_000)],
  ])('refuses %s with BAD_USER_INPUT, a short message, and no partner call', async (_what, selection, type, value) => {
    const before = env.sandbox.simulators.dora!.count();
    const r = await env.gql(`query($v: ${type}) ${selection}`, { v: value });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message.length).toBeLessThan(400);
    expect(env.sandbox.simulators.dora!.count()).toBe(before);
    const sources = await env.gql('{ sources { id status } }');
    expect(sources.data?.sources.find((s: { id: string }) => s.id === 'dora').status).toMatch(/^(ok|unknown)$/);
  });
});
