/**
 * Checks of territory arguments shared by the territory queries: COG code formats (CODE_FORMATS) and
 * page sizes. Failures are BAD_USER_INPUT errors that name the argument, say what was expected and
 * what was received.
 */
import { CODE_FORMATS, isCollectiviteOutreMer } from '../../src/domain/territory.js';
import { badUserInput } from '../../src/errors.js';

/** The code kinds CODE_FORMATS knows. */
export type CodeKind = keyof typeof CODE_FORMATS;

const WHAT: Readonly<Record<CodeKind, string>> = {
  commune: 'an INSEE commune code',
  departement: 'an INSEE département code',
  region: 'an INSEE région code',
  epci: 'the SIREN of an EPCI',
  codePostal: 'a postcode',
};

/** Page sizes accepted by `first` arguments. */
export const FIRST = Object.freeze({ min: 1, max: 500, default: 20 });

/** A received value as a message may show it: JSON-quoted and cut. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The code, trimmed and upper-cased (`2a004` → `2A004`); BAD_USER_INPUT when it does not have the format of its kind. */
export function parseCode(kind: CodeKind, argumentName: string, value: string): string {
  const code = value.trim().toUpperCase();
  const { re, expected } = CODE_FORMATS[kind];
  if (!re.test(code)) {
    throw badUserInput(`Argument "${argumentName}" must be ${WHAT[kind]}: ${expected}; got ${shown(value)}`, {
      argumentName,
      expected,
    });
  }
  return code;
}

/**
 * A commune code (see parseCode) of the territories data·inclusion covers: a collectivité
 * d'outre-mer is BAD_USER_INPUT saying so, not "not found".
 */
export function parseCommuneCode(argumentName: string, value: string): string {
  const code = parseCode('commune', argumentName, value);
  if (isCollectiviteOutreMer(code)) {
    throw badUserInput(
      `Argument "${argumentName}" is a commune of a collectivité d'outre-mer (${code}): the data·inclusion schema covers ` +
        'metropolitan France and the overseas départements (971–974, 976) only.',
      { argumentName, expected: 'a commune of metropolitan France or of an overseas département' },
    );
  }
  return code;
}

/** The page size; BAD_USER_INPUT outside FIRST.min..FIRST.max. */
export function parseFirst(value: number | undefined | null, argumentName = 'first'): number {
  if (value === undefined || value === null) return FIRST.default;
  if (!Number.isInteger(value) || value < FIRST.min || value > FIRST.max) {
    throw badUserInput(
      `Argument "${argumentName}" must be an integer from ${FIRST.min} to ${FIRST.max}; got ${shown(value)}`,
      {
        argumentName,
        expected: `${FIRST.min}..${FIRST.max}`,
      },
    );
  }
  return value;
}
