/**
 * `Date`: a calendar date as a `YYYY-MM-DD` string, like the schema's `date_maj`. Input is checked
 * by graphql-scalars' LocalDate (string in, string out; its DateResolver would hand resolvers JS
 * Date objects, while the domain keeps dates as strings). Output only checks the shape: the
 * connectors already validated dates, and a stricter check here would null a whole record.
 */
import { GraphQLScalarType, type ValueNode } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ScalarInputError, quoteInput } from './input-error.js';

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Re-throws LocalDate's complaint as our BAD_USER_INPUT error, with one message for every case. */
function strict<A>(parse: (a: A) => unknown, shown: (a: A) => unknown): (a: A) => string {
  return (a: A) => {
    try {
      return parse(a) as string;
    } catch {
      throw new ScalarInputError(
        'Date',
        `Invalid Date ${quoteInput(shown(a))}: expected a calendar date written YYYY-MM-DD, e.g. "2025-09-29".`,
      );
    }
  };
}

/** Calendar date `YYYY-MM-DD` (no time, no time zone). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date written `YYYY-MM-DD` (ISO 8601, no time or time zone), e.g. `2025-09-29`.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value: unknown): string {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && SHAPE.test(value)) return value;
    throw new TypeError('Date cannot represent a value that is not a YYYY-MM-DD string');
  },
  parseValue: strict(
    (v: unknown) => GraphQLLocalDate.parseValue(v),
    (v) => v,
  ),
  parseLiteral: strict(
    (ast: ValueNode) => GraphQLLocalDate.parseLiteral(ast, undefined),
    (ast) => ('value' in ast ? ast.value : ast.kind),
  ),
  extensions: { codegenScalarType: 'string', jsonSchema: { type: 'string', format: 'date' } },
});
