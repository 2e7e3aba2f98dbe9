import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../../src/domain/index.js';
import { loadCog } from '../../sandbox/cog.js';
import { generateWorld } from '../../sandbox/generate.js';
import type { Simulator } from '../sim/server.js';
import { DI_SIM_TOKEN, startDataInclusionSimulator } from './simulator.js';
import type { DiDetailedStructure, DiListedStructure, DiPage, DiService, DiServiceSearchResult } from './types.js';

const world = generateWorld({ seed: 21, services: 600 });
let sim: Simulator;

async function get<T>(path: string, token: string | null = DI_SIM_TOKEN): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sim.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  sim = await startDataInclusionSimulator({ world });
});
afterAll(() => sim.close());

describe('data·inclusion simulator', () => {
  it('answers the envelope with size = items returned and pages = ⌈total / size asked⌉', async () => {
    const { body } = await get<DiPage<DiService>>('/api/v1/services?size=7&page=2');
    expect(body).toMatchObject({ page: 2, size: 7, pages: Math.ceil(body.total / 7) });
    const last = await get<DiPage<DiService>>(`/api/v1/services?size=7&page=${body.pages}`);
    expect(last.body.size).toBe(last.body.items.length);
    expect(last.body.size).toBeLessThanOrEqual(7);
    expect((await get<DiPage<DiService>>(`/api/v1/services?size=7&page=${body.pages + 1}`)).body.items).toEqual([]);
  });

  it('answers FastAPI 422 lists for bad enum values and bounds', async () => {
    const { status, body } = await get<{ detail: Array<{ type: string; loc: unknown[]; input: string }> }>(
      '/api/v1/services?thematiques=famille&thematiques=nope&size=0',
    );
    expect(status).toBe(422);
    expect(body.detail.map((d) => [d.type, d.loc])).toEqual([
      ['greater_than_equal', ['query', 'size']],
      ['enum', ['query', 'thematiques', 1]],
    ]);
  });

  it('answers the search routes’ own 422 strings', async () => {
    expect(await get('/api/v1/search/services?code_commune=00000')).toEqual({
      status: 422,
      body: { detail: 'This `code_commune` does not exist.' },
    });
    expect(await get('/api/v1/search/services?code_commune=59350&lat=50.6')).toEqual({
      status: 422,
      body: { detail: 'The `lat` and `lon` must be simultaneously filled.' },
    });
  });

  it('keeps /doc public and the data routes behind the token', async () => {
    expect((await get<unknown[]>('/api/v1/doc/frais', null)).body).toHaveLength(2);
    expect(await get('/api/v1/sources', null)).toEqual({ status: 401, body: { detail: 'Not authenticated' } });
  });

  it('filters on location: commune equality, département prefix, région through the communes table', async () => {
    const lyon = (await get<DiPage<DiListedStructure>>('/api/v1/structures?code_commune=69123')).body.items;
    expect(lyon.length).toBeGreaterThan(0);
    expect(lyon.every((s) => s.code_insee === '69123')).toBe(true);
    const idf = (await get<DiPage<DiListedStructure>>('/api/v1/structures?slug_region=ile-de-france')).body.items;
    expect(idf.length).toBeGreaterThan(0);
    expect(idf.every((s) => s.code_insee!.startsWith('93'))).toBe(true);
  });

  it('expands thématique categories and lets tous-publics services match any public', async () => {
    const { items } = (await get<DiPage<DiService>>('/api/v1/services?thematiques=famille&publics=femmes')).body;
    expect(items.length).toBeGreaterThan(0);
    expect(
      items.every(
        (s) =>
          s.thematiques!.some((t) => t.startsWith('famille--')) &&
          s.publics!.some((p) => p === 'femmes' || p === 'tous-publics'),
      ),
    ).toBe(true);
  });

  it('serves structure details with their services and duplicates', async () => {
    const listed = (await get<DiPage<DiListedStructure>>('/api/v1/structures?size=10000')).body.items.find(
      (s) => s.doublons.length > 0,
    )!;
    const { body } = await get<DiDetailedStructure>(`/api/v1/structures/${encodeURIComponent(listed.id)}`);
    expect(body.doublons.map((d) => d.id)).toEqual(listed.doublons.map((d) => d.id));
    expect(body.services.every((s) => s.structure_id === listed.id)).toBe(true);
    expect((await get('/api/v1/structures/nope--1')).status).toBe(404);
  });

  it('searches by eligibility and 50 km, remote services kept without distance', async () => {
    const { items } = (
      await get<DiPage<DiServiceSearchResult>>('/api/v1/search/services?code_commune=35238&size=10000')
    ).body;
    const rennes = loadCog().commune('35238')!.centre!;
    for (const { service: s, distance } of items) {
      const eligible =
        s.zone_eligibilite === null ||
        s.zone_eligibilite.some((z) => ['35238', '35', 'france', '99100', '243500139'].includes(z));
      expect(eligible, s.id).toBe(true);
      if (distance !== null)
        expect(
          Math.abs(distance - distanceKm(rennes, { latitude: s.latitude!, longitude: s.longitude! })),
        ).toBeLessThanOrEqual(0.5);
      else expect(s.modes_accueil!.includes('a-distance') || !s.modes_accueil!.includes('en-presentiel')).toBe(true);
    }
    expect(items.some((i) => i.distance === null)).toBe(true);
    expect(items.some((i) => i.distance !== null)).toBe(true);
  });
});
