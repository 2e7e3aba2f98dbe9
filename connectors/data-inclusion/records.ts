/**
 * Record-level helpers of the d·i connector: map + validate lists (failures go to `rejected` with
 * their reason), the `/search/services` parameters and hits.
 */
import {
  serviceViolation,
  structureViolation,
  type OffreFilter,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import type { FetchResult, FilterName, RejectedRecord } from '../connector.js';
import { mapDiService, mapDiStructure } from './mapping.js';
import { pushDown, type QueryParams } from './query.js';
import type { DiServiceSearchResult } from './types.js';

/** `/search/services` parameters in domain terms. */
export type ServiceSearchParams = Pick<
  OffreFilter,
  'codeCommune' | 'sources' | 'thematiques' | 'publics' | 'frais' | 'types' | 'modesAccueil'
> & {
  /** Origin point instead of the centre of `codeCommune` (which also drives eligibility: pass it with arrondissements folded); both or neither. */
  readonly latitude?: number;
  readonly longitude?: number;
  readonly scoreQualiteMinimum?: number;
  /** [BETA] keep only services of the best structure of each duplicate cluster. */
  readonly exclureDoublons?: boolean;
  /** Stop after this many results (default: every page). */
  readonly limit?: number;
};

/** One search result: the service, its structure as nested by d·i (null if invalid), the distance in km. */
export interface ServiceSearchHit {
  readonly service: Service;
  readonly structure: Structure | null;
  /** Rounded km from the origin; null for remote services or when no commune was given. */
  readonly distanceKm: number | null;
}

/** Query parameters of a search, and the filters they apply. */
export function searchQuery(
  p: ServiceSearchParams,
  sources: readonly string[] | undefined,
): { query: QueryParams; applied: readonly FilterName[] } {
  const { params, applied } = pushDown('services', { ...p, codeCommune: undefined }, sources);
  const query: Array<readonly [string, string]> = [...params];
  if (p.codeCommune !== undefined) query.push(['code_commune', p.codeCommune]);
  if (p.latitude !== undefined && p.longitude !== undefined)
    query.push(['lat', String(p.latitude)], ['lon', String(p.longitude)]);
  if (p.scoreQualiteMinimum !== undefined) query.push(['score_qualite_minimum', String(p.scoreQualiteMinimum)]);
  if (p.exclureDoublons) query.push(['exclure_doublons', 'true']);
  return { query, applied };
}

type Rejected = RejectedRecord[];

/** Maps and validates a list; non-objects, id-less, repeated or invalid records go to `rejected`. */
export function checkRecords<T extends Structure | Service>(
  partner: string,
  rows: ReadonlyArray<object | null>,
  map: (dto: object) => T,
  violation: (record: T) => string | null,
): Omit<FetchResult<T>, 'appliedFilters'> {
  const items: T[] = [];
  const rejected: Rejected = [];
  const seen = new Set<string>();
  for (const dto of rows) {
    if (dto === null) {
      rejected.push({ source: partner, id: null, reason: 'record is not a JSON object' });
      continue;
    }
    const record = map(dto);
    const reason = !record.id ? 'record has no id' : seen.has(record.id) ? 'duplicate id' : violation(record);
    if (record.id) seen.add(record.id);
    if (reason === null) items.push(record);
    else rejected.push({ source: record.source || partner, id: record.id || null, reason });
  }
  return { items, rejected };
}

/** Maps search rows to hits; remote-source filtering is the caller's. */
export function searchHits(
  partner: string,
  rows: ReadonlyArray<Partial<DiServiceSearchResult> | null>,
  today: string,
): { items: ServiceSearchHit[]; rejected: Rejected } {
  const items: ServiceSearchHit[] = [];
  const rejected: Rejected = [];
  for (const row of rows) {
    const dto = row?.service;
    if (!dto || typeof dto !== 'object') {
      rejected.push({ source: partner, id: null, reason: 'search item has no service object' });
      continue;
    }
    const service = mapDiService(dto);
    const reason = serviceViolation(service, today);
    if (reason !== null) {
      rejected.push({ source: service.source || partner, id: service.id || null, reason });
      continue;
    }
    const nested = dto.structure && typeof dto.structure === 'object' ? mapDiStructure(dto.structure) : null;
    const structure = nested && structureViolation(nested, today) === null ? nested : null;
    items.push({ service, structure, distanceKm: typeof row!.distance === 'number' ? row!.distance : null });
  }
  return { items, rejected };
}
