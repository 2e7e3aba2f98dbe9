/**
 * The request deadline applied to execution itself, not only to partner waits: once the request's
 * budget (connectors/deadline.ts) plus a short grace is spent, every field still to resolve fails
 * with DEADLINE_EXCEEDED instead of running, so a huge synchronous list stops too, and the response
 * goes out with what was resolved. The grace lets the fields of answers the federation handed over
 * at the deadline still resolve. The errors of one response collapse into one entry.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { currentBudget } from '../../../connectors/deadline.js';

/** The error code of fields refused past the deadline. */
export const DEADLINE_CODE = 'DEADLINE_EXCEEDED';
/** Time after the deadline during which fields still resolve. */
export const EXECUTION_GRACE_MS = 500;

/** Keeps the first DEADLINE_EXCEEDED error and counts the others in its extensions. */
export function collapseDeadlineErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const late = errors.filter((e) => e.extensions?.code === DEADLINE_CODE);
  if (late.length <= 1) return [...errors];
  const first = { ...late[0]!, extensions: { ...late[0]!.extensions, unresolvedFields: late.length } };
  return [...errors.filter((e) => e.extensions?.code !== DEADLINE_CODE), first];
}

/** The plugin; `budgetMs` is REQUEST_DEADLINE_MS, used when a request carries no budget (tests). */
export function executionDeadlinePlugin(budgetMs: number, now: () => number = Date.now): ApolloServerPlugin {
  const error = () =>
    new GraphQLError(
      `Request deadline of ${budgetMs} ms (REQUEST_DEADLINE_MS) exceeded: the remaining fields were not resolved`,
      { extensions: { code: DEADLINE_CODE } },
    );
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          const stopAt = (currentBudget()?.deadline ?? now() + budgetMs) + EXECUTION_GRACE_MS;
          return {
            willResolveField() {
              if (now() >= stopAt) throw error();
            },
          };
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && response.body.singleResult.errors)
            response.body.singleResult.errors = collapseDeadlineErrors(response.body.singleResult.errors);
        },
      };
    },
  };
}
