/**
 * Personal contact fields (`courriel`, `telephone`, `contactNomPrenom` of services and structures)
 * need the `contacts` scope. The schema's own resolvers of those fields are wrapped, so whatever
 * reaches them (lists, search results, lookups, merged structures, aliases, fragments) is null for a
 * consumer without the scope, and the response's `extensions.masked` says which fields and why.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { Consumer } from './request-scope.js';

/** Fields masked without the contacts scope, by type. */
export const CONTACT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Service: ['courriel', 'telephone', 'contactNomPrenom'],
  Structure: ['courriel', 'telephone'],
};

/** Why a field is null in `extensions.masked`. */
export const MASKED_REASON = 'the contacts scope is required';

/** The part of the context masking reads and writes. */
export interface MaskingContext {
  readonly consumer?: Consumer;
  readonly maskedFields: Set<string>;
}

/** Wraps the contact fields' resolvers of `schema` in place and returns it. */
export function maskContacts(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(CONTACT_FIELDS)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`contact masking: type ${typeName} is not in the schema`);
    for (const name of fields) {
      const field = type.getFields()[name];
      if (field === undefined) throw new Error(`contact masking: ${typeName}.${name} is not in the schema`);
      const resolve: GraphQLFieldResolver<unknown, MaskingContext> = field.resolve ?? defaultFieldResolver;
      const label = `${typeName}.${name}`;
      field.resolve = (source, args, ctx: MaskingContext, info) => {
        if (ctx.consumer?.scopes.has('contacts') === true) return resolve(source, args, ctx, info);
        ctx.maskedFields.add(label);
        return null;
      };
    }
  }
  return schema;
}

/** Adds `extensions.masked` to responses in which a contact field was nulled. List it before the response cache. */
export function maskingReportPlugin<TContext extends MaskingContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue?.maskedFields || contextValue.maskedFields.size === 0)
            return;
          const result = response.body.singleResult;
          result.extensions = {
            ...(result.extensions ?? {}),
            masked: { fields: [...contextValue.maskedFields].sort(), reason: MASKED_REASON },
          };
        },
      };
    },
  };
}
