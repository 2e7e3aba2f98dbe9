import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors.js';
import { captureLogger } from '../../../tests/helpers/capture-logger.js';
import { LEAKY_DETAIL, tinySchema } from '../../../tests/helpers/tiny-schema.js';
import { defaultMaskError, errorMaskingPlugin, excerpted, type MaskingContext } from './error-masking.js';

/** Runs one operation through Apollo with the masking strategy and plugin; returns errors and logs. */
async function run(query: string) {
  const logger = captureLogger();
  const server = new ApolloServer<MaskingContext>({
    schema: tinySchema(),
    formatError: defaultMaskError,
    plugins: [errorMaskingPlugin()],
    // On purpose: the masker must strip stack traces even when Apollo would add them.
    includeStacktraceInErrorResponses: true,
  });
  await server.start();
  try {
    const res = await server.executeOperation({ query }, { contextValue: { logger } });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { result: res.body.singleResult, logs: logger.entries };
  } finally {
    await server.stop();
  }
}

describe('defaultMaskError through Apollo', () => {
  it('masks a plain error and logs its stack on the request logger', async () => {
    const { result, logs } = await run('{ hello boom }');
    expect(result.data).toEqual({ hello: 'Hello world', boom: null });
    expect(result.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 9 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'error',
      msg: 'unexpected error masked',
      obj: { path: ['boom'], err: { type: 'Error' } },
    });
    expect((logs[0]?.obj as { err: { stack: string } }).err.stack).toContain(LEAKY_DETAIL);
  });

  it('maps a ConnectorError to its code and partner, without the partner URL', async () => {
    const { result, logs } = await run('{ partner }');
    expect(result.errors).toEqual([
      {
        message: 'Source "dora" failed: partner error (HTTP 503)',
        locations: [{ line: 1, column: 3 }],
        path: ['partner'],
        extensions: { code: 'PARTNER_UNAVAILABLE', partner: 'dora' },
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('partner.example');
    expect(logs).toEqual([]);
  });

  it('passes GraphQL errors with a code of their own through, minus any stack trace', async () => {
    const { result, logs } = await run('{ badInput }');
    expect(result.errors).toEqual([
      {
        message: 'limit must be between 1 and 100, got: 0',
        locations: [{ line: 1, column: 3 }],
        path: ['badInput'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'limit' },
      },
    ]);
    expect(logs).toEqual([]);
  });

  it('passes validation errors through', async () => {
    const { result, logs } = await run('{ nope }');
    expect(result.errors).toEqual([
      {
        message: 'Cannot query field "nope" on type "Query".',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(logs).toEqual([]);
  });
});

describe('defaultMaskError as a function', () => {
  it('masks an INTERNAL_SERVER_ERROR whatever its message', () => {
    const formatted = {
      message: `boom at ${LEAKY_DETAIL}`,
      path: ['a'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] },
    };
    expect(defaultMaskError(formatted, new Error('boom'))).toEqual({
      message: 'Internal server error',
      path: ['a'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('masks an error with no code at all', () => {
    expect(defaultMaskError({ message: 'x' }, 'a thrown string')).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it.each([
    ['timeout', 'PARTNER_TIMEOUT'],
    ['rate_limited', 'PARTNER_RATE_LIMITED'],
    ['not_found', 'NOT_FOUND'],
    ['bad_response', 'PARTNER_BAD_RESPONSE'],
    ['unauthorized', 'PARTNER_UNAUTHORIZED'],
  ] as const)('maps kind %s to %s', (kind, code) => {
    const err = new ConnectorError('soliguide', kind, 'failed');
    expect(
      defaultMaskError({ message: 'ignored', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, err).extensions,
    ).toEqual({ code, partner: 'soliguide' });
  });
});

describe('argumentMessages', () => {
  it('spells out every failed constraint, nested ones included, instead of "Argument Validation Error"', async () => {
    const { argumentMessages } = await import('./error-masking.js');
    expect(
      argumentMessages([
        { property: 'first', constraints: { max: 'first must be at most 500, got: 900' } },
        {
          property: 'filter',
          children: [
            {
              property: 'codeDepartement',
              constraints: { matches: 'codeDepartement must be 2 or 3 characters, got: "5"' },
            },
          ],
        },
      ]).message,
    ).toBe(
      'Invalid argument: first must be at most 500, got: 900; codeDepartement must be 2 or 3 characters, got: "5"',
    );
  });
});

describe('messages never echo more than an excerpt of the input', () => {
  it('cuts a 1 MB invalid variable value coerced by graphql-js to a short excerpt', async () => {
    const server = new ApolloServer<MaskingContext>({
      schema: tinySchema(),
      formatError: defaultMaskError,
      plugins: [errorMaskingPlugin()],
    });
    await server.start();
    try {
      const res = await server.executeOperation(
        { query: 'query($n: String) { hello(name: $n) }', variables: { n: ['y'.repeat(1_000_000)] } },
        { contextValue: { logger: captureLogger() } },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      const [error] = res.body.singleResult.errors ?? [];
      expect(error?.message).toMatch(/^Variable "\$n" got invalid value \["y{60}…"/);
      expect(error!.message.length).toBeLessThanOrEqual(600);
    } finally {
      await server.stop();
    }
  });

  it('cuts every long quoted value and the whole message', () => {
    expect(excerpted(`got "${'a'.repeat(100)}" and "short"`)).toBe(`got "${'a'.repeat(60)}…" and "short"`);
    expect(excerpted('x'.repeat(5_000)).length).toBe(600);
  });

  it('drops graphql-js schema hints from validation errors, not nomenclature suggestions', () => {
    const hinted = {
      message: 'Cannot query field "comune" on type "Query". Did you mean "commune" or "communes"?',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    expect(defaultMaskError(hinted, new Error('x')).message).toBe('Cannot query field "comune" on type "Query".');
  });

  it('says a limit refusal is BAD_USER_INPUT naming its variable, the token limit included', () => {
    const tokens = {
      message: 'Syntax Error: Document contains more that 3000 tokens. Parsing aborted.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    };
    expect(defaultMaskError(tokens, new Error('x'))).toMatchObject({
      message: 'Query has more than 3000 tokens, the limit (QUERY_MAX_TOKENS)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const depth = {
      message: 'Query depth exceeds the limit of 12 (QUERY_MAX_DEPTH)',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'QUERY_MAX_DEPTH' },
    };
    expect(defaultMaskError(depth, new Error('x')).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      limit: 'QUERY_MAX_DEPTH',
    });
  });
});
