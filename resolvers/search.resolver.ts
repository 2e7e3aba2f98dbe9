/**
 * `searchServices`: data·inclusion's `/search/services` over every source, live. Thin: checks the
 * arguments d·i checks (with its messages), resolves the commune (an arrondissement stands for its
 * commune), calls the search loader, reports what each source did, pages the sorted stream.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import { parseCode } from '../graphql/args/territory.args.js';
import { SearchServicesArgs, type ServiceSearchFilter } from '../graphql/args/search.args.js';
import { ServiceSearchConnection } from '../graphql/types/search.type.js';
import type { Commune, GeoPoint } from '../src/domain/index.js';
import { badUserInput } from '../src/errors.js';
import type { ServiceSearch } from '../src/loaders/search.loaders.js';
import type { Context } from '../src/server/context.js';
import { pathOf, toOffreFilter } from './offre.resolver.js';
import { searchPage } from './search-paging.js';

const given = (v: number | null | undefined): v is number => v !== undefined && v !== null;

/** d·i's pairing rule: `lat` and `lon` both or neither (its 422 message). */
export function checkLatLon(args: Pick<SearchServicesArgs, 'lat' | 'lon'>): void {
  if (given(args.lat) !== given(args.lon))
    throw badUserInput('The `lat` and `lon` must be simultaneously filled.', {
      argumentName: given(args.lat) ? 'lon' : 'lat',
    });
}

/** The origin of a search: lat/lon when given (both or neither), else the commune's centre. */
export function originOf(args: Pick<SearchServicesArgs, 'lat' | 'lon'>, commune: Commune): GeoPoint {
  checkLatLon(args);
  if (given(args.lat) && given(args.lon)) return { latitude: args.lat, longitude: args.lon };
  if (commune.centre === null) {
    const name = commune.arrondissement
      ? `${commune.arrondissement.nom} (${commune.arrondissement.code})`
      : `${commune.nom} (${commune.code})`;
    throw badUserInput(
      `The centre of ${name} is not known: pass \`lat\` and \`lon\` to search around a point of the commune.`,
      { argumentName: 'codeCommune' },
    );
  }
  return commune.centre;
}

/** The search the loader runs, from validated arguments. */
export function toServiceSearch(args: SearchServicesArgs, commune: Commune, origin: GeoPoint): ServiceSearch {
  const { scoreQualiteMinimum, recherchePublic, ...listFilter }: Partial<ServiceSearchFilter> = args.filter ?? {};
  return {
    commune: { code: commune.code, codeDepartement: commune.codeDepartement, codeEpci: commune.codeEpci },
    origin,
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
      'commune’s centre) or offered `a-distance`. Sorted by distance (nulls last) then id; `node.structure` is the merged structure.',
  })
  async searchServices(
    @Args(() => SearchServicesArgs) args: SearchServicesArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ServiceSearchConnection> {
    checkLatLon(args);
    const code = parseCode('commune', 'codeCommune', args.codeCommune);
    const commune = await ctx.loaders.territory.commune.load(code);
    if (commune === null) throw badUserInput('This `codeCommune` does not exist.', { argumentName: 'codeCommune' });
    const origin = originOf(args, commune);
    const answer = await ctx.loaders.search.services.load(toServiceSearch(args, commune, origin));
    ctx.report.add(pathOf(info), answer.outcomes);
    const incompleteSources = [...new Set(answer.outcomes.filter((o) => !o.ok).map((o) => o.source))];
    return { ...searchPage(answer.results, args.first, args.after), incompleteSources } as ServiceSearchConnection;
  }
}
