/**
 * Prints the DISCS table of src/loaders/search-area.ts from the embedded territories: for each
 * département, the centre of the bounding box of its commune and arrondissement centres, and the
 * distance from it to the farthest of them, rounded up to the km.
 * Run: `npm run build && node dist/scripts/departement-discs.js`, then paste the output.
 */
import { createCogConnector } from '../connectors/cog/index.js';
import { communeOfArrondissement, distanceKm, type GeoPoint } from '../src/domain/index.js';

/** The 45 arrondissements municipaux' codes (Paris 75101–75120, Lyon 69381–69389, Marseille 13201–13216). */
const ARRONDISSEMENTS = [
  ...Array.from({ length: 20 }, (_, i) => String(75101 + i)),
  ...Array.from({ length: 9 }, (_, i) => String(69381 + i)),
  ...Array.from({ length: 16 }, (_, i) => String(13201 + i)),
].filter((code) => communeOfArrondissement(code) !== null);

async function disc(code: string, points: readonly GeoPoint[]): Promise<string> {
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const centre = {
    latitude: Number(((Math.min(...lats) + Math.max(...lats)) / 2).toFixed(2)),
    longitude: Number(((Math.min(...lons) + Math.max(...lons)) / 2).toFixed(2)),
  };
  const radius = Math.ceil(Math.max(...points.map((p) => distanceKm(centre, p))));
  return `${code}:${centre.latitude.toFixed(2)}:${centre.longitude.toFixed(2)}:${radius}`;
}

async function main(): Promise<void> {
  const cog = createCogConnector();
  const arrondissements = (await cog.getCommunes(ARRONDISSEMENTS)).flatMap((c) =>
    c?.arrondissement?.centre ? [{ dep: c.codeDepartement, centre: c.arrondissement.centre }] : [],
  );
  const cells: string[] = [];
  for (const d of await cog.listDepartements()) {
    const communes = await cog.searchCommunes({ codeDepartement: d.code });
    const points = [
      ...communes.flatMap((c) => (c.centre ? [c.centre] : [])),
      ...arrondissements.filter((a) => a.dep === d.code).map((a) => a.centre),
    ];
    cells.push(await disc(d.code, points));
  }
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 8) rows.push(cells.slice(i, i + 8).join(' '));
  process.stdout.write(`${rows.join('\n')}\n`);
}

await main();
