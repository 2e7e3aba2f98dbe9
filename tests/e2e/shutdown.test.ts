/**
 * Graceful shutdown of the HTTP edge (src/server/lifecycle.ts shutdown()): in-flight requests
 * finish, new connections are refused, Apollo stops, closers run; past the grace period the
 * remaining connections are cut.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { shutdown } from '../../src/server/lifecycle.js';
import { startTestServer } from '../helpers/test-server.js';
import { tinySchema } from '../helpers/tiny-schema.js';

/** A gate the `wait` resolver blocks on: `entered` resolves once a request is inside it. */
function gate() {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  const released = new Promise<void>((r) => (release = r));
  return { entered, release, wait: () => (enter(), released) };
}

/** Resolves to the connection error code, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

const waitQuery = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ wait }' }),
};

describe('shutdown', () => {
  it('lets the in-flight request finish, refuses new connections, then stops Apollo and the closers', async () => {
    const g = gate();
    const server = await startTestServer({ schema: tinySchema({ gate: g.wait }) });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // leaves an idle keep-alive socket
    const inFlight = fetch(server.graphqlUrl, waitQuery);
    await g.entered;
    const closed: string[] = [];
    const done = shutdown({
      http: server.http,
      apollo: server.apollo,
      graceMs: 20_000,
      logger: server.logger,
      closers: [
        {
          name: 'failing',
          close: async () => {
            closed.push('failing');
            throw new Error('already closed');
          },
        },
        { name: 'cache', close: async () => void closed.push('cache') },
      ],
    });
    expect(await tryConnect(server.port)).toBe('ECONNREFUSED');
    g.release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ data: { wait: 'waited' } });
    expect(await done).toEqual({ forced: false });
    expect(closed).toEqual(['failing', 'cache']);
    await expect(server.apollo.executeOperation({ query: '{ hello }' })).rejects.toThrow();
    expect(server.logs.map((l) => l.msg)).toContain('shutdown complete');
  });

  it('cuts a request still running when the grace period ends', async () => {
    const g = gate();
    const server = await startTestServer({ schema: tinySchema({ gate: g.wait }) });
    const inFlight = fetch(server.graphqlUrl, waitQuery).then(
      (r) => `status ${r.status}`,
      () => 'connection cut',
    );
    await g.entered;
    expect(await shutdown({ http: server.http, apollo: server.apollo, graceMs: 50, logger: server.logger })).toEqual({
      forced: true,
    });
    expect(await inFlight).toBe('connection cut');
    g.release();
  });
});
