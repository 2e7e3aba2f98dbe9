/**
 * Starts the real HTTP edge (createServer + createHttpApp + listen) on an ephemeral loopback port,
 * with pino writing JSON lines into `logs` so tests can assert what was logged.
 */
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import type { RequestScope } from '../../src/server/request-scope.js';
import { createHttpApp } from '../../src/server/http.js';
import { listen, type DrainableServer } from '../../src/server/lifecycle.js';
import { createServer } from '../../src/server/server.js';

/** One parsed pino log line. */
export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string; level: number };

/** Options of startTestServer. */
export interface TestServerOptions {
  readonly schema: GraphQLSchema;
  readonly readiness?: () => Promise<Record<string, boolean>>;
  readonly bodyLimit?: string;
  /** Builds each request's context (the gateway's buildContext, say). @default the request scope itself */
  readonly context?: (scope: RequestScope) => RequestScope;
}

/** Starts the app; `stop()` closes it (skip it if the test shut the server down itself). */
export async function startTestServer(opts: TestServerOptions) {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const apollo = createServer<RequestScope>({ schema: opts.schema, logger, landingPage: false });
  await apollo.start();
  const app = createHttpApp({
    apollo,
    logger,
    readiness: opts.readiness ?? (async () => ({ cache: true })),
    context: opts.context ?? ((scope) => scope),
    bodyLimit: opts.bodyLimit,
  });
  const http: DrainableServer = await listen(app, { port: 0, host: '127.0.0.1' });
  return {
    url: http.url,
    graphqlUrl: `${http.url}/graphql`,
    port: Number(new URL(http.url).port),
    http,
    apollo,
    logger,
    logs,
    async stop() {
      await http.drain(0);
      await apollo.stop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
