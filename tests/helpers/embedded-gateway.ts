/**
 * The gateway as `npm start` runs it: without SOURCES_FILE, over the embedded sandbox (every partner
 * simulator on loopback), started here as main.ts does; with SOURCES_FILE, the file's sources.
 */
import type { Logger } from 'pino';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import type { Config } from '../../src/config.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway.js';

/** A started gateway and the sandbox it serves (null with a sources file). */
export type EmbeddedGateway = Gateway & { readonly sandbox: Sandbox | null };

/** startGateway, with the embedded sandbox started first when the config names no sources file. */
export async function startEmbeddedGateway(
  config: Config,
  logger: Logger,
  opts: GatewayOptions = {},
): Promise<EmbeddedGateway> {
  if (config.sources.file !== undefined) return { ...(await startGateway(config, logger, opts)), sandbox: null };
  const { scale, latencyMs } = config.sandbox;
  const sandbox = await startSandbox({ services: scale, latencyMs: latencyMs.max > 0 ? latencyMs : undefined });
  try {
    const gw = await startGateway(config, logger, {
      ...opts,
      sources: { sources: sandbox.sources, close: () => sandbox.close() },
    });
    return { ...gw, sandbox };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}
