/**
 * The CSV batch route (`POST /search/csv`) against the BAN simulator: a batch of distinct addresses
 * is ONE request, each answer is the one `/search` gives, and a geocoder without the route falls
 * back to one `/search` per address.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import type { SourceConfig } from '../connector.js';
import { createBanClient } from './client.js';
import { readCsv, writeCsv } from './csv.js';
import { createBanConnector } from './index.js';
import { startBanSimulator, type BanSimulator } from './simulator.js';

function structure(
  localId: string,
  adresse: string,
  codePostal: string,
  codeInsee: string,
  commune: string,
  latitude: number,
  longitude: number,
): SandboxStructure {
  return {
    source: 'emplois-de-linclusion',
    localId,
    entityKey: localId,
    typologie: 'ACI',
    reseauxPorteurs: ['aci'],
    nom: `Structure ${localId}`,
    siret: null,
    adresse,
    complementAdresse: null,
    codePostal,
    codeInsee,
    commune,
    latitude,
    longitude,
    telephone: null,
    courriel: null,
    siteWeb: null,
    description: null,
    dateMaj: '2025-01-10',
    horairesAccueil: null,
  };
}
const world: SandboxWorld = {
  seed: 1,
  structures: [
    structure('a', '12 rue Nationale', '59000', '59350', 'Lille', 50.6365, 3.0601),
    structure('b', '156 cours Lafayette', '69003', '69123', 'Lyon', 45.763358, 4.853412),
    structure('c', '12 rue de Strasbourg', '44000', '44109', 'Nantes', 47.206521, -1.561235),
  ],
  services: [],
};

let sim: BanSimulator;
let calls = 0;
const source = (extra: Partial<SourceConfig> = {}): SourceConfig => ({
  id: 'ban',
  connector: 'ban',
  baseUrl: `${sim.url}/geocodage`,
  ...extra,
});
const QUERIES = [
  { q: '12 rue Nationale', codePostal: '59000', codeInsee: '59350' },
  { q: '156 cours Lafayette', codePostal: '69003', codeInsee: '69123' },
  { q: '12, rue de Strasbourg', codePostal: '44000', codeInsee: '44109' },
  { q: 'nowhere at all street', codePostal: '44000', codeInsee: '44109' },
  { q: '12 rue Nationale', codePostal: '59000', codeInsee: '59350' },
];

beforeAll(async () => {
  sim = await startBanSimulator({ world });
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
  calls = 0;
});
afterAll(async () => sim.close());

describe('CSV helpers', () => {
  it('read back what they write, quotes, commas and newlines included', () => {
    const rows = [
      ['12, rue "A"', ''],
      ['line\nbreak', '44109'],
    ];
    expect(readCsv(writeCsv(['q', 'citycode'], rows))).toEqual({ header: ['q', 'citycode'], rows });
  });
});

describe('BAN geocoding through the CSV batch route', () => {
  it('geocodes a batch in ONE request, each answer as /search gives it', async () => {
    const ban = createBanConnector(source(), { onRequest: () => void calls++ });
    const batch = await ban.geocode(QUERIES);
    expect(sim.count('/geocodage/search/csv')).toBe(1);
    expect(calls).toBe(1);
    expect(batch.map((r) => r?.codeInsee ?? null)).toEqual(['59350', '69123', '44109', null, '59350']);
    expect(batch[0]).toMatchObject({ codePostal: '59000', adresse: '12 rue Nationale' });
    // One address at a time: the same answers over /search.
    const single = await Promise.all(QUERIES.map((q) => ban.geocode([q]).then((r) => r[0])));
    expect(single.map((r) => r?.codeInsee ?? null)).toEqual(batch.map((r) => r?.codeInsee ?? null));
    expect(single[0]?.point).toEqual(batch[0]?.point);
  });

  it('answers one collection per row, in order', async () => {
    const client = createBanClient({ partner: 'ban', baseUrl: `${sim.url}/geocodage`, timeoutMs: 2_000 });
    const fcs = await client.searchCsv([
      { q: '12 rue de Strasbourg 44000', limit: 1, citycode: '44109' },
      { q: 'zzz qqq', limit: 1 },
    ]);
    expect(fcs.map((f) => f.features.length)).toEqual([1, 0]);
    expect(fcs[0]!.features[0]!.properties).toMatchObject({ citycode: '44109', type: 'housenumber' });
  });

  it('falls back to one /search per address when the geocoder has no CSV route', async () => {
    sim.fault({ kind: 'status', status: 404, match: /csv/ });
    const ban = createBanConnector(source(), { onRequest: () => void calls++ });
    const batch = await ban.geocode(QUERIES.slice(0, 3));
    expect(batch.map((r) => r?.codeInsee ?? null)).toEqual(['59350', '69123', '44109']);
    expect(sim.count('/geocodage/search/csv')).toBe(1);
    expect(sim.count('/geocodage/search')).toBe(4);
  });
});
