/**
 * The HTTP edge end to end over a real socket. The graphql-http audits run against the gateway's
 * own schema and context (embedded COG, no offre source: the audits only ask `{ __typename }`);
 * the edge behaviours run against the tiny test schema, which has fields that throw.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, RedisStore } from '../../cache/redis.js';
import { createCogConnector } from '../../connectors/cog/index.js';
import { createFederation } from '../../src/federation/federation.js';
import { HealthBoard } from '../../src/federation/health.js';
import { buildContext } from '../../src/server/context.js';
import { buildGatewaySchema } from '../../src/server/schema.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { LEAKY_DETAIL, tinySchema } from '../helpers/tiny-schema.js';

let gateway: TestServer;
let server: TestServer;
beforeAll(async () => {
  const health = new HealthBoard([]);
  const loaderDeps = { territory: createCogConnector(), federation: createFederation([], () => null) };
  gateway = await startTestServer({
    schema: await buildGatewaySchema(),
    context: buildContext({ loaderDeps, health }),
  });
  server = await startTestServer({ schema: tinySchema() });
});
afterAll(async () => {
  await gateway?.stop();
  await server?.stop();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('GraphQL over HTTP audits (graphql-http) on the gateway schema', () => {
  // The URL is read lazily: the audits are listed before the server starts.
  const audits = serverAudits({ url: () => gateway.graphqlUrl, fetchFn: fetch });
  for (const audit of audits.filter((a) => a.name.startsWith('MUST'))) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
    });
  }

  it('runs the SHOULD and MAY audits and prints the ones not met', async () => {
    const others = audits.filter((a) => !a.name.startsWith('MUST'));
    const failed = [];
    for (const audit of others) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(`${audit.id} ${audit.name}: ${result.reason}`);
    }
    if (failed.length > 0)
      console.log(
        `graphql-http recommendations not met (${failed.length}/${others.length}):\n  ${failed.join('\n  ')}`,
      );
    expect(others.length).toBeGreaterThan(0);
  });
});

describe('health', () => {
  it('answers /healthz with 200 and a generated request id', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /readyz with 200 when every dependency is up', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { cache: true } });
  });

  it('answers /readyz with 503 naming the store when Redis is unreachable', async () => {
    const store = new RedisStore(createRedis('redis://127.0.0.1:1', { keyPrefix: 'gwtest:readyz:' }), server.logger);
    const unready = await startTestServer({
      schema: tinySchema(),
      readiness: async () => ({ cache: await store.ping(), territory: true }),
    });
    try {
      const res = await fetch(`${unready.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        status: 'unavailable',
        checks: { cache: false, territory: true },
        failed: ['cache'],
      });
    } finally {
      await unready.stop();
      await store.close();
    }
  });
});

describe('requests', () => {
  it('echoes a well-formed x-request-id and logs the request and the operation under it', async () => {
    const res = await post(JSON.stringify({ query: 'query Greeting { hello }' }), { 'x-request-id': 'abc-123' });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await res.json()).toEqual({ data: { hello: 'Hello world' } });
    const mine = server.logs.filter((l) => l.requestId === 'abc-123');
    expect(mine.map((l) => l.msg).sort()).toEqual(['graphql operation', 'http request']);
    expect(mine.find((l) => l.msg === 'graphql operation')).toMatchObject({ operationName: 'Greeting', errorCount: 0 });
    expect(mine.find((l) => l.msg === 'http request')).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
  });

  it('replaces a malformed x-request-id', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'has spaces and "quotes"' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs a query sent with GET (with a CSRF preflight header)', async () => {
    const res = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent('{ hello(name: "GET") }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { hello: 'Hello GET' } });
  });

  it('answers a malformed JSON body with 400 and a clear error, then keeps serving', async () => {
    const res = await post('{"query": "{ hello }"');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: 'Malformed JSON in request body: expected a JSON object such as {"query":"{ __typename }"}',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    expect((await post(JSON.stringify({ query: '{ hello }' }))).status).toBe(200);
  });

  it('answers an oversized body with 413', async () => {
    const small = await startTestServer({ schema: tinySchema(), bodyLimit: '1kb' });
    try {
      const res = await fetch(small.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ hello } # ${'x'.repeat(2000)}` }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        errors: [{ message: 'Request body larger than 1kb', extensions: { code: 'BAD_REQUEST' } }],
      });
    } finally {
      await small.stop();
    }
  });

  it('reports an unknown field as GRAPHQL_VALIDATION_FAILED', async () => {
    const body = (await (await post(JSON.stringify({ query: '{ nope }' }))).json()) as {
      errors: Array<{ extensions: { code: string } }>;
    };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('masks a resolver that throws a plain Error, logging its stack server-side only', async () => {
    const res = await post(JSON.stringify({ query: '{ hello boom }' }), { 'x-request-id': 'masked-1' });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      data: { hello: 'Hello world', boom: null },
      errors: [
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 9 }],
          path: ['boom'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
    expect(text).not.toContain('partner.example');
    const logged = server.logs.find((l) => l.requestId === 'masked-1' && l.msg === 'unexpected error masked') as
      { err?: { stack?: string } } | undefined;
    expect(logged?.err?.stack).toContain(LEAKY_DETAIL);
  });

  it('answers other methods on /graphql with 405 and unknown paths with 404', async () => {
    const put = await fetch(server.graphqlUrl, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
