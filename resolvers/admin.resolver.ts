/**
 * Admin mutations, behind ADMIN_TOKEN (`Authorization: Bearer <ADMIN_TOKEN>`); without ADMIN_TOKEN
 * they are refused with FORBIDDEN. Thin: the check and the work live in src/server/admin.ts.
 */
import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { InvalidationResultType } from '../graphql/types/invalidation.type.js';
import type { Context } from '../src/server/context.js';

@Resolver()
export class AdminResolver {
  @Mutation(() => InvalidationResultType, {
    description:
      'Admin: drops cached answers, and the whole responses built from them, everywhere (every replica). By `source` (every answer of it), ' +
      'by record `id` (its lookups and every list of its source) and/or by `territory` (commune or département code). ' +
      'Needs `Authorization: Bearer <ADMIN_TOKEN>`.',
  })
  async invalidateCache(
    @Ctx() ctx: Context,
    @Arg('source', () => String, { nullable: true, description: 'Source slug, e.g. `dora`.' }) source?: string,
    @Arg('id', () => ID, { nullable: true, description: 'Source record id, e.g. `dora--4f2c…`.' }) id?: string,
    @Arg('territory', () => String, { nullable: true, description: 'Commune (`59350`) or département (`59`) code.' })
    territory?: string,
  ): Promise<InvalidationResultType> {
    if (!ctx.admin)
      throw new GraphQLError('Admin operations are not available on this server.', {
        extensions: { code: 'FORBIDDEN' },
      });
    const target = {
      ...(source != null ? { source } : {}),
      ...(id != null ? { id } : {}),
      ...(territory != null ? { territory } : {}),
    };
    return ctx.admin.invalidateCache(target);
  }
}
