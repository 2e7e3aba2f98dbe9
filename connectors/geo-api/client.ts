/**
 * HTTP client of geo.api.gouv.fr (docs/partners/geo-api.md#endpoints): GET only, no credentials, JSON arrays (or one
 * object for `/{resource}/{code}`), no pagination (`limit` only truncates). An unknown code on a
 * `/{resource}/{code}` path is a 404, which this client answers as null, not as an error.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner } from '../http.js';
import { FIELDS, type GeoCommuneDto, type GeoDepartementDto, type GeoEpciDto, type GeoRegionDto } from './types.js';

/** Query parameters as the API reads them. */
export type GeoParams = Readonly<Record<string, string | number>>;

/** What the connector needs from the partner. */
export interface GeoApiClient {
  commune(code: string, ctx?: CallContext): Promise<GeoCommuneDto | null>;
  /** Communes actuelles of a département; null when the API does not know the département. */
  communesOfDepartement(code: string, ctx?: CallContext): Promise<GeoCommuneDto[] | null>;
  /** The arrondissements municipaux of Paris, Lyon or Marseille. */
  arrondissements(codeParent: string, ctx?: CallContext): Promise<GeoCommuneDto[]>;
  /** `/communes` with filters (`nom`, `codePostal`, `codeDepartement`, `codeEpci`, `boost`, `limit`). */
  searchCommunes(params: GeoParams, ctx?: CallContext): Promise<GeoCommuneDto[]>;
  departements(params: GeoParams, ctx?: CallContext): Promise<GeoDepartementDto[]>;
  regions(ctx?: CallContext): Promise<GeoRegionDto[]>;
  epci(code: string, ctx?: CallContext): Promise<GeoEpciDto | null>;
  epcis(params: GeoParams, ctx?: CallContext): Promise<GeoEpciDto[]>;
  /** A tiny request, used as a health probe. */
  probe(ctx?: CallContext): Promise<void>;
}

/** The territories the gateway serves: metropolitan France and the DROM, never the COM. */
const ZONE = 'metro,drom';

const isRecord = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { code?: unknown }).code === 'string' &&
  typeof (v as { nom?: unknown }).nom === 'string';

/** Builds the client over a got instance made by createHttpClient. */
export function createGeoApiClient(http: Got, partner: string): GeoApiClient {
  const get = (path: string, params: GeoParams, ctx?: CallContext): Promise<unknown> =>
    http
      .get(path, {
        searchParams: { ...params },
        signal: ctx?.signal,
        headers: ctx?.requestId ? { 'x-request-id': ctx.requestId } : {},
      })
      .json<unknown>();

  const list = <T>(path: string, params: GeoParams, ctx?: CallContext): Promise<T[]> =>
    callPartner(partner, async () => {
      const body = await get(path, params, ctx);
      if (!Array.isArray(body) || !body.every(isRecord))
        throw new ConnectorError(
          partner,
          'bad_response',
          'unexpected response shape (expected a list of records with code and nom)',
        );
      return body as T[];
    });

  // 404 on a /{resource}/{code} path means "no such code" (docs/partners/geo-api.md#errors): null, not an error.
  const orNull = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'not_found') return null;
      throw err;
    }
  };

  const one = <T>(path: string, params: GeoParams, ctx?: CallContext): Promise<T | null> =>
    orNull(() =>
      callPartner(partner, async () => {
        const body = await get(path, params, ctx);
        if (!isRecord(body))
          throw new ConnectorError(
            partner,
            'bad_response',
            'unexpected response shape (expected one record with code and nom)',
          );
        return body as T;
      }),
    );

  const code = encodeURIComponent;
  return {
    commune: (c, ctx) => one(`communes/${code(c)}`, { fields: FIELDS.commune }, ctx),
    communesOfDepartement: (c, ctx) =>
      orNull(() => list<GeoCommuneDto>(`departements/${code(c)}/communes`, { fields: FIELDS.commune }, ctx)),
    arrondissements: (parent, ctx) =>
      list('communes', { type: 'arrondissement-municipal', codeParent: parent, fields: FIELDS.arrondissement }, ctx),
    searchCommunes: (params, ctx) => list('communes', { ...params, zone: ZONE, fields: FIELDS.commune }, ctx),
    departements: (params, ctx) => list('departements', { ...params, zone: ZONE, fields: FIELDS.departement }, ctx),
    regions: (ctx) => list('regions', { zone: ZONE, fields: FIELDS.region }, ctx),
    epci: (c, ctx) => one(`epcis/${code(c)}`, { fields: FIELDS.epci }, ctx),
    epcis: (params, ctx) => list('epcis', { ...params, zone: ZONE, fields: FIELDS.epci }, ctx),
    probe: async (ctx) => {
      await list('regions', { code: '11', fields: 'nom,code' }, ctx);
    },
  };
}
