/**
 * The error our custom scalars throw on bad input, and the code rule the server's formatError
 * applies to it.
 *
 * Why a plain Error with an `extensions` property rather than a GraphQLError: graphql-js 16 wraps
 * a non-GraphQLError thrown by parseValue/parseLiteral into its own located error
 * (`Variable "$x" got invalid value …; Expected type "Thematique". …` or
 * `Expected value of type "Thematique!", found …; …`) and copies `originalError.extensions`
 * onto it, so the client sees the location, the scalar name, our message and our code.
 * A thrown GraphQLError would be reported as-is, without location or type.
 */

/** Bad client input for one of our scalars; carries `extensions.code = BAD_USER_INPUT`. */
export class ScalarInputError extends Error {
  override readonly name = 'ScalarInputError';
  readonly extensions: {
    readonly code: 'BAD_USER_INPUT';
    readonly scalar: string;
    readonly suggestions?: readonly string[];
  };

  constructor(scalar: string, message: string, suggestions?: readonly string[]) {
    super(message);
    this.extensions = suggestions
      ? { code: 'BAD_USER_INPUT', scalar, suggestions }
      : { code: 'BAD_USER_INPUT', scalar };
  }
}

/** The value as it may appear in a message: quoted, and cut so a huge input never floods the error. */
export function quoteInput(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/**
 * `BAD_USER_INPUT` when `err` (or any error it wraps through `originalError`) is a ScalarInputError,
 * else undefined. Needed because Apollo Server turns every validation-phase error into
 * `GRAPHQL_VALIDATION_FAILED`, and a literal argument (`thematiques: ["x"]`) is checked by
 * graphql-js' ValuesOfCorrectTypeRule during validation (apollo-server#5964). Variables are
 * coerced during execution and already keep our code. Use from `formatError(formatted, err)`.
 */
export function nomenclatureErrorCode(err: unknown): 'BAD_USER_INPUT' | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ScalarInputError) return 'BAD_USER_INPUT';
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
