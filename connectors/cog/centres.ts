/**
 * Commune centres: the project's copy of the area centroids computed from IGN outlines
 * (`data/commune-centres/communes-centres.csv`, Licence Ouverte; how it was built and what it lacks:
 * `data/commune-centres/PROVENANCE.md`). One row per code with a centre: every commune actuelle of
 * metropolitan France and the DROM, the 45 arrondissements municipaux and most communes déléguées
 * (a code shared by a commune actuelle and one of its déléguées holds the commune's centre).
 *
 * The file (about 36 000 short rows) is read and parsed once per process, on first use, in
 * tens of milliseconds; it is immutable reference data, so sharing it holds no request or configuration state.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GeoPoint } from '../../src/domain/index.js';

const HEADER = 'code,latitude,longitude';

/** Locates data/commune-centres both from sources (connectors/cog/) and from the build (dist/connectors/cog/). */
function centresFile(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/') ? `${here.split('/dist/')[0]}/` : `${here}../../`;
  return `${root}data/commune-centres/communes-centres.csv`;
}

/** Parses `code,latitude,longitude` rows; throws on a malformed row (the file is ours: a bad row is a bug). */
export function parseCentres(text: string): Map<string, GeoPoint> {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== HEADER) throw new Error(`commune centres: expected the header "${HEADER}"`);
  const centres = new Map<string, GeoPoint>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const [code, lat, lon, extra] = line.split(',');
    const point = { latitude: Number(lat), longitude: Number(lon) };
    if (!code || extra !== undefined || !Number.isFinite(point.latitude) || !Number.isFinite(point.longitude))
      throw new Error(`commune centres: malformed row ${i + 1}: ${JSON.stringify(line.slice(0, 60))}`);
    centres.set(code, point);
  }
  return centres;
}

let shared: ReadonlyMap<string, GeoPoint> | undefined;

/** Every known centre by code (communes actuelles, arrondissements, déléguées); read on first use. */
export function communeCentres(): ReadonlyMap<string, GeoPoint> {
  shared ??= parseCentres(readFileSync(centresFile(), 'utf8'));
  return shared;
}
