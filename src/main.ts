/**
 * Entry point: reads the environment once, starts the gateway, and owns the process signals.
 * Nothing imports this file.
 */
import 'reflect-metadata';
import pino, { type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startGateway, type ProvidedSources } from './gateway.js';

/** SIGTERM/SIGINT run `stop` once and exit 0; a hang past the grace period or a second signal exits 1. */
function onTermination(stop: () => Promise<unknown>, graceMs: number, logger: Logger): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.error({ graceMs }, 'shutdown did not finish within SHUTDOWN_GRACE_MS: exiting');
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/**
 * A bug that escapes every handler is logged as one JSON line, then the process exits (its state is
 * unknown). No request can cause one: every edge catches its errors and answers (http.ts, fast-path.ts).
 */
function onFatal(logger: Logger): void {
  const fatal = (kind: string) => (err: unknown) => {
    logger.fatal({ err }, `${kind}: exiting`);
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
}

/**
 * Without SOURCES_FILE, the embedded default: every partner simulator started on loopback. The
 * sandbox is loaded here only, on demand, so a deployment with a sources file never loads it.
 */
async function embeddedSources(config: Config, logger: Logger): Promise<ProvidedSources | undefined> {
  if (config.sources.file !== undefined) return undefined;
  const { startSandbox } = await import('../sandbox/embedded.js');
  const { scale, latencyMs } = config.sandbox;
  const sandbox = await startSandbox({ services: scale, latencyMs: latencyMs.max > 0 ? latencyMs : undefined });
  const started = Object.fromEntries(Object.entries(sandbox.simulators).map(([id, sim]) => [id, sim.url]));
  logger.info(
    { simulators: started, structures: sandbox.world.structures.length, services: sandbox.world.services.length },
    'sources: embedded sandbox (SOURCES_FILE unset): partner simulators started on loopback',
  );
  return { sources: sandbox.sources, close: () => sandbox.close() };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel, base: { service: 'inclusion-gateway' } });
  onFatal(logger);
  const sources = await embeddedSources(config, logger);
  const gateway = await startGateway(config, logger, sources ? { sources } : {});
  logger.info({ url: gateway.graphqlUrl }, `inclusion-gateway listening on ${gateway.graphqlUrl}`);
  const { shutdownGraceMs } = config.http;
  // Keep part of the grace period for stopping Apollo and closing Redis after the HTTP drain.
  const drainMs = Math.max(0, shutdownGraceMs - Math.min(2_000, Math.floor(shutdownGraceMs / 5)));
  onTermination(() => gateway.stop(drainMs), shutdownGraceMs, logger);
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad configuration): write plainly to stderr.
  process.stderr.write(
    err instanceof ConfigError
      ? `${err.message}\n`
      : `inclusion-gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
