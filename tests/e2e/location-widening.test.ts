/**
 * Location widening (connectors/location-granularity.ts, src/loaders/location-widening.ts): list
 * queries filtered by commune ask a `departement` source for the commune's département once, and
 * every other commune of it is answered from that cached answer, with the same records as asking
 * per commune. Two gateways over the same simulators: one widening Soliguide (its default) and
 * data·inclusion (overridden), one asking both per commune (overridden); counted on the simulators.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { capturingLogger, deleteKeys, gql, runPrefix, TEST_REDIS_URL, writeSourcesFile } from '../helpers/cache-e2e.js';

const LISTS = `query L($code: String!) {
  services(filter: { codeCommune: $code }, first: 500) { totalCount incompleteSources edges { node { id } } }
  structures(filter: { codeCommune: $code }, first: 500) { totalCount incompleteSources edges { node { id } } }
}`;
const SERVICES = `query S($code: String!) { services(filter: { codeCommune: $code }, first: 500) { totalCount edges { node { id } } } }`;

// Bouches-du-Rhône in the seed-7 world: Soliguide and d·i (monenfant) records, Marseille (whose
// sandbox records carry 13055) and its 1st arrondissement (13201: none of them, since a list filter
// is an exact match on code_insee), and a commune with no record at all (Alleins).
const COMMUNES = ['13001', '13017', '13055', '13201', '13047', '13003'];

const PREFIXES = [runPrefix(), runPrefix()];
const files: string[] = [];
const envNames: string[] = [];
let sandbox: Sandbox;
let widened: Gateway;
let perCommune: Gateway;
const { logger } = capturingLogger('warn');

const soliguideSearches = () => sandbox.simulators.soliguide!.count('/new-search');
const diServices = () => sandbox.simulators['data-inclusion']!.count('/api/v1/services');
const diStructures = () => sandbox.simulators['data-inclusion']!.count('/api/v1/structures');

async function start(prefix: string, granularity: { soliguide?: string; di: string }): Promise<Gateway> {
  const opts = (g: string | undefined) => (g ? { options: { locationGranularity: g } } : {});
  const written = writeSourcesFile(sandbox, {
    soliguide: opts(granularity.soliguide),
    'data-inclusion': opts(granularity.di),
  });
  files.push(written.file);
  envNames.push(...Object.keys(written.env));
  Object.assign(process.env, written.env);
  return startGateway(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOURCES_FILE: written.file,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
    }),
    logger,
  );
}

const ids = (conn: { edges: Array<{ node: { id: string } }> }) => conn.edges.map((e) => e.node.id);

beforeAll(async () => {
  sandbox = await startSandbox({ services: 600, seed: 7 });
  widened = await start(PREFIXES[0]!, { di: 'departement' });
  perCommune = await start(PREFIXES[1]!, { soliguide: 'commune', di: 'commune' });
});

afterAll(async () => {
  await widened?.stop(0);
  await perCommune?.stop(0);
  await sandbox?.close();
  for (const p of PREFIXES) await deleteKeys(p);
  for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
  for (const k of envNames) delete process.env[k];
});

describe('location widening', () => {
  it('two communes of one département cost one call per widened source', async () => {
    const before = { soliguide: soliguideSearches(), di: diServices() };
    for (const code of ['13001', '13017']) {
      const res = await gql(widened.graphqlUrl, SERVICES, { code });
      expect(res.errors).toBeUndefined();
    }
    expect(soliguideSearches() - before.soliguide).toBe(1);
    expect(diServices() - before.di).toBe(1);
    // The widened call asked d·i for the département, not the commune.
    const asked = sandbox.simulators['data-inclusion']!.requests.filter((r) =>
      r.path.startsWith('/api/v1/services'),
    ).at(-1)!;
    expect(asked.query.get('code_departement')).toBe('13');
    expect(asked.query.has('code_commune')).toBe(false);
  });

  it('answers every commune (arrondissement, commune without records) with the per-commune records', async () => {
    const before = { soliguide: soliguideSearches(), di: diServices() + diStructures() };
    const wide: Array<Record<string, any>> = [];
    for (const code of COMMUNES) {
      const res = await gql(widened.graphqlUrl, LISTS, { code });
      expect(res.errors).toBeUndefined();
      wide.push(res.data!);
    }
    // Services came from the answers cached above; structures cost one call per source, for all communes.
    expect(soliguideSearches() - before.soliguide).toBe(1);
    expect(diServices() + diStructures() - before.di).toBe(1);

    const narrowBefore = { soliguide: soliguideSearches(), di: diServices() + diStructures() };
    for (const [i, code] of COMMUNES.entries()) {
      const res = await gql(perCommune.graphqlUrl, LISTS, { code });
      expect(res.errors).toBeUndefined();
      const w = wide[i]!;
      expect(ids(w.services)).toEqual(ids(res.data!.services));
      expect(ids(w.structures)).toEqual(ids(res.data!.structures));
      expect(w.services.totalCount).toBe(res.data!.services.totalCount);
      expect(w.services.incompleteSources).toEqual([]);
    }
    // Per commune: one Soliguide search per commune (shared by both lists of a request), two d·i calls.
    expect(soliguideSearches() - narrowBefore.soliguide).toBe(COMMUNES.length);
    expect(diServices() + diStructures() - narrowBefore.di).toBe(2 * COMMUNES.length);

    const count = (code: string) => wide[COMMUNES.indexOf(code)]!;
    expect(count('13055').services.totalCount).toBeGreaterThan(0);
    expect(ids(count('13055').services).some((id: string) => id.startsWith('soliguide--'))).toBe(true);
    expect(count('13201').services.totalCount).toBe(0);
    expect(ids(count('13047').services).some((id: string) => id.startsWith('monenfant--'))).toBe(true);
    expect(count('13003').services.totalCount).toBe(0);
    expect(count('13003').structures.totalCount).toBe(0);
  });
});
