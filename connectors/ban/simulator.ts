/**
 * A loopback Géoplateforme geocoder (docs/partners/ban.md#simulator): `GET /geocodage/search`, `/reverse` and
 * `/getCapabilities` answering GeoCodeJSON from a gazetteer of the sandbox world's addresses plus
 * any given ones, and the CSV batch `POST /geocodage/search/csv` (multipart, csv.ts) answering each
 * row as `/search` with `limit=1` would; 400 for a bad query, 429 + Retry-After beyond its
 * requests-per-second budget (a CSV batch is one request).
 */
import type { SandboxWorld } from '../../sandbox/world.js';
import {
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { featureToCells, readCsv, RESULT_COLUMNS, writeCsv } from './csv.js';
import {
  buildGazetteer,
  contentTokens,
  metresTo,
  renderBan,
  similarity,
  toFeature,
  type BanAddress,
  type BanEntry,
} from './gazetteer.js';
import type { BanFeatureCollection } from './types.js';

export { renderBan, buildGazetteer, type BanAddress } from './gazetteer.js';

/** Options of the BAN simulator. */
export interface BanSimulatorOptions extends SimulatorOptions {
  /** Whose addresses the gazetteer knows. */
  readonly world?: SandboxWorld;
  /** Extra addresses (e.g. a hand-built Lyon 3e address with its arrondissement code). */
  readonly addresses?: readonly BanAddress[];
  /** Requests per second before 429 (the Géoplateforme's budget). @default 50 */
  readonly ratePerSecond?: number;
}

/** A started BAN simulator, plus how many requests its budget turned away. */
export interface BanSimulator extends Simulator {
  throttled(): number;
}

const TYPES = new Set(['housenumber', 'street', 'locality', 'municipality']);
const bad = (description: string): SimResponse => ({ status: 400, body: { code: 400, message: description } });
const collection = (
  features: BanFeatureCollection['features'],
  extra: Partial<BanFeatureCollection>,
): BanFeatureCollection => ({
  type: 'FeatureCollection',
  version: 'draft',
  features,
  attribution: 'BAN',
  licence: 'ETALAB-2.0',
  ...extra,
});

/** `limit` as addok reads it: 1..50 on the Géoplateforme. */
function limitOf(q: URLSearchParams, fallback: number): number | null {
  const raw = q.get('limit');
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 50 ? n : null;
}

function search(entries: readonly BanEntry[], req: SimRequest): SimResponse {
  const q = (req.query.get('q') ?? '').trim();
  // The legacy API's words; the Géoplateforme's 400 body shape is not verified (docs/partners/ban.md#errors).
  if (q.length < 3 || q.length > 200 || !/^[\p{L}\p{N}]/u.test(q))
    return bad('q must contain between 3 and 200 chars and start with a number or a letter');
  const limit = limitOf(req.query, 10);
  if (limit === null) return bad('limit must be an integer between 1 and 50');
  const type = req.query.get('type');
  if (type !== null && !TYPES.has(type)) return bad(`type must be one of ${[...TYPES].join(', ')}`);
  const filters: Record<string, string[]> = {};
  for (const k of ['postcode', 'citycode', 'type'] as const) {
    const v = req.query.get(k);
    if (v) filters[k] = [v];
  }
  const tokens = contentTokens(q);
  const hits = entries
    .filter(
      (e) =>
        (!filters.postcode || e.postcode === filters.postcode[0]) &&
        (!filters.citycode || e.citycode === filters.citycode[0]) &&
        (!type || e.type === type),
    )
    .map((e) => ({ e, score: similarity(tokens, e) }))
    .filter((h) => h.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.e.id.localeCompare(b.e.id))
    .slice(0, limit);
  return {
    body: collection(
      hits.map((h) => toFeature(h.e, h.score)),
      { query: q, limit, ...(Object.keys(filters).length ? { filters } : {}) },
    ),
  };
}

function reverse(entries: readonly BanEntry[], req: SimRequest): SimResponse {
  const lon = Number(req.query.get('lon'));
  const lat = Number(req.query.get('lat'));
  if (
    !req.query.get('lon') ||
    !req.query.get('lat') ||
    !Number.isFinite(lon) ||
    !Number.isFinite(lat) ||
    Math.abs(lat) > 90 ||
    Math.abs(lon) > 180
  )
    return bad('lon and lat are required and must be valid WGS84 coordinates');
  const limit = limitOf(req.query, 1);
  if (limit === null) return bad('limit must be an integer between 1 and 50');
  // Nearest addresses within 10 km, housenumbers first as addok's reverse prefers them.
  const near = entries
    .filter((e) => e.type !== 'municipality')
    .map((e) => ({ e, d: metresTo(lat, lon, e) }))
    .filter((h) => h.d <= 10_000)
    .sort((a, b) => a.d - b.d || (a.e.type === 'housenumber' ? -1 : 1))
    .slice(0, limit);
  return {
    body: collection(
      near.map((h) => toFeature(h.e, Math.max(0, Math.round((1 - h.d / 10_000) * 1e4) / 1e4), h.d)),
      { center: [lon, lat], limit },
    ),
  };
}

/** The named parts of a multipart/form-data body (text only: field values and file contents). */
function multipart(req: SimRequest): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
  if (!boundary) return parts;
  for (const chunk of req.rawBody.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/i.exec(chunk.slice(0, split))?.[1];
    if (name !== undefined) parts.set(name, [...(parts.get(name) ?? []), chunk.slice(split + 4).replace(/\r\n$/, '')]);
  }
  return parts;
}

