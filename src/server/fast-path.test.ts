import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createFastPath, type FastPathDeps, fromBody, fromSearch, parseLikeBodyParser } from './fast-path.js';

describe('fromBody', () => {
  it('reads the fields of a plain read, and leaves anything Apollo must judge to Apollo', () => {
    expect(fromBody({ query: '{ a }' })).toEqual({ query: '{ a }', operationName: null, variables: null });
    expect(fromBody({ query: '{ a }', operationName: 'A', variables: { x: 1 }, extensions: null })).toEqual({
      query: '{ a }',
      operationName: 'A',
      variables: { x: 1 },
    });
    for (const body of [
      null,
      [],
      'x',
      {},
      { query: '' },
      { query: 1 },
      { query: '{ a }', operationName: 2 },
      { query: '{ a }', variables: '{"x":1}' },
      { query: '{ a }', variables: [1] },
      { query: '{ a }', extensions: {} },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'h' } } },
    ]) {
      expect(fromBody(body)).toBeUndefined();
    }
  });
});

describe('fromSearch', () => {
  it('reads each parameter once, variables as a JSON object', () => {
    expect(fromSearch('query=%7B+a+%7D&variables=%7B%22x%22%3A1%7D')).toEqual({
      query: '{ a }',
      operationName: null,
      variables: { x: 1 },
    });
    for (const search of [
      '',
      'query=',
      'query=a&query=b',
      'query=a&variables=%5B1%5D',
      'query=a&variables=nope',
      'query=a&extensions=%7B%7D',
      'query=a&operationName=A&operationName=B',
    ]) {
      expect(fromSearch(search)).toBeUndefined();
    }
  });
});

describe('parseLikeBodyParser', () => {
  it('parses as express.json (strict) does, and fails the same bodies with its error type', () => {
    expect(parseLikeBodyParser('')).toEqual({ body: {} });
    expect(parseLikeBodyParser('\uFEFF {"query":"{ a }"}')).toEqual({ body: { query: '{ a }' } });
    expect(parseLikeBodyParser('[1]')).toEqual({ body: [1] });
    for (const text of ['{"query": ', '"text"', '12', 'null']) {
      const out = parseLikeBodyParser(text);
      expect('error' in out && (out.error as Error & { type?: string; status?: number })).toMatchObject({
        type: 'entity.parse.failed',
        status: 400,
      });
    }
  });
});

describe('createFastPath on hostile requests', () => {
  /** A loopback server whose fallback (express's place) answers 299; returns what a POST got and what `hit` saw. */
  async function post(body: string, hit: FastPathDeps['hit']): Promise<number> {
    const fastPath = createFastPath({
      hit,
      logger: { child: () => ({ info() {}, warn() {}, error() {}, debug() {} }) },
    });
    const server = createServer((req, res) => fastPath(req, res, () => void res.writeHead(299).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return res.status;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('never hashes variables past the shape bounds: the request goes on to express', async () => {
    let asked = 0;
    const deep = `${'['.repeat(3_000)}1${']'.repeat(3_000)}`;
    expect(await post(`{"query":"{ a }","variables":{"v":${deep}}}`, () => void asked++)).toBe(299);
    expect(asked).toBe(0);
  });

  it('hands the request to express when the lookup throws, instead of crashing the process', async () => {
    expect(
      await post('{"query":"{ a }"}', () => {
        throw new RangeError('boom');
      }),
    ).toBe(299);
  });
});
