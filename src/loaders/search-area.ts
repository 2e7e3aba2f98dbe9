/**
 * Which départements a search around a point can reach, so sources that filter by location
 * (`codeDepartement` pushed down: data·inclusion, Soliguide) are asked only for those. A list
 * filter selects where a record IS (its code_insee), while a search keeps services whose POINT is
 * within 50 km, wherever their département: so the search asks every département that has land
 * within the radius.
 *
 * Each département is approximated by a disc: the centre of the bounding box of its commune and
 * arrondissement centres (embedded COG), and the distance to the farthest of them, rounded up
 * (printed by scripts/departement-discs.ts; search-area.test.ts checks every commune centre lies in
 * its disc). A disc over-covers, which only costs an extra département call; REACH_MARGIN_KM covers
 * land beyond the outermost commune centre. Borders do not move, so a table beats a per-request
 * computation over 35 000 communes.
 */
import { distanceKm, type GeoPoint } from '../domain/index.js';

/** Slack added to each département's disc (land beyond its outermost known commune centre). */
export const REACH_MARGIN_KM = 10;

// code:latitude:longitude:radiusKm
const DISCS = `
01:46.07:5.43:63 02:49.46:3.61:68 03:46.38:3.14:65 04:44.13:6.23:67 05:44.64:6.21:66 06:43.89:7.17:52 07:44.82:4.38:67 08:49.69:4.71:56
09:42.94:1.50:58 10:48.31:4.12:56 11:43.07:2.45:65 12:44.31:2.63:72 13:43.55:5.11:57 14:49.12:-0.36:65 15:45.05:2.72:63 16:45.67:0.25:65
17:45.72:-0.79:87 18:47.01:2.42:65 19:45.32:1.88:65 21:47.46:4.80:63 22:48.47:-2.78:67 23:46.06:2.00:52 24:45.14:0.71:67 25:47.09:6.38:63
26:44.73:5.21:71 27:49.08:1.04:64 28:48.46:1.38:53 29:48.27:-4.26:74 2A:41.89:8.99:59 2B:42.43:9.12:66 30:43.97:4.06:63 31:43.32:1.24:89
32:43.69:0.46:59 33:44.90:-0.46:86 34:43.60:3.37:70 35:48.17:-1.64:66 36:46.82:1.54:62 37:47.22:0.69:55 38:45.30:5.50:72 39:46.78:5.71:58
40:44.00:-0.69:81 41:47.66:1.41:67 42:45.76:4.24:62 43:45.09:3.78:58 44:47.36:-1.75:59 45:47.92:2.31:60 46:44.64:1.60:50 47:44.37:0.48:52
48:44.55:3.50:52 49:47.38:-0.54:65 50:49.10:-1.32:72 51:48.96:4.22:64 52:48.14:5.27:68 53:48.14:-0.63:57 54:48.95:6.27:85 55:49.02:5.36:67
56:47.74:-2.90:73 57:49.03:6.76:80 58:47.12:3.53:67 59:50.53:3.15:91 60:49.41:2.42:61 61:48.59:0.05:67 62:50.51:2.37:71 63:45.78:3.19:69
64:43.21:-0.89:76 65:43.16:0.18:52 66:42.62:2.47:59 67:48.61:7.58:62 68:47.87:7.24:49 69:45.88:4.71:50 70:47.63:6.10:56 71:46.65:4.58:69
72:48.03:0.21:53 73:45.52:6.38:61 74:46.06:6.37:49 75:48.86:2.34:7 76:49.66:0.92:64 77:48.61:2.96:63 78:48.77:1.84:40 79:46.54:-0.30:63
80:49.97:2.29:66 81:43.80:2.22:54 82:44.08:1.37:50 83:43.43:6.28:55 84:44.04:5.19:53 85:46.68:-1.48:75 86:46.61:0.55:73 87:45.92:1.27:53
88:48.18:6.30:70 89:47.86:3.60:67 90:47.61:6.95:22 91:48.53:2.25:31 92:48.84:2.24:13 93:48.91:2.45:12 94:48.77:2.46:12 95:49.07:2.10:35
971:16.16:-61.42:43 972:14.65:-61.03:31 973:4.26:-53.00:189 974:-21.14:55.53:32 976:-12.83:45.18:20`;

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
