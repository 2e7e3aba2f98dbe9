/**
 * Territory queries (communes, départements, régions, EPCIs) and the links between them. Thin: codes
 * checked against CODE_FORMATS (BAD_USER_INPUT), every read through ctx.loaders.territory, so a
 * query over many communes costs one batched source call per level. A well-formed unknown code is null.
 */
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { CommunePageArgs, CommunesArgs, communeSearchOf } from '../graphql/args/communes.args.js';
import { parseCode, parseCommuneCode, parseFirst } from '../graphql/args/territory.args.js';
import { CommuneConnection, CommuneType } from '../graphql/types/commune.type.js';
import { DepartementType } from '../graphql/types/departement.type.js';
import { EpciType } from '../graphql/types/epci.type.js';
import { RegionType } from '../graphql/types/region.type.js';
import { compareCodeUnits } from '../src/domain/index.js';
import type { Commune, Departement, Epci, Region } from '../src/domain/territory.js';
import { ALL } from '../src/loaders/territory.loaders.js';
import type { Context } from '../src/server/context.js';
import { pageOf } from './paging.js';

const byCode = <T extends { readonly code: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => compareCodeUnits(a.code, b.code));

/** A parent the source must know (a commune always has a département); its absence is a source defect, masked at the edge. */
async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (found === null) throw new Error(`territory source has no ${what}`);
  return found;
}

const codeArg = (example: string) => ({ description: `INSEE code, e.g. \`${example}\`.` });

/** `commune`, `communes` and a commune's département, région and EPCI. */
@Resolver(() => CommuneType)
export class CommuneResolver {
  @Query(() => CommuneType, {
    nullable: true,
    description:
      'A commune by INSEE code; an arrondissement municipal code (`75101`) gives its commune with `arrondissement` set, a ' +
      'commune déléguée or associée (`59070`) its commune nouvelle with `communeDeleguee` set. Null when no commune has ' +
      'this code; a commune of a collectivité d’outre-mer (975, 977, 978, 98x) is BAD_USER_INPUT: the data·inclusion ' +
      'schema does not cover them.',
  })
  commune(@Arg('code', () => String, codeArg('59350')) code: string, @Ctx() ctx: Context): Promise<Commune | null> {
    return ctx.loaders.territory.commune.load(parseCommuneCode('code', code));
  }

  @Query(() => [CommuneType], {
    description: 'Communes matching every given filter (at least one), best match and most populous first.',
  })
  communes(@Args(() => CommunesArgs) args: CommunesArgs, @Ctx() ctx: Context): Promise<readonly Commune[]> {
    return ctx.loaders.territory.communeSearch.load(communeSearchOf(args));
  }

  @FieldResolver(() => DepartementType, { description: 'The département the commune lies in.' })
  departement(@Root() c: Commune, @Ctx() ctx: Context): Promise<Departement> {
    return required(
      ctx.loaders.territory.departement.load(c.codeDepartement),
      `département ${c.codeDepartement} for commune ${c.code}`,
    );
  }

  @FieldResolver(() => RegionType, { description: 'The région the commune lies in.' })
  region(@Root() c: Commune, @Ctx() ctx: Context): Promise<Region> {
    return required(ctx.loaders.territory.region.load(c.codeRegion), `région ${c.codeRegion} for commune ${c.code}`);
  }

  @FieldResolver(() => EpciType, {
    nullable: true,
    description: 'The EPCI the commune belongs to; null for the few communes in none (some islands).',
  })
  epci(@Root() c: Commune, @Ctx() ctx: Context): Promise<Epci | null> | null {
    return c.codeEpci ? ctx.loaders.territory.epci.load(c.codeEpci) : null;
  }
}

/** `departement`, `departements` and a département's région, communes and EPCIs. */
@Resolver(() => DepartementType)
export class DepartementResolver {
  @Query(() => DepartementType, {
    nullable: true,
    description: 'A département by code (`59`, `2A`, `974`); null when none has this code.',
  })
  departement(
    @Arg('code', () => String, codeArg('59')) code: string,
    @Ctx() ctx: Context,
  ): Promise<Departement | null> {
    return ctx.loaders.territory.departement.load(parseCode('departement', 'code', code));
  }

