/**
 * Factory for scalars whose values are a closed v1 nomenclature. A scalar (not a GraphQL enum)
 * because the schema values contain `-` (`famille--garde-denfants`), which enum names cannot;
 * the scalar reads and writes the exact schema strings, so resolvers pass domain values through.
 */
import { GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { ScalarInputError, quoteInput } from './input-error.js';
import { closestValues, didYouMean } from './suggest.js';

/** What a nomenclature scalar needs to know. */
export interface NomenclatureScalarSpec {
  /** GraphQL name, e.g. `Thematique`. */
  readonly name: string;
  readonly description: string;
  /** Every accepted value. */
  readonly values: readonly string[];
  /** Where the client can list the valid values, for the error message (e.g. `nomenclature(name: "thematiques")`). */
  readonly listedBy: string;
  /** URL of the machine-readable list, printed as `@specifiedBy`. */
  readonly specifiedByURL?: string;
}

/** The error for a string that is not in the list, with up to three suggestions. */
function unknownValue(spec: NomenclatureScalarSpec, value: string): ScalarInputError {
  const suggestions = closestValues(value, spec.values);
  const hint = suggestions.length > 0 ? didYouMean(suggestions) : ` Valid values are listed by ${spec.listedBy}.`;
  return new ScalarInputError(spec.name, `Unknown ${spec.name} ${quoteInput(value)}.${hint}`, suggestions);
}

/** A GraphQLScalarType accepting exactly `spec.values` on input; output is the identity. */
export function createNomenclatureScalar(spec: NomenclatureScalarSpec): GraphQLScalarType<string, string> {
  const valid: ReadonlySet<string> = new Set(spec.values);
  const check = (value: unknown): string => {
    if (typeof value !== 'string')
      throw new ScalarInputError(spec.name, `${spec.name} must be a string, got ${quoteInput(value)}.`);
    if (!valid.has(value)) throw unknownValue(spec, value);
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name: spec.name,
    description: spec.description,
    specifiedByURL: spec.specifiedByURL,
    // Output values were validated when the connectors mapped them; re-checking here would turn
    // one stale partner value into a null-bubbling error for the whole list, so strings pass as-is.
    serialize(value: unknown): string {
      if (typeof value !== 'string') throw new TypeError(`${spec.name} cannot represent a non-string value`);
      return value;
    },
    parseValue: check,
    parseLiteral(ast: ValueNode): string {
      if (ast.kind !== Kind.STRING)
        throw new ScalarInputError(spec.name, `${spec.name} must be a string, got ${print(ast)}.`);
      return check(ast.value);
    },
    extensions: { codegenScalarType: 'string', jsonSchema: { type: 'string', enum: [...spec.values] } },
  });
}
