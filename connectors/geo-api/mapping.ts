/**
 * geo.api records → domain territories. Pure. A record that lacks what the domain needs (a code of the
 * right format, a name, its département and région) maps to null and the connector reports it;
 * départements and régions of the collectivités d'outre-mer (975, 977…) are outside the gateway's
 * territories (docs/data-inclusion.md#territories) and map to null too.
 */
import {
  CODE_FORMATS,
  type Commune,
  type CommunePart,
  type Departement,
  type Epci,
  type GeoPoint,
  type Region,
} from '../../src/domain/index.js';
import type { GeoCommuneDto, GeoDepartementDto, GeoEpciDto, GeoRegionDto } from './types.js';

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** A GeoJSON Point `[lon, lat]` → GeoPoint; null when absent or not a valid WGS84 point. */
export function centreOf(v: unknown): GeoPoint | null {
  if (typeof v !== 'object' || v === null) return null;
  const { type, coordinates } = v as { type?: unknown; coordinates?: unknown };
  if (type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) return null;
  const [longitude, latitude] = coordinates as unknown[];
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

/** A commune actuelle; null when the record is not usable. */
export function toCommune(dto: GeoCommuneDto): Commune | null {
  if (!isText(dto.nom) || !isText(dto.code) || !CODE_FORMATS.commune.re.test(dto.code)) return null;
  if (!isText(dto.codeDepartement) || !isText(dto.codeRegion)) return null;
  const codesPostaux = Array.isArray(dto.codesPostaux)
    ? dto.codesPostaux.filter((cp) => CODE_FORMATS.codePostal.re.test(cp)).sort()
    : [];
  return {
    code: dto.code,
    nom: dto.nom,
    codesPostaux,
    population: typeof dto.population === 'number' && Number.isFinite(dto.population) ? dto.population : null,
    centre: centreOf(dto.centre),
    codeDepartement: dto.codeDepartement,
    codeRegion: dto.codeRegion,
    codeEpci: isText(dto.codeEpci) && CODE_FORMATS.epci.re.test(dto.codeEpci) ? dto.codeEpci : null,
  };
}

/** An arrondissement municipal record (`type=arrondissement-municipal`): its code, name, centre and commune. */
export function toArrondissement(dto: GeoCommuneDto): (CommunePart & { commune: string }) | null {
  if (!isText(dto.nom) || !isText(dto.code) || !isText(dto.codeParent)) return null;
  return { code: dto.code, nom: dto.nom, centre: centreOf(dto.centre), commune: dto.codeParent };
}

/** The commune as asked for by one of its arrondissements (Commune.arrondissement set). */
export function viaArrondissement(commune: Commune, arr: CommunePart): Commune {
  return { ...commune, arrondissement: { code: arr.code, nom: arr.nom, centre: arr.centre ?? null } };
}

export function toDepartement(dto: GeoDepartementDto): Departement | null {
  if (!isText(dto.nom) || !isText(dto.code) || !CODE_FORMATS.departement.re.test(dto.code)) return null;
  if (!isText(dto.codeRegion) || !CODE_FORMATS.region.re.test(dto.codeRegion)) return null;
  return { code: dto.code, nom: dto.nom, codeRegion: dto.codeRegion };
}

export function toRegion(dto: GeoRegionDto): Region | null {
  if (!isText(dto.nom) || !isText(dto.code) || !CODE_FORMATS.region.re.test(dto.code)) return null;
  return { code: dto.code, nom: dto.nom };
}

export function toEpci(dto: GeoEpciDto): Epci | null {
  if (!isText(dto.nom) || !isText(dto.code) || !CODE_FORMATS.epci.re.test(dto.code)) return null;
  return { code: dto.code, nom: dto.nom };
}

/** Maps a list, counting the records that did not map (the connector logs them; never silently dropped). */
export function mapAll<D, T>(dtos: readonly D[], map: (d: D) => T | null): { items: T[]; unusable: number } {
  const items: T[] = [];
  let unusable = 0;
  for (const d of dtos) {
    const t = map(d);
    if (t === null) unusable++;
    else items.push(t);
  }
  return { items, unusable };
}
