/**
 * The BAN simulator's data (pure): a gazetteer of housenumber, street and municipality entries built
 * from real addresses, searched by normalised-token similarity and rendered as GeoCodeJSON features.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { distanceKm, normaliseForMatch } from '../../src/domain/index.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import type { BanFeature, BanResultType } from './types.js';

/** An address the gazetteer knows; `codeInsee` may be a commune or an arrondissement code. */
export interface BanAddress {
  readonly adresse: string | null;
  readonly codePostal: string;
  readonly codeInsee: string;
  readonly commune: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** One searchable BAN object. */
export interface BanEntry {
  readonly id: string;
  readonly type: Exclude<BanResultType, 'locality'>;
  readonly housenumber: string | null;
  readonly street: string | null;
  readonly name: string;
  readonly postcode: string;
  readonly citycode: string;
  readonly city: string;
  readonly district: string | null;
  readonly latitude: number;
  readonly longitude: number;
  /** Content tokens of name and city (stop words dropped). */
  readonly tokens: ReadonlySet<string>;
  /** Tokens that may be matched but are not expected in a query: postcode, arrondissement label. */
  readonly optional: ReadonlySet<string>;
}

const STOP = new Set(
  'de du des la le les l d et a au aux en sur rue avenue av bd boulevard place pl chemin allee impasse route quai cours'.split(
    ' ',
  ),
);
const PLM: Readonly<Record<string, { prefix: string; first: number; city: string }>> = {
  '75056': { prefix: '751', first: 1, city: 'Paris' },
  '69123': { prefix: '6938', first: 1, city: 'Lyon' },
  '13055': { prefix: '132', first: 1, city: 'Marseille' },
};

/** Content tokens of a text. */
export const contentTokens = (text: string): string[] =>
  normaliseForMatch(text)
    .split(' ')
    .filter((t) => t !== '' && !STOP.has(t));

/** Arrondissement code and label for a Paris/Lyon/Marseille address, from its postcode (BAN indexes those). */
export function arrondissementOf(codeInsee: string, codePostal: string): { code: string; district: string } | null {
  const plm = PLM[codeInsee];
  const n = Number(codePostal.slice(-2));
  const max = codeInsee === '69123' ? 9 : codeInsee === '75056' ? 20 : 16;
  if (!plm || !(n >= 1 && n <= max)) return null;
  const code = `${plm.prefix}${String(n).padStart(codeInsee === '69123' ? 1 : 2, '0')}`;
  return { code, district: `${plm.city} ${n === 1 ? '1er' : `${n}e`} Arrondissement` };
}

const CITY_OF_ARR: ReadonlyArray<[RegExp, string]> = [
  [/^751\d\d$/, 'Paris'],
  [/^6938\d$/, 'Lyon'],
  [/^132\d\d$/, 'Marseille'],
];

/** Splits "12 bis rue X" into its number and street. */
function splitNumber(adresse: string): { housenumber: string | null; street: string } {
  const m = /^(\d+(?:\s?(?:bis|ter|quater|[a-c]))?)\b[\s,]+(.+)$/i.exec(adresse.trim());
  return m
    ? { housenumber: m[1]!.replace(/\s/g, '').toLowerCase(), street: m[2]!.trim() }
    : { housenumber: null, street: adresse.trim() };
}

function entry(e: Omit<BanEntry, 'tokens' | 'optional'>): BanEntry {
  const tokens = new Set(contentTokens(e.type === 'municipality' ? e.city : `${e.name} ${e.city}`));
  const optional = new Set(contentTokens(`${e.postcode} ${e.district ?? ''}`).filter((t) => !tokens.has(t)));
  return { ...e, tokens, optional };
}

/** Builds the gazetteer: a housenumber, a street and a municipality entry per distinct address. */
export function buildGazetteer(addresses: readonly BanAddress[]): BanEntry[] {
  const out = new Map<string, BanEntry>();
  const towns = new Map<string, { a: BanAddress; lat: number; lon: number; n: number; district: string | null }>();
  for (const a of addresses) {
    const arr = arrondissementOf(a.codeInsee, a.codePostal);
    const citycode = arr?.code ?? a.codeInsee;
    const plmCity = CITY_OF_ARR.find(([re]) => re.test(citycode))?.[1];
    const city = plmCity ?? a.commune;
    const district = arr?.district ?? (plmCity ? a.commune : null);
    const base = { postcode: a.codePostal, citycode, city, district, latitude: a.latitude, longitude: a.longitude };
    const t = towns.get(citycode) ?? { a, lat: 0, lon: 0, n: 0, district };
    towns.set(citycode, { ...t, lat: t.lat + a.latitude, lon: t.lon + a.longitude, n: t.n + 1 });
    if (!a.adresse?.trim()) continue;
    const { housenumber, street } = splitNumber(a.adresse);
    const streetId = `${citycode}_${normaliseForMatch(street).replace(/ /g, '_')}`;
    if (!out.has(streetId))
      out.set(streetId, entry({ ...base, id: streetId, type: 'street', housenumber: null, street, name: street }));
    if (housenumber) {
      const id = `${streetId}_${housenumber.padStart(5, '0')}`;
      if (!out.has(id))
        out.set(id, entry({ ...base, id, type: 'housenumber', housenumber, street, name: `${housenumber} ${street}` }));
    }
  }
  for (const [citycode, t] of towns) {
    const city = CITY_OF_ARR.find(([re]) => re.test(citycode))?.[1] ?? t.a.commune;
    out.set(
      citycode,
      entry({
        id: citycode,
        type: 'municipality',
        housenumber: null,
        street: null,
        name: t.district ?? city,
        postcode: t.a.codePostal,
        citycode,
        city,
        district: t.district,
        latitude: t.lat / t.n,
        longitude: t.lon / t.n,
      }),
    );
  }
  return [...out.values()];
}

/** The addresses of the world's `emplois-de-linclusion`, DORA, … records (the BAN knows every real address). */
export function renderBan(world: SandboxWorld): BanAddress[] {
  const fromServices = world.services.flatMap((s) =>
    s.adresse && s.codePostal && s.codeInsee && s.commune && s.latitude !== null && s.longitude !== null
      ? [
          {
            adresse: s.adresse,
            codePostal: s.codePostal,
            codeInsee: s.codeInsee,
            commune: s.commune,
            latitude: s.latitude,
            longitude: s.longitude,
          },
        ]
      : [],
  );
  return [
    ...world.structures.map((s) => ({
      adresse: s.adresse,
      codePostal: s.codePostal,
      codeInsee: s.codeInsee,
      commune: s.commune,
      latitude: s.latitude,
      longitude: s.longitude,
    })),
    ...fromServices,
  ];
}

/**
 * Similarity of a query to an entry: mean of recall (query tokens found) and precision (entry tokens
 * found; postcode and arrondissement count only when matched), scaled to 0.98 so exact addresses score > 0.9.
 * Needs one matched word that is not a number, so "12 …" alone matches nothing.
 */
export function similarity(query: readonly string[], e: BanEntry): number {
  if (query.length === 0) return 0;
  const q = new Set(query);
  const hits = [...q].filter((t) => e.tokens.has(t));
  const extra = [...q].filter((t) => e.optional.has(t)).length;
  if (!hits.some((t) => /[a-z]/.test(t))) return 0;
  const recall = (hits.length + extra) / q.size;
  const precision = (hits.length + extra) / (e.tokens.size + extra);
  return Math.round(0.98 * ((recall + precision) / 2) * 1e4) / 1e4;
}

/** Distance in metres (rounded) from a point to an entry. */
export const metresTo = (lat: number, lon: number, e: BanEntry): number =>
  Math.round(distanceKm({ latitude: lat, longitude: lon }, { latitude: e.latitude, longitude: e.longitude }) * 1000);

let cog: { deps: Map<string, { nom: string; region: string }>; regions: Map<string, string> } | undefined;

/** `"69, Rhône, Auvergne-Rhône-Alpes"` from the COG that @etalab/decoupage-administratif ships. */
function contextOf(citycode: string): string {
  if (!cog) {
    const req = createRequire(import.meta.url);
    const read = <T>(f: string) =>
      JSON.parse(readFileSync(req.resolve(`@etalab/decoupage-administratif/data/${f}`), 'utf8')) as T[];
    cog = {
      deps: new Map(read<{ code: string; nom: string; region: string }>('departements.json').map((d) => [d.code, d])),
      regions: new Map(read<{ code: string; nom: string }>('regions.json').map((r) => [r.code, r.nom])),
    };
  }
  const dep = citycode.startsWith('97') ? citycode.slice(0, 3) : citycode.slice(0, 2);
  const d = cog.deps.get(dep);
  return d ? `${dep}, ${d.nom}, ${cog.regions.get(d.region) ?? ''}` : dep;
}

/** Lambert-93 (EPSG:2154) projection of a WGS84 point, as BAN's `x`/`y` (IGN's closed form, GRS80). */
function lambert93(lat: number, lon: number): { x: number; y: number } {
  const e = 0.0818191910428158,
    n = 0.725607765053267,
    c = 11754255.426096,
    rad = Math.PI / 180;
  const phi = lat * rad;
  const l = Math.log(Math.tan(Math.PI / 4 + phi / 2) * ((1 - e * Math.sin(phi)) / (1 + e * Math.sin(phi))) ** (e / 2));
  const r = c * Math.exp(-n * l),
    g = n * (lon - 3) * rad;
  return {
    x: Math.round((700000 + r * Math.sin(g)) * 100) / 100,
    y: Math.round((12655612.049876 - r * Math.cos(g)) * 100) / 100,
  };
}

/** An entry as a GeoCodeJSON feature. */
export function toFeature(e: BanEntry, score: number, distance?: number): BanFeature {
  const label = e.type === 'municipality' ? e.name : `${e.name} ${e.postcode} ${e.city}`;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [e.longitude, e.latitude] },
    properties: {
      label,
      score,
      type: e.type,
      id: e.id,
      banId: null,
      name: e.name,
      ...(e.housenumber ? { housenumber: e.housenumber } : {}),
      ...(e.street ? { street: e.street } : {}),
      postcode: e.postcode,
      citycode: e.citycode,
      city: e.city,
      ...(e.district ? { district: e.district } : {}),
      oldcitycode: null,
      oldcity: null,
      context: contextOf(e.citycode),
      importance: e.type === 'municipality' ? 0.7 : 0.6,
      ...lambert93(e.latitude, e.longitude),
      ...(distance !== undefined ? { distance } : {}),
      _type: 'address',
    },
  };
}
