/**
 * `searchServices`: data·inclusion's `/search/services` over every source, live. Thin: checks the
 * arguments d·i checks (with its messages), resolves where the search happens (a commune by code,
 * an arrondissement or commune déléguée standing for its commune; or the commune at `lat`/`lon`;
 * or nowhere: remote services only), calls the search loader, reports what each source did, pages
 * the sorted stream.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import { parseCommuneCode } from '../graphql/args/territory.args.js';
import { SearchServicesArgs, type ServiceSearchFilter } from '../graphql/args/search.args.js';
import { ServiceSearchConnection } from '../graphql/types/search.type.js';
import { askedPart, centreOf, type Commune, type GeoPoint } from '../src/domain/index.js';
import type { EligibilityCommune } from '../src/merge/index.js';
import { badUserInput } from '../src/errors.js';
import type { ServicePlace, ServiceSearch } from '../src/loaders/search.loaders.js';
import type { Context } from '../src/server/context.js';
import { pathOf, toOffreFilter } from './offre.resolver.js';
import { searchPage } from './search-paging.js';

type Location = Pick<SearchServicesArgs, 'lat' | 'lon'>;

const given = (v: number | null | undefined): v is number => v !== undefined && v !== null;

/** d·i's pairing rule: `lat` and `lon` both or neither (its 422 message). */
export function checkLatLon(args: Location): void {
  if (given(args.lat) !== given(args.lon))
    throw badUserInput('The `lat` and `lon` must be simultaneously filled.', {
      argumentName: given(args.lat) ? 'lon' : 'lat',
    });
}

/** The point `lat`/`lon` give, or null. */
function pointOf(args: Location): GeoPoint | null {
  return given(args.lat) && given(args.lon) ? { latitude: args.lat, longitude: args.lon } : null;
}

/**
 * The origin of a search from a commune: lat/lon when given (both or neither), else the centre of
 * what was asked (the arrondissement's or commune déléguée's own centre when known, else the commune's).
 */
export function originOf(args: Location, commune: Commune): GeoPoint {
  checkLatLon(args);
  const origin = pointOf(args) ?? centreOf(commune);
  if (origin === null) {
    const asked = askedPart(commune) ?? commune;
    throw badUserInput(
      `The centre of ${asked.nom} (${asked.code}) is not known: pass \`lat\` and \`lon\` to search around a point of the commune.`,
      { argumentName: 'codeCommune' },
    );
  }
  return origin;
}

/** What eligibility needs of the commune: the commune itself, and the part of it that was asked for. */
export function eligibilityOf(commune: Commune): EligibilityCommune {
  return {
    code: commune.code,
    codeDepartement: commune.codeDepartement,
    codeEpci: commune.codeEpci,
    part: askedPart(commune)?.code ?? null,
  };
}

/**
 * The commune a search is asked from: by `codeCommune`, else the one at `lat`/`lon` (the embedded
 * territories take the nearest commune centre); null when neither is given.
 */
async function searchedCommune(args: SearchServicesArgs, ctx: Context): Promise<Commune | null> {
  if (args.codeCommune !== undefined && args.codeCommune !== null) {
    const code = parseCommuneCode('codeCommune', args.codeCommune);
    const commune = await ctx.loaders.territory.commune.load(code);
    if (commune === null) throw badUserInput('This `codeCommune` does not exist.', { argumentName: 'codeCommune' });
    return commune;
  }
  const point = pointOf(args);
  if (point === null) return null;
  const commune = await ctx.loaders.territory.communeAt.load(point);
  if (commune === null)
    throw badUserInput(
      `No commune of metropolitan France or of an overseas département is near (${point.latitude}, ${point.longitude}): ` +
        'the data·inclusion schema covers no other territory.',
      { argumentName: 'lat' },
    );
  return commune;
}

/** The search the loader runs, from validated arguments and where it happens (null: nowhere). */
export function toServiceSearch(args: SearchServicesArgs, place: ServicePlace | null): ServiceSearch {
  const { scoreQualiteMinimum, recherchePublic, ...listFilter }: Partial<ServiceSearchFilter> = args.filter ?? {};
  return {
    place,
    filter: toOffreFilter(listFilter),
    ...(scoreQualiteMinimum !== undefined && scoreQualiteMinimum !== null ? { scoreQualiteMinimum } : {}),
    ...(recherchePublic !== undefined && recherchePublic !== null ? { recherchePublic } : {}),
    exclureDoublons: args.exclureDoublons === true,
  };
}

@Resolver()
export class SearchResolver {
  @Query(() => ServiceSearchConnection, {
    description:
      'Services the inhabitants of a commune are eligible for, near it (data·inclusion `/search/services`): `zoneEligibilite` null, or ' +
      'containing the commune, its département, its EPCI, `france` or `99100`; located within 50 km of `lat`/`lon` (default: the ' +
      'commune’s centre) or offered `a-distance`. Sorted by distance (nulls last) then id; `node.structure` is the merged structure. ' +
      'Without `codeCommune`, the commune at `lat`/`lon` is used; with neither, only the `a-distance` services are returned.',
  })
  async searchServices(
    @Args(() => SearchServicesArgs) args: SearchServicesArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ServiceSearchConnection> {
    checkLatLon(args);
    const commune = await searchedCommune(args, ctx);
    const place = commune && { commune: eligibilityOf(commune), origin: originOf(args, commune) };
    const answer = await ctx.loaders.search.services.load(toServiceSearch(args, place));
    ctx.report.add(pathOf(info), answer.outcomes);
    const incompleteSources = [...new Set(answer.outcomes.filter((o) => !o.ok).map((o) => o.source))];
    return {
      ...searchPage(answer.results, args.first, args.after),
      incompleteSources,
      commune,
      origine: place?.origin ?? null,
    } as ServiceSearchConnection;
  }
}
