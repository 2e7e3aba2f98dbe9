import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/errors.js';
import type { OffreConnector, SourceConfig } from '../connector.js';
import { generateWorld } from '../../sandbox/generate.js';
import { fileWorld } from './fixtures/world.js';
import { createFileConnector } from './index.js';
import { FILE_PATHS, startFileSimulator, type FileSimulator } from './simulator.js';

let sim: FileSimulator;
let calls = 0;
const world = fileWorld();
const MES_AIDES_IDS = ['mes-aides--recA', 'mes-aides--recB', 'mes-aides--recC', 'mes-aides--recD', 'mes-aides--recE'];

const connector = (options: Record<string, unknown>, over: Partial<SourceConfig> = {}): OffreConnector =>
  createFileConnector(
    { id: 'mes-aides', connector: 'file', baseUrl: sim.url, timeoutMs: 300, options, ...over },
    { onRequest: () => void calls++ },
  );
const mesAides = (format: 'csv' | 'json' = 'csv') =>
  connector({ path: format === 'csv' ? FILE_PATHS.mesAidesCsv : FILE_PATHS.mesAidesJson, format, layout: 'mes-aides' });
const kindOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof ConnectorError ? e.kind : `not a ConnectorError: ${String(e)}`),
  );

beforeAll(async () => {
  sim = await startFileSimulator({ world });
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
});

describe('file connector (mes-aides layout) against its simulator', () => {
  it('fetches once (200), then revalidates with If-None-Match and reuses the parsed records on 304', async () => {
    const c = mesAides();
    const first = await c.listServices({});
    expect(first.items.map((s) => s.id)).toEqual(MES_AIDES_IDS);
    expect(first.appliedFilters).toEqual([]);
    const before304 = sim.notModifiedAnswers();
    const second = await c.listServices({ codeDepartement: '59' });
    expect(sim.notModifiedAnswers() - before304).toBe(1);
    const [r1, r2] = sim.requests;
    expect(r1!.headers['if-none-match']).toBeUndefined();
    expect(r2!.headers['if-none-match']).toMatch(/^"[0-9a-f]{20}"$/);
    expect(r2!.headers['if-modified-since']).toMatch(/GMT$/);
    // Same array instance: the 304 reused the records parsed from the first body.
    expect(second.items).toBe(first.items);
    expect(second.appliedFilters).toEqual([]);
  });

  it('looks ids up in the loaded file, key-aligned, structures and services alike', async () => {
    const c = mesAides('json');
    const services = await c.getServices(['mes-aides--recC', 'mes-aides--nope', 'dora--recA']);
    expect(services.map((s) => s?.id ?? null)).toEqual(['mes-aides--recC', null, null]);
    const structures = await c.getStructures(['mes-aides--recA', 'mes-aides--recE']);
    expect(structures.map((s) => s?.nom ?? null)).toEqual(['Département du Nord', 'Département du Nord']);
    expect((await c.listStructures({})).items).toHaveLength(5);
    expect(sim.requests.map((r) => r.path)).toEqual(Array(3).fill(FILE_PATHS.mesAidesJson));
  });

  it('shares one request between concurrent calls', async () => {
    const c = mesAides();
    await Promise.all([c.listServices({}), c.getServices(['mes-aides--recA']), c.listStructures({})]);
    expect(sim.count()).toBe(1);
  });

  it('picks up a changed file (new ETag → 200 and new records)', async () => {
    const c = mesAides();
    await c.listServices({});
    const notModified = sim.notModifiedAnswers();
    const original = sim.file(FILE_PATHS.mesAidesCsv)!;
    sim.setFile(FILE_PATHS.mesAidesCsv, original.replace('Aide au permis B', 'Aide au permis B renouvelée'));
    const after = await c.listServices({});
    expect(after.items.find((s) => s.id === 'mes-aides--recA')?.nom).toBe('Aide au permis B renouvelée');
    expect(sim.notModifiedAnswers()).toBe(notModified); // answered 200, not 304
    expect(sim.requests[1]!.headers['if-none-match']).toBeDefined();
    sim.setFile(FILE_PATHS.mesAidesCsv, original);
  });

  it('rejects the rows of a garbage CSV with reasons instead of failing', async () => {
    const c = mesAides();
    const path = FILE_PATHS.mesAidesCsv;
    const good = sim.file(path)!;
    sim.serveGarbage(path);
    const res = await c.listServices({});
    expect(res.items).toEqual([]);
    expect(res.rejected).toEqual([
      { source: 'mes-aides', id: null, reason: 'row 2: 1 cell where the header has 3 (line 2)' },
      { source: 'mes-aides', id: null, reason: 'row 3: 5 cells where the header has 3 (line 3)' },
      { source: 'mes-aides', id: null, reason: 'row 4: 1 cell where the header has 3 (line 4)' },
      { source: 'mes-aides', id: null, reason: 'row 5: aide is not online ("En ligne" unchecked)' },
      {
        source: 'mes-aides',
        id: null,
        reason: 'row 6: unterminated quoted field (the rest of the file was swallowed) (line 6)',
      },
    ]);
    sim.setFile(path, good);
  });

  it('turns garbage JSON into bad_response', async () => {
    const c = mesAides('json');
    const good = sim.file(FILE_PATHS.mesAidesJson)!;
    sim.serveGarbage(FILE_PATHS.mesAidesJson);
    expect(await kindOf(c.listServices({}))).toBe('bad_response');
    sim.setFile(FILE_PATHS.mesAidesJson, good);
  });

  it('maps 404, 500 and a hang to ConnectorError kinds', async () => {
    expect(await kindOf(connector({ path: 'mes-aides/absent.csv', layout: 'mes-aides' }).listServices({}))).toBe(
      'not_found',
    );
    sim.fault({ kind: 'status', status: 500, times: 3 });
    expect(await kindOf(mesAides().listServices({}))).toBe('unavailable');
    sim.fault({ kind: 'hang', times: 3 });
    expect(await kindOf(mesAides().listServices({}))).toBe('timeout');
    expect(sim.count()).toBe(1 + 3 + 3);
  });

  it('counts attempts through onRequest and answers ping', async () => {
    const before = calls;
    await mesAides().ping!();
    expect(calls - before).toBe(1);
  });
});

