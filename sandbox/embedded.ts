/**
 * The embedded default: with no sources file, the gateway starts every partner simulator on
 * loopback over one generated sandbox world and points its connectors at them. Nothing leaves the
 * machine; every connector still speaks its partner's real HTTP contract.
 */
import type { SourceConfig } from '../connectors/connector.js';
import { startBanSimulator } from '../connectors/ban/simulator.js';
import { DI_SIM_TOKEN, startDataInclusionSimulator } from '../connectors/data-inclusion/simulator.js';
import { DORA_SIM_TOKEN, startDoraSimulator } from '../connectors/dora/simulator.js';
import { startEmploisSimulator } from '../connectors/emplois-de-linclusion/simulator.js';
import { FILE_PATHS, startFileSimulator } from '../connectors/file/simulator.js';
import { startFranceTravailSimulator } from '../connectors/france-travail/simulator.js';
import {
  MEDIATION_NUMERIQUE_SIM_TOKEN,
  startMediationNumeriqueSimulator,
} from '../connectors/mediation-numerique/simulator.js';
import { startRechercheEntreprisesSimulator } from '../connectors/recherche-entreprises/simulator.js';
import type { Simulator, SimulatorOptions } from '../connectors/sim/server.js';
import { startSoliguideSimulator } from '../connectors/soliguide/simulator.js';
import { generateWorld } from './generate.js';
import type { SandboxWorld } from './world.js';

/** Credentials the simulators accept (sandbox-only values, not secrets). */
export const SANDBOX_CREDENTIALS = Object.freeze({
  dataInclusion: DI_SIM_TOKEN,
  dora: DORA_SIM_TOKEN,
  emplois: 'emplois-sandbox-data-inclusion-service-token',
  soliguide: 'sim-soliguide-jwt',
  mediationNumerique: MEDIATION_NUMERIQUE_SIM_TOKEN,
  franceTravail: { clientId: 'sim-ft-client', clientSecret: 'sim-ft-secret' },
});

/** Knobs of the embedded sandbox. */
export interface SandboxOptions {
  /** Number of services in the world. @default 3000 */
  readonly services?: number;
  /** @default 42 */
  readonly seed?: number;
  /** Latency every simulator adds to each answer. @default none */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** A world to serve instead of generating one. */
  readonly world?: SandboxWorld;
}

/** The running sandbox. */
export interface Sandbox {
  readonly world: SandboxWorld;
  /** Simulators by source id. */
  readonly simulators: Readonly<Record<string, Simulator>>;
  /** Sources pointing at the simulators, as a sources file would declare them. */
  readonly sources: readonly SourceConfig[];
  close(): Promise<void>;
}

/** Starts every simulator over one world and returns the sources that point at them. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const world = opts.world ?? generateWorld({ seed: opts.seed ?? 42, services: opts.services ?? 3000 });
  const base: SimulatorOptions = opts.latencyMs ? { latencyMs: opts.latencyMs } : {};
  const c = SANDBOX_CREDENTIALS;
  const [di, dora, emplois, soliguide, mednum, ft, file, ban, entreprises] = await Promise.all([
    startDataInclusionSimulator({ ...base, world }),
    startDoraSimulator({ ...base, world }),
    startEmploisSimulator({ ...base, world, token: c.emplois }),
    startSoliguideSimulator({ ...base, world, token: c.soliguide }),
    startMediationNumeriqueSimulator({ ...base, world }),
    startFranceTravailSimulator({ ...base, world, ...c.franceTravail }),
    startFileSimulator({ ...base, world }),
    startBanSimulator({ ...base, world }),
    startRechercheEntreprisesSimulator({ ...base, world }),
  ]);
  const sources: SourceConfig[] = [
    { id: 'data-inclusion', connector: 'data-inclusion', baseUrl: di.url, token: c.dataInclusion },
    { id: 'dora', connector: 'dora', baseUrl: `${dora.url}/api/v2`, token: c.dora },
    {
      id: 'emplois-de-linclusion',
      connector: 'emplois-de-linclusion',
      baseUrl: `${emplois.url}/api/v1`,
      token: c.emplois,
    },
    // Restricted as data·inclusion restricts it: only consumers with the restricted-sources scope see its records.
    { id: 'soliguide', connector: 'soliguide', baseUrl: soliguide.url, token: c.soliguide, restricted: true },
    { id: 'mediation-numerique', connector: 'mediation-numerique', baseUrl: mednum.url, token: c.mediationNumerique },
    {
      id: 'france-travail',
      connector: 'france-travail',
      baseUrl: `${ft.url}/partenaire/referentielagences/v1`,
      ...c.franceTravail,
    },
    {
      id: 'mes-aides',
      connector: 'file',
      baseUrl: file.url,
      options: { path: FILE_PATHS.mesAidesCsv, format: 'csv', layout: 'mes-aides' },
    },
    { id: 'ban', connector: 'ban', baseUrl: `${ban.url}/geocodage` },
    { id: 'recherche-entreprises', connector: 'recherche-entreprises', baseUrl: entreprises.url },
  ];
  const simulators: Record<string, Simulator> = {
    'data-inclusion': di,
    dora,
    'emplois-de-linclusion': emplois,
    soliguide,
    'mediation-numerique': mednum,
    'france-travail': ft,
    'mes-aides': file,
    ban,
    'recherche-entreprises': entreprises,
  };
  return {
    world,
    simulators,
    sources,
    close: async () => {
      await Promise.all(Object.values(simulators).map((s) => s.close()));
    },
  };
}
