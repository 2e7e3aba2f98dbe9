/**
 * Partial results are normal (one failing source never fails the query): after execution, every source that
 * failed for a field becomes an entry of `errors[]` with that field's path, its closed code and
 * the partner's id (never its body or URL), and `extensions.sources` tells what each source did.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { CODE_BY_KIND } from '../../errors.js';
import type { SourceReport } from '../../loaders/report.js';

/** The part of the context this plugin reads. */
export interface SourceReportContext {
  readonly report: SourceReport;
}

/** Formats the failed outcomes of a report as GraphQL errors (one per source and path). */
export function sourceErrors(report: SourceReport): GraphQLFormattedError[] {
  const seen = new Set<string>();
  const out: GraphQLFormattedError[] = [];
  for (const { path, outcome } of report.entries) {
    if (outcome.ok || !outcome.error) continue;
    const key = `${outcome.source}|${path.join('.')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const e = outcome.error;
    out.push({
      message: `Source "${outcome.source}" failed (${e.kind}): ${e.message}. Results miss its records.`,
      path: [...path],
      extensions: {
        code: CODE_BY_KIND[e.kind],
        partner: outcome.source,
        kind: e.kind,
        ...(e.details.retryAfterMs !== undefined
          ? { retryAfterSeconds: Math.ceil(e.details.retryAfterMs / 1000) }
          : {}),
      },
    });
  }
  return out;
}

/** Appends source failures to errors[] and the per-source summary to extensions.sources. */
export function sourceReportPlugin<TContext extends SourceReportContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue?.report) return;
          const report = contextValue.report;
          if (report.entries.length === 0) return;
          const result = response.body.singleResult;
          const errors = sourceErrors(report);
          if (errors.length > 0) result.errors = [...(result.errors ?? []), ...errors];
          result.extensions = { ...(result.extensions ?? {}), sources: report.summary() };
        },
      };
    },
  };
}