/** addok-csv: each row searched with its `columns` joined as `q` and its `citycode`/`postcode` columns as filters. */
function searchCsv(entries: readonly BanEntry[], req: SimRequest): SimResponse {
  const form = multipart(req);
  const data = form.get('data')?.[0];
  if (data === undefined) return bad('a CSV file is expected in the "data" field');
  const { header, rows } = readCsv(data);
  const column = (name: string) => header.indexOf(name);
  const columns = (form.get('columns') ?? []).map(column);
  if (columns.some((i) => i < 0)) return bad('columns must name columns of the file');
  const filters = (['citycode', 'postcode'] as const)
    .map((f) => [f, column(form.get(f)?.[0] ?? '')] as const)
    .filter(([, i]) => i >= 0);
  const out = rows.map((cells) => {
    const q = (columns.length > 0 ? columns.map((i) => cells[i] ?? '') : cells).join(' ');
    const query = new URLSearchParams({ q, limit: '2' });
    for (const [f, i] of filters) if (cells[i]) query.set(f, cells[i]!);
    const answer = search(entries, { ...req, method: 'GET', query });
    const features = answer.status === undefined ? (answer.body as BanFeatureCollection).features : [];
    return [...cells, ...featureToCells(features[0], features[1])];
  });
  return { raw: writeCsv([...header, ...RESULT_COLUMNS], out), headers: { 'content-type': 'text/csv; charset=utf-8' } };
}

/** Starts the simulator on a loopback port. */
export async function startBanSimulator(opts: BanSimulatorOptions = {}): Promise<BanSimulator> {
  const entries = buildGazetteer([...(opts.world ? renderBan(opts.world) : []), ...(opts.addresses ?? [])]);
  const budget = opts.ratePerSecond ?? 50;
  const served: number[] = [];
  let throttled = 0;
  // Sliding one-second window over accepted requests, as a per-IP limiter would keep.
  const withBudget =
    (handler: (req: SimRequest) => SimResponse) =>
    (req: SimRequest): SimResponse => {
      const now = Date.now();
      while (served.length > 0 && now - served[0]! >= 1000) served.shift();
      if (served.length >= budget) {
        throttled++;
        return { status: 429, body: { code: 429, message: 'Too Many Requests' }, headers: { 'retry-after': '1' } };
      }
      served.push(now);
      return handler(req);
    };
  const capabilities = (): SimResponse => ({
    body: {
      info: { name: 'Géoplateforme géocodage (simulated)' },
      api: { version: '1.0' },
      indexes: [{ id: 'address' }],
    },
  });
  const routes = [
    ...['/geocodage/search', '/geocodage/search/'].map((path) => ({
      method: 'GET',
      path,
      handler: withBudget((r) => search(entries, r)),
    })),
    ...['/geocodage/reverse', '/geocodage/reverse/'].map((path) => ({
      method: 'GET',
      path,
      handler: withBudget((r) => reverse(entries, r)),
    })),
    ...['/geocodage/search/csv', '/geocodage/search/csv/'].map((path) => ({
      method: 'POST',
      path,
      handler: withBudget((r) => searchCsv(entries, r)),
    })),
    { method: 'GET', path: '/geocodage/getCapabilities', handler: withBudget(capabilities) },
  ];
  const sim = await startSimulator('ban', routes, opts);
  return Object.assign(sim, { throttled: () => throttled });
}