describe('file connector (v1 layout)', () => {
  it('reads a services sheet and its structures sheet', async () => {
    const c = connector(
      { path: FILE_PATHS.ftServices, structuresPath: FILE_PATHS.ftStructures },
      { id: 'france-travail' },
    );
    const services = await c.listServices({});
    expect(services.items.map((s) => [s.id, s.structureId])).toEqual([
      ['france-travail--aij', 'france-travail--national'],
      ['france-travail--ateliers', 'france-travail--national'],
    ]);
    expect((await c.getStructures(['france-travail--national']))[0]?.nom).toBe('France Travail');
    expect(sim.requests.map((r) => r.path)).toEqual([FILE_PATHS.ftServices, FILE_PATHS.ftStructures]);
  });

  it('serves rows passed in when the world has no France Travail service, and has no structures without structuresPath', async () => {
    const other = await startFileSimulator({
      world: { seed: 1, structures: [], services: [] },
      v1Rows: [
        {
          id: 'x',
          date_maj: '01/02/2025',
          nom: 'Service passé en option',
          description: 'Une ligne fournie par le test.',
          thematiques: 'famille--garde-denfants',
        },
      ],
    });
    try {
      const c = createFileConnector({
        id: 'france-travail',
        connector: 'file',
        baseUrl: other.url,
        options: { path: FILE_PATHS.ftServices, structureId: 'national' },
      });
      expect((await c.listServices({})).items.map((s) => [s.id, s.structureId, s.dateMaj])).toEqual([
        ['france-travail--x', 'france-travail--national', '2025-02-01'],
      ]);
      expect(await c.listStructures({})).toEqual({ items: [], rejected: [], appliedFilters: [] });
    } finally {
      await other.close();
    }
  });
});

describe('through a generated sandbox world', () => {
  it('publishes every mes-aides and France Travail service of the world, none rejected', async () => {
    const generated = generateWorld({ seed: 11, services: 400 });
    const g = await startFileSimulator({ world: generated });
    try {
      const make = (id: string, options: Record<string, unknown>) =>
        createFileConnector({ id, connector: 'file', baseUrl: g.url, options });
      const aides = await make('mes-aides', { path: FILE_PATHS.mesAidesCsv, layout: 'mes-aides' }).listServices({});
      const expected = (source: string) =>
        generated.services.filter((s) => s.source === source).map((s) => `${source}--${s.localId}`);
      expect(aides.rejected).toEqual([]);
      expect(aides.items.map((s) => s.id)).toEqual(expected('mes-aides'));
      const ft = await make('france-travail', {
        path: FILE_PATHS.ftServices,
        structuresPath: FILE_PATHS.ftStructures,
      }).listServices({});
      expect(ft.rejected).toEqual([]);
      expect(ft.items.map((s) => s.id)).toEqual(expected('france-travail'));
    } finally {
      await g.close();
    }
  });
});
