/**
 * Queries over structures and services, fanned out live to every source that can answer. Thin:
 * validated args in, loaders called, domain objects out; a failing source leaves the others'
 * records and is reported in errors[] and extensions.sources.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { ServicesArgs, StructuresArgs } from '../graphql/args/offre.args.js';
import type { ServiceFilter, StructureFilter } from '../graphql/inputs/offre-filter.input.js';
import { ServiceConnection, StructureConnection } from '../graphql/types/connection.type.js';
import { ServiceType } from '../graphql/types/service.type.js';
import { SourceType } from '../graphql/types/source.type.js';
import { StructureType } from '../graphql/types/structure.type.js';
import { byRecordId, parseSourceId, type OffreFilter, type Service, type Structure } from '../src/domain/index.js';
import type { MergedStructure } from '../src/merge/index.js';
import { badUserInput, connectorErrorToGraphQL, ConnectorError } from '../src/errors.js';
import type { Context } from '../src/server/context.js';
import { mergedOf } from './merge.resolver.js';
import { pageOf } from './paging.js';
import { shown } from '../graphql/args/territory.args.js';

const SERVICE_KEYS = ['thematiques', 'publics', 'frais', 'types', 'modesAccueil'] as const;

/**
 * GraphQL filter input → domain filter. `codeCommune` is kept as asked: like data·inclusion's
 * `code_commune`, an arrondissement code matches the records located in that arrondissement.
 */
export function toOffreFilter(input: ServiceFilter | StructureFilter | undefined): OffreFilter {
  if (!input) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null) out[k] = v;
  return out as OffreFilter;
}

/** The response path of a field, for ctx.report. */
export const pathOf = (info: GraphQLResolveInfo): Array<string | number> => {
  const out: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
};

/** A source record id as partners publish them: a source slug, `--`, then up to 200 visible characters. */
const RECORD_ID = /^[a-z0-9][a-z0-9_-]{0,63}--[^\s\p{C}]{1,200}$/u;

/** Refuses, before any cache key or partner call, an id no source could know. */
function checkId(id: string): void {
  if (id.length > 270 || !RECORD_ID.test(id) || !parseSourceId(id)) {
    throw badUserInput(
      `Argument "id" must be a source record id "<source>--<id>" (e.g. "dora--4f2c…", at most 200 characters after "--"), got: ${shown(id)}`,
      { argumentName: 'id' },
    );
  }
}

function found<T>(value: T | null | Error): T | null {
  if (value instanceof ConnectorError) throw connectorErrorToGraphQL(value);
  if (value instanceof Error) throw value;
  return value;
}

/** `exclureDoublons` on structures: the merged structure of each cluster present among `items`, sorted by id. */
async function onePerCluster(
  items: readonly Structure[],
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<MergedStructure[]> {
  const merged = await Promise.all(items.map((s) => mergedOf(s.id, ctx, info)));
  const byId = new Map<string, MergedStructure>();
  for (const m of merged) if (m) byId.set(m.id, m);
  return [...byId.values()].sort(byRecordId);
}

@Resolver()
export class OffreResolver {
  @Query(() => ServiceConnection, {
    description: 'Services from every source, merged into one list sorted by id, paged with cursors.',
  })
  async services(
    @Args(() => ServicesArgs) args: ServicesArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ServiceConnection> {
    const res = await ctx.loaders.offre.services.load(toOffreFilter(args.filter));
    ctx.report.add(pathOf(info), res.outcomes);
    return {
      ...pageOf<Service>(res.items, args.first, args.after),
      incompleteSources: res.outcomes.filter((o) => !o.ok).map((o) => o.source),
    } as ServiceConnection;
  }

  @Query(() => StructureConnection, {
    description: 'Structures from every source, merged into one list sorted by id, paged with cursors.',
  })
  async structures(
    @Args(() => StructuresArgs) args: StructuresArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StructureConnection> {
    const filter = toOffreFilter(args.filter);
    const res = await ctx.loaders.offre.structures.load(filter);
    ctx.report.add(pathOf(info), res.outcomes);
    let items: readonly Structure[] = res.items;
    const failed = new Set(res.outcomes.filter((o) => !o.ok).map((o) => o.source));
    if (SERVICE_KEYS.some((k) => filter[k] !== undefined)) {
      // Service-level filters keep the structures with at least one matching service.
      const { reseauxPorteurs: _r, ...serviceFilter } = filter;
      const svc = await ctx.loaders.offre.services.load(serviceFilter);
      ctx.report.add(pathOf(info), svc.outcomes);
      for (const o of svc.outcomes) if (!o.ok) failed.add(o.source);
      const ids = new Set(svc.items.map((s) => s.structureId));
      items = items.filter((s) => ids.has(s.id));
    }
    ctx.loaders.merge.know(items);
    if (args.exclureDoublons) items = await onePerCluster(items, ctx, info);
    return { ...pageOf(items, args.first, args.after), incompleteSources: [...failed] } as StructureConnection;
  }

  @Query(() => StructureType, {
    nullable: true,
    description:
      'One structure by the id of ANY of its source records (`dora--…`, `soliguide--…`): the merged structure of that record’s cluster, ' +
      'with `sources`, `provenance` and `doublons`; null when no source knows the id.',
  })
  async structure(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Structure | null> {
    checkId(id);
    return mergedOf(id, ctx, info);
  }

  @Query(() => ServiceType, {
    nullable: true,
    description: 'One service by its source record id (`dora--…`); null when the source does not know it.',
  })
  async service(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Service | null> {
    checkId(id);
    return found(await ctx.loaders.offre.service.load(id));
  }

  @Query(() => [SourceType], {
    description: 'Every configured source, with its health as last seen by this gateway process.',
  })
  sources(@Ctx() ctx: Context): SourceType[] {
    // Every source is listed; the ids of records a consumer may not see are not.
    const hidden = (id: string | null) => id !== null && ctx.hiddenSources.has(parseSourceId(id)?.source ?? '');
    return ctx.health
      .list()
      .map((s) => ({ ...s, recentRejections: s.recentRejections.filter((r) => !hidden(r.id)) })) as SourceType[];
  }
}

@Resolver(() => ServiceType)
export class ServiceRelationsResolver {
  @FieldResolver(() => StructureType, {
    nullable: true,
    description:
      'The structure that delivers this service: the merged structure of its `structureId` record (see `Structure.sources`).',
  })
  async structure(
    @Root() service: Service,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Structure | null> {
    ctx.loaders.merge.hint(service.structureId, service.codeInsee);
    return mergedOf(service.structureId, ctx, info);
  }
}
