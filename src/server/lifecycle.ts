/**
 * Listening and graceful shutdown. Node's server.close() alone keeps keep-alive sockets open (and
 * serves new requests on them), so draining also marks every response `Connection: close` and
 * cuts what is left when the grace period ends.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening HTTP server that can drain. */
export interface DrainableServer {
  readonly server: Server;
  /** Base URL, e.g. http://127.0.0.1:4000 (a wildcard host is shown as localhost). */
  readonly url: string;
  /** Refuses new connections, lets in-flight requests finish, cuts the rest after `graceMs`; resolves once closed. */
  drain(graceMs: number): Promise<{ readonly forced: boolean }>;
}

function urlOf(address: AddressInfo, host: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${address.port}`;
}

/** Listens on `port` (0 = ephemeral) and `host`; rejects if the port cannot be bound. */
export async function listen(
  handler: RequestListener,
  opts: { readonly port: number; readonly host: string },
): Promise<DrainableServer> {
  const server = createServer(handler);
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  // Prepended so it runs before the app can send headers.
  server.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const drain = async (graceMs: number) => {
    draining = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    let forced = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, graceMs);
    await closed;
    clearTimeout(timer);
    return { forced };
  };
  return { server, url: urlOf(server.address() as AddressInfo, opts.host), drain };
}

/** What shutdown() stops, in order. */
export interface ShutdownDeps {
  readonly http: Pick<DrainableServer, 'drain'>;
  readonly apollo: { stop(): Promise<void> };
  /** Closed last, in order (the cache store, …); a failure is logged and the rest still close. */
  readonly closers?: ReadonlyArray<{ readonly name: string; readonly close: () => Promise<void> }>;
  readonly graceMs: number;
  readonly logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/** Stops accepting, drains in-flight HTTP requests, stops Apollo, then closes the closers. */
export async function shutdown(deps: ShutdownDeps): Promise<{ readonly forced: boolean }> {
  deps.logger.info({ graceMs: deps.graceMs }, 'shutting down: draining in-flight requests');
  const { forced } = await deps.http.drain(deps.graceMs);
  await deps.apollo.stop();
  for (const { name, close } of deps.closers ?? []) {
    try {
      await close();
    } catch (err) {
      deps.logger.warn(
        { name, reason: err instanceof Error ? err.message : String(err) },
        'close failed during shutdown',
      );
    }
  }
  deps.logger.info({ forced }, 'shutdown complete');
  return { forced };
}