  @Query(() => [DepartementType], { description: 'All 101 départements in code order, or those of one région.' })
  departements(
    @Arg('region', () => String, { nullable: true, description: 'Région code (`32`): only its départements.' })
    region: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<readonly Departement[]> {
    return ctx.loaders.territory.departementList.load(region == null ? ALL : parseCode('region', 'region', region));
  }

  @FieldResolver(() => RegionType, { description: 'The région the département belongs to.' })
  region(@Root() d: Departement, @Ctx() ctx: Context): Promise<Region> {
    return required(
      ctx.loaders.territory.region.load(d.codeRegion),
      `région ${d.codeRegion} for département ${d.code}`,
    );
  }

  @FieldResolver(() => CommuneConnection, {
    description: 'The communes of the département in code order, paged with cursors.',
  })
  async communes(
    @Root() d: Departement,
    @Args(() => CommunePageArgs) args: CommunePageArgs,
    @Ctx() ctx: Context,
  ): Promise<CommuneConnection> {
    const first = parseFirst(args.first);
    const all = byCode(await ctx.loaders.territory.communeSearch.load({ codeDepartement: d.code }));
    const page = pageOf(
      all.map((c) => ({ id: c.code, c })),
      first,
      args.after,
    );
    return { ...page, edges: page.edges.map((e) => ({ node: e.node.c, cursor: e.cursor })) };
  }

  @FieldResolver(() => [EpciType], {
    description:
      'The EPCIs with at least one commune in the département, in code order (an EPCI may straddle départements).',
  })
  epcis(@Root() d: Departement, @Ctx() ctx: Context): Promise<readonly Epci[]> {
    return ctx.loaders.territory.epciList.load(d.code);
  }
}

/** `region`, `regions` and a région's départements. */
@Resolver(() => RegionType)
export class RegionResolver {
  @Query(() => RegionType, { nullable: true, description: 'A région by code (`32`); null when none has this code.' })
  region(@Arg('code', () => String, codeArg('32')) code: string, @Ctx() ctx: Context): Promise<Region | null> {
    return ctx.loaders.territory.region.load(parseCode('region', 'code', code));
  }

  @Query(() => [RegionType], { description: 'The 18 régions in code order.' })
  regions(@Ctx() ctx: Context): Promise<readonly Region[]> {
    return ctx.loaders.territory.regionList.load(ALL);
  }

  @FieldResolver(() => [DepartementType], { description: 'The départements of the région, in code order.' })
  departements(@Root() r: Region, @Ctx() ctx: Context): Promise<readonly Departement[]> {
    return ctx.loaders.territory.departementList.load(r.code);
  }
}

/** `epci` and an EPCI's communes and départements. */
@Resolver(() => EpciType)
export class EpciResolver {
  @Query(() => EpciType, {
    nullable: true,
    description: 'An EPCI by SIREN (`200093201`); null when none has this SIREN.',
  })
  epci(
    @Arg('code', () => String, { description: 'SIREN of the EPCI, 9 digits, e.g. `200093201`.' }) code: string,
    @Ctx() ctx: Context,
  ): Promise<Epci | null> {
    return ctx.loaders.territory.epci.load(parseCode('epci', 'code', code));
  }

  @FieldResolver(() => [CommuneType], { description: 'The member communes, in code order.' })
  async communes(@Root() e: Epci, @Ctx() ctx: Context): Promise<readonly Commune[]> {
    return byCode(await ctx.loaders.territory.communeSearch.load({ codeEpci: e.code }));
  }

  @FieldResolver(() => [DepartementType], { description: 'The départements its communes lie in, in code order.' })
  async departements(@Root() e: Epci, @Ctx() ctx: Context): Promise<readonly Departement[]> {
    const communes = await ctx.loaders.territory.communeSearch.load({ codeEpci: e.code });
    const codes = [...new Set(communes.map((c) => c.codeDepartement))].sort();
    const found = await ctx.loaders.territory.departement.loadMany(codes);
    const failed = found.find((d) => d instanceof Error);
    if (failed) throw failed;
    return found.filter((d): d is Departement => d !== null);
  }
}
