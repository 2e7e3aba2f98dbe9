/**
 * One search answer → validated v1 records plus every record kept out and why: places excluded
 * (dora origin, other country, malformed), pre-dedup losers (docs/data-inclusion.md#duplicates), services without a v1
 * category mapping, and records failing schema v1. Nothing is dropped silently. Pure.
 */
import { serviceViolation, structureViolation, type Service, type Structure } from '../../src/domain/index.js';
import type { RejectedRecord } from '../connector.js';
import { dedupePlaces, placeExclusion, placeId, placeToStructure, SOLIGUIDE } from './mapping.js';
import { placeToServices } from './services.js';
import type { SoliguidePlace } from './types.js';

/** Mapped records and the ones kept out. */
export interface Mapped<T> {
  readonly items: T[];
  readonly rejected: RejectedRecord[];
}

/** Places split into the ones to map and the ones kept out with their reason. */
export function screenPlaces(places: readonly SoliguidePlace[]): {
  kept: SoliguidePlace[];
  out: Array<{ place: SoliguidePlace; id: string | null; reason: string }>;
} {
  const out: Array<{ place: SoliguidePlace; id: string | null; reason: string }> = [];
  const candidates = places.filter((p) => {
    const reason = placeExclusion(p);
    if (reason) out.push({ place: p, id: reason.startsWith('malformed') ? null : placeId(p), reason });
    return reason === null;
  });
  const { kept, duplicates } = dedupePlaces(candidates);
  for (const d of duplicates)
    out.push({
      place: d.place,
      id: placeId(d.place),
      reason: `duplicate of ${d.keptId} (shares a serviceObjectId; the most recently updated place is kept)`,
    });
  return { kept, out };
}

/** Structures of a search answer, validated against schema v1. */
export function structuresOf(places: readonly SoliguidePlace[], today: string): Mapped<Structure> {
  const { kept, out } = screenPlaces(places);
  const rejected: RejectedRecord[] = out.map((o) => ({ source: SOLIGUIDE, id: o.id, reason: o.reason }));
  const items: Structure[] = [];
  for (const p of kept) {
    const s = placeToStructure(p);
    const why = structureViolation(s, today);
    if (why) rejected.push({ source: SOLIGUIDE, id: s.id, reason: why });
    else items.push(s);
  }
  return { items, rejected };
}

/**
 * Services of a search answer, validated. Services of a place kept out (excluded, duplicate, or
 * whose structure fails schema v1) are reported with the place's reason, so no service points
 * at a structure the gateway never publishes.
 */
export function servicesOf(places: readonly SoliguidePlace[], today: string): Mapped<Service> {
  const screened = screenPlaces(places);
  const out = [...screened.out];
  const kept = screened.kept.filter((p) => {
    const why = structureViolation(placeToStructure(p), today);
    if (why) out.push({ place: p, id: placeId(p), reason: `its structure violates schema v1: ${why}` });
    return why === null;
  });
  const rejected: RejectedRecord[] = [];
  for (const o of out)
    for (const svc of Array.isArray(o.place?.services_all) ? o.place.services_all : [])
      rejected.push({
        source: SOLIGUIDE,
        id:
          typeof svc?.serviceObjectId === 'string' && svc.serviceObjectId
            ? `${SOLIGUIDE}--${svc.serviceObjectId}`
            : null,
        reason: `its lieu ${o.id ?? '(no lieu_id)'} is kept out: ${o.reason}`,
      });
  const items: Service[] = [];
  for (const p of kept) {
    const mapped = placeToServices(p);
    rejected.push(...mapped.rejected);
    for (const s of mapped.services) {
      const why = serviceViolation(s, today);
      if (why) rejected.push({ source: SOLIGUIDE, id: s.id, reason: why });
      else items.push(s);
    }
  }
  return { items, rejected };
}
