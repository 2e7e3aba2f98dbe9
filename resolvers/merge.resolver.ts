/**
 * Merged structures and gateway-computed scores: `Structure.sources`, `provenance`,
 * `doublons`, `scoreQualite` and `services`, and `Service.scoreQualite`. A structure node is either a
 * merged structure (from `structure(id)`, `Service.structure`, `structures(exclureDoublons: true)`)
 * or one source record as published (`structures`); both answer every field. I/O only via loaders.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Float, Info, Int, Resolver, Root } from 'type-graphql';
import { FIRST } from '../graphql/args/territory.args.js';
import { FieldProvenanceType, SourceRecordRefType, SourceRecordType } from '../graphql/types/provenance.type.js';
import { ServiceType } from '../graphql/types/service.type.js';
import { StructureType } from '../graphql/types/structure.type.js';
import type { Service, Structure } from '../src/domain/index.js';
import { badUserInput, connectorErrorToGraphQL, ConnectorError } from '../src/errors.js';
import type { MergedStructure } from '../src/merge/index.js';
import { publishedProvenance, scoreQualite } from '../src/merge/index.js';
import type { Context } from '../src/server/context.js';

/** A structure node: one source record, or a merged structure. */
export type StructureNode = Structure | MergedStructure;

/** True for a merged structure (it carries its provenance). */
export const isMerged = (s: StructureNode): s is MergedStructure => Array.isArray((s as MergedStructure).provenance);

/** Path of the root field of a resolver (where failures of shared candidate sets are reported, once). */
export const rootPathOf = (info: GraphQLResolveInfo): Array<string | number> => {
  let p = info.path;
  while (p.prev) p = p.prev;
  return [p.key];
};

/** The merged structure of any of its record ids (null when no source knows it); reports the candidate set's failures once. */
export async function mergedOf(id: string, ctx: Context, info: GraphQLResolveInfo): Promise<MergedStructure | null> {
  let view;
  try {
    view = await ctx.loaders.merge.mergedStructure.load(id);
  } catch (err) {
    if (err instanceof ConnectorError) throw connectorErrorToGraphQL(err);
    throw err;
  }
  if (view === null) return null;
  ctx.report.add(rootPathOf(info), ctx.loaders.merge.unreported(view.outcomes));
  return view.structure;
}

@Resolver(() => StructureType)
export class StructureMergeResolver {
  @FieldResolver(() => [SourceRecordType], {
    description: 'The source records this structure is made of (one for an unmerged record), by id.',
  })
  sources(@Root() s: StructureNode): SourceRecordType[] {
    return isMerged(s)
      ? [...s.sources]
      : [{ source: s.source, id: s.id, dateMaj: s.dateMaj, lienSource: s.lienSource }];
  }

  @FieldResolver(() => [FieldProvenanceType], {
    description:
      'For each non-empty field: the record it comes from, that record’s date_maj, and the rule that chose it.',
  })
  provenance(@Root() s: StructureNode): FieldProvenanceType[] {
    return isMerged(s) ? [...s.provenance] : publishedProvenance(s);
  }

  @FieldResolver(() => [SourceRecordRefType], {
    description:
      'Other records describing the same real structure (d·i `doublons`), found by the gateway’s entity resolution among the structures of the same commune.',
  })
  async doublons(
    @Root() s: StructureNode,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SourceRecordRefType[]> {
    if (isMerged(s)) return [...s.doublons];
    try {
      const merged = await mergedOf(s.id, ctx, info);
      return (merged?.sources ?? []).filter((r) => r.id !== s.id).map(({ source, id }) => ({ source, id }));
    } catch (err) {
      // A failed lookup must not null the whole node: no known duplicates, said in the logs.
      ctx.logger.warn({ err, id: s.id }, 'doublons: could not resolve the cluster of a record');
      return [];
    }
  }

  // Declared (with its description) on StructureType; resolved here.
  @FieldResolver(() => Float, { nullable: true })
  async scoreQualite(@Root() s: StructureNode, @Ctx() ctx: Context): Promise<number | null> {
    const services = await ctx.loaders.merge.servicesOfStructure(s);
    return ctx.loaders.merge.scoreOf(services);
  }

  @FieldResolver(() => [ServiceType], {
    description: 'Services of the structure (of every merged record), by id, wherever located.',
  })
  async services(
    @Root() s: StructureNode,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, {
      defaultValue: FIRST.default,
      description: `At most this many, ${FIRST.min}–${FIRST.max}.`,
    })
    first: number,
  ): Promise<Service[]> {
    if (!Number.isInteger(first) || first < FIRST.min || first > FIRST.max) {
      throw badUserInput(`Argument "first" must be an integer from ${FIRST.min} to ${FIRST.max}; got ${first}`, {
        argumentName: 'first',
      });
    }
    return (await ctx.loaders.merge.servicesOfStructure(s)).slice(0, first);
  }
}

@Resolver(() => ServiceType)
export class ServiceScoreResolver {
  // Declared (with its description) on ServiceType; resolved here, whatever the source sent.
  @FieldResolver(() => Float, { nullable: true })
  scoreQualite(@Root() s: Service, @Ctx() ctx: Context): number {
    return scoreQualite(s, ctx.loaders.merge.today);
  }
}
