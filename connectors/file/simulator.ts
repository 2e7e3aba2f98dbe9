/**
 * Loopback simulator of published dataset files: serves the sandbox world's mes-aides records as the
 * aides export (CSV and JSON) and its France Travail services/structures as v1 sheets, with ETag and
 * Last-Modified, 304 answers to conditional requests, and controls to change a file or serve garbage.
 */
import { createHash } from 'node:crypto';
import type { SandboxWorld } from '../../sandbox/world.js';
import {
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { renderMesAides, renderV1ServiceRow, renderV1StructureRow, rowsToCsv, type RenderedRow } from './render.js';
import { createTerritoryLookup } from './territories.js';
import { MES_AIDES_COLUMNS, V1_SERVICE_COLUMNS, V1_STRUCTURE_COLUMNS } from './types.js';

/** Paths the simulator serves by default. */
export const FILE_PATHS = Object.freeze({
  mesAidesCsv: '/mes-aides/aides.csv',
  mesAidesJson: '/mes-aides/aides.json',
  ftServices: '/france-travail/services.csv',
  ftStructures: '/france-travail/structures.csv',
});

/** A started file simulator. */
export interface FileSimulator extends Simulator {
  /** Replaces (or adds) a file: new ETag and a strictly later Last-Modified. */
  setFile(path: string, body: string): void;
  /** The body currently served at `path`. */
  file(path: string): string | undefined;
  /** Replaces a file with garbage (broken CSV rows, or invalid JSON for `.json` paths). */
  serveGarbage(path: string): void;
  /** Number of 304 Not Modified answers given. */
  notModifiedAnswers(): number;
}

/** Broken CSV: stray text, short and long rows, and an unterminated quote at the end. */
export const GARBAGE_CSV =
  'ID,Nom,Description\r\n\u0000\u0007 not a row\r\n1,2,3,4,5\r\n"a";"b"\r\nok,,\r\n2,"never closed,\r\nx,y\r\n';

/** Every file the world yields, by path (v1 services from `v1Rows` when the world has no France Travail service). */
export function renderFiles(world: SandboxWorld | undefined, v1Rows: readonly RenderedRow[] = []): Map<string, string> {
  const w: SandboxWorld = world ?? { seed: 0, structures: [], services: [] };
  const cog = createTerritoryLookup();
  const aides = renderMesAides(w, cog);
  const ft = w.services.filter((s) => s.source === 'france-travail');
  const ftRows = ft.length > 0 ? ft.map((s) => renderV1ServiceRow(s, cog)) : v1Rows;
  const ftStructures = w.structures.filter((s) => s.source === 'france-travail').map(renderV1StructureRow);
  return new Map([
    [FILE_PATHS.mesAidesCsv, rowsToCsv(MES_AIDES_COLUMNS, aides)],
    [FILE_PATHS.mesAidesJson, JSON.stringify(aides)],
    [FILE_PATHS.ftServices, rowsToCsv(V1_SERVICE_COLUMNS, ftRows)],
    [FILE_PATHS.ftStructures, rowsToCsv(V1_STRUCTURE_COLUMNS, ftStructures)],
  ]);
}

interface Served {
  readonly body: string;
  readonly etag: string;
  /** Milliseconds, whole seconds (HTTP dates have no finer precision). */
  readonly modified: number;
}

/** True when the request's validators match the served version (If-None-Match wins over If-Modified-Since). */
function notModified(req: SimRequest, f: Served): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => ['*', f.etag, `W/${f.etag}`].includes(t.trim()));
  const ims = Date.parse(String(req.headers['if-modified-since'] ?? ''));
  return !Number.isNaN(ims) && f.modified <= ims;
}

/** Starts the simulator; `files` adds or overrides paths. */
export async function startFileSimulator(
  opts: {
    world?: SandboxWorld;
    v1Rows?: readonly RenderedRow[];
    files?: Readonly<Record<string, string>>;
  } & SimulatorOptions = {},
): Promise<FileSimulator> {
  const served = new Map<string, Served>();
  let last = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  let answered304 = 0;
  const setFile = (path: string, body: string) => {
    last = Math.max(last + 1000, Math.floor(Date.now() / 1000) * 1000);
    served.set(path, { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`, modified: last });
  };
  for (const [p, b] of renderFiles(opts.world, opts.v1Rows)) setFile(p, b);
  for (const [p, b] of Object.entries(opts.files ?? {})) setFile(p, b);

  const handler = (req: SimRequest): SimResponse => {
    const f = served.get(req.path);
    if (!f)
      return {
        status: 404,
        raw: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>',
        headers: { 'content-type': 'application/xml' },
      };
    const headers = { etag: f.etag, 'last-modified': new Date(f.modified).toUTCString() };
    if (notModified(req, f)) {
      answered304++;
      return { status: 304, raw: '', headers };
    }
    const type = req.path.endsWith('.json') ? 'application/json' : 'text/csv; charset=utf-8';
    return { status: 200, raw: f.body, headers: { ...headers, 'content-type': type } };
  };
  const sim = await startSimulator('file', [{ method: 'GET', path: '/:dir/:file', handler }], opts);
  return Object.assign(sim, {
    setFile,
    file: (path: string) => served.get(path)?.body,
    serveGarbage: (path: string) => setFile(path, path.endsWith('.json') ? '[{"ID": "1", "Nom": ' : GARBAGE_CSV),
    notModifiedAnswers: () => answered304,
  });
}
