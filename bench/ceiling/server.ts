/**
 * The ceiling: a bare node:http server that answers every request with the bytes the real gateway
 * gave for the same request body (no parsing, no GraphQL, no I/O). Nothing serving these answers
 * over HTTP on this machine can be faster, so it bounds what a cache hit could reach.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers by request body, and the answer for a body never captured. */
export interface CeilingResponses {
  readonly byBody: Readonly<Record<string, string>>;
  readonly fallback: string;
}

/** Starts the ceiling on `port` (0 = any) and resolves with its URL. */
export async function startCeiling(
  responses: CeilingResponses,
  port = 0,
  host = '127.0.0.1',
): Promise<{ url: string; stop(): Promise<void> }> {
  const bytes = new Map(Object.entries(responses.byBody).map(([k, v]) => [k, Buffer.from(v)]));
  const fallback = Buffer.from(responses.fallback);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = bytes.get(Buffer.concat(chunks).toString('utf8')) ?? fallback;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
