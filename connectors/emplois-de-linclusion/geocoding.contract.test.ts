import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../sandbox/generate.js';
import { createBanConnector } from '../ban/index.js';
import { startBanSimulator, type BanSimulator } from '../ban/simulator.js';
import type { GeocoderConnector, SourceConfig } from '../connector.js';
import type { Simulator } from '../sim/server.js';
import { smallWorld } from './fixtures/world.js';
import { createEmploisConnector } from './index.js';
import { startEmploisSimulator } from './simulator.js';

const TOKEN = 'di-service-token';
const S = 'emplois-de-linclusion';
const UNKNOWN = {
  id: '301',
  kind: 'CHRS',
  nom: 'Foyer des Tilleuls',
  siret: null,
  description: 'Hébergement et réinsertion sociale.',
  site_web: '',
  telephone: '',
  courriel: '',
  code_postal: '59000',
  commune: 'Lille',
  adresse: '99 impasse des Tilleuls Inexistants',
  complement_adresse: '',
  longitude: null,
  latitude: null,
  date_maj: '2025-02-01T09:00:00+01:00',
  lien_source: null,
};
let emplois: Simulator;
let ban: BanSimulator;
let batches: number[] = [];

/** The real BAN connector against the BAN simulator, with its batch sizes recorded. */
function geocoder(): GeocoderConnector {
  const real = createBanConnector({ id: 'ban', connector: 'ban', baseUrl: `${ban.url}/geocodage` });
  return { ...real, geocode: (q, ctx) => (batches.push(q.length), real.geocode(q, ctx)) };
}
const source = (extra: Partial<SourceConfig> = {}): SourceConfig => ({
  id: S,
  connector: S,
  baseUrl: `${emplois.url}/api/v1`,
  token: TOKEN,
  options: { pageSize: 3, ratePerMinute: 600 },
  ...extra,
});
const connector = (extra: Partial<SourceConfig> = {}) =>
  createEmploisConnector(source(extra), { geocoder: geocoder(), now: () => new Date('2025-12-01') });

beforeAll(async () => {
  emplois = await startEmploisSimulator({
    world: smallWorld,
    token: TOKEN,
    throttle: { user: 1000, anon: 1000 },
    extra: { orga: [UNKNOWN] },
  });
  ban = await startBanSimulator({ world: smallWorld });
});
afterEach(() => {
  expect(emplois.pendingFaults()).toEqual([]);
  expect(ban.pendingFaults()).toEqual([]);
  emplois.reset();
  ban.reset();
  batches = [];
});
afterAll(async () => {
  await emplois.close();
  await ban.close();
});

describe('emplois records geocoded through the BAN connector and simulator', () => {
  it('geocodes each page in one batch and fills code_insee, coordinates and adresse_certifiee', async () => {
    const r = await connector().listStructures({});
    expect(batches).toEqual([3, 3, 1]);
    // One CSV request per page of several addresses, one /search for the lone one.
    expect(ban.count('/geocodage/search')).toBe(3);
    expect(ban.count('/geocodage/search/csv')).toBe(2);
    const byId = new Map(r.items.map((s) => [s.id.slice(S.length + 2), s]));
    expect(byId.get('101')).toMatchObject({
      codeInsee: '59350',
      latitude: 50.6365,
      longitude: 3.0601,
      adresseCertifiee: true,
      adresse: '12 rue Nationale',
    });
    expect(byId.get('102')).toMatchObject({
      codeInsee: '69123',
      codePostal: '69003',
      latitude: 45.763358,
      longitude: 4.853412,
      adresseCertifiee: true,
    });
    expect(byId.get('202')).toMatchObject({ codeInsee: '59512', commune: 'Roubaix' });
    expect(byId.get('301')).toMatchObject({
      codeInsee: null,
      latitude: null,
      longitude: null,
      adresseCertifiee: false,
      adresse: '99 impasse des Tilleuls Inexistants',
    });
    expect(r.items).toHaveLength(7);
    expect(r.warnings).toBeUndefined();
  });

  it('filters a département after geocoding, geocoding only the records whose postcode may be in it', async () => {
    const r = await connector().listStructures({ codeDepartement: '59' });
    expect(ban.count('/geocodage/search')).toBe(3);
    expect(r.items.map((s) => s.id.slice(S.length + 2)).sort()).toEqual(['101', '201', '202', '301']);
    expect(r.appliedFilters).toEqual(['codeDepartement']);
    expect(r.warnings).toEqual(['1 record(s) matched the département filter by postcode only (address not geocoded)']);
  });

  it('filters a commune on the folded code (Lyon arrondissements → 69123)', async () => {
    const r = await connector().listStructures({ codeCommune: '69123' });
    expect(ban.count('/geocodage/search')).toBe(2);
    expect(r.items.map((s) => s.id.slice(S.length + 2))).toEqual(['102', '203']);
    expect(r.appliedFilters).toEqual(['codeCommune']);
  });

  it('still returns every record when the geocoder is down, says so, and stops asking it', async () => {
    ban.fault({ kind: 'status', status: 503, times: 3 });
    const r = await connector({ options: { pageSize: 1, ratePerMinute: 600 } }).listStructures({});
    expect(r.items).toHaveLength(7);
    expect(r.items.every((s) => s.codeInsee === null && s.adresseCertifiee === false)).toBe(true);
    expect(r.items.find((s) => s.id === `${S}--101`)).toMatchObject({ latitude: 50.6365, longitude: 3.0601 });
    expect(r.warnings).toEqual([
      'geocoder "ban" failed (unavailable): 7 record(s) returned without code_insee or coordinates',
    ]);
    expect(batches).toEqual([1]);
    expect(ban.count()).toBe(3);
  });

  it('geocodes the open siaes/ search too', async () => {
    const r = await connector({ token: undefined }).listStructures({ codeDepartement: '69' });
    expect(r.items.map((s) => [s.id, s.codeInsee, s.adresseCertifiee])).toEqual([[`${S}--102`, '69123', true]]);
    expect(ban.count('/geocodage/search')).toBe(1);
  });
});

describe('through a generated sandbox world', () => {
  it('returns every emplois structure of the world, geocoded to the world’s own commune', async () => {
    const world = generateWorld({ seed: 42, services: 400 });
    const records = world.structures.filter((s) => s.source === S);
    const [em, bn] = await Promise.all([
      startEmploisSimulator({ world, token: TOKEN, throttle: { user: 1000, anon: 1000 } }),
      startBanSimulator({ world }),
    ]);
    try {
      const real = createBanConnector({ id: 'ban', connector: 'ban', baseUrl: `${bn.url}/geocodage` });
      const conn = createEmploisConnector(
        { ...source(), baseUrl: `${em.url}/api/v1`, options: { pageSize: 1000, ratePerMinute: 600 } },
        { geocoder: real },
      );
      const r = await conn.listStructures({});
      expect(r.items.length + r.rejected.length).toBe(records.length);
      expect(em.count()).toBe(2);
      expect(bn.count('/geocodage/search')).toBeLessThanOrEqual(records.length);
      const truth = new Map(records.map((s) => [`${S}--${s.localId}`, s.codeInsee]));
      const located = r.items.filter((s) => s.codeInsee !== null);
      expect(located.length).toBeGreaterThanOrEqual(Math.ceil(0.9 * r.items.length));
      expect(located.filter((s) => s.codeInsee !== truth.get(s.id))).toEqual([]);
    } finally {
      await Promise.all([em.close(), bn.close()]);
    }
  });
});
