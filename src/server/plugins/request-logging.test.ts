import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../../tests/helpers/capture-logger.js';
import { tinySchema } from '../../../tests/helpers/tiny-schema.js';
import { requestLoggingPlugin, type LoggingContext } from './request-logging.js';

/** A clock that advances 25 ms per reading. */
function steppingClock() {
  let t = 1000;
  return () => (t += 25);
}

async function run(query: string, operationName?: string) {
  const logger = captureLogger();
  const server = new ApolloServer<LoggingContext>({
    schema: tinySchema(),
    plugins: [requestLoggingPlugin({ now: steppingClock() })],
    includeStacktraceInErrorResponses: false,
  });
  await server.start();
  try {
    await server.executeOperation(
      { query, operationName },
      { contextValue: { requestId: 'req-1', logger: logger.child({ requestId: 'req-1' }) } },
    );
  } finally {
    await server.stop();
  }
  return logger.entries;
}

describe('requestLoggingPlugin', () => {
  it('logs one line with the operation name, duration and no errors on the request logger', async () => {
    expect(await run('query Greeting { hello }')).toEqual([
      {
        level: 'info',
        msg: 'graphql operation',
        obj: { requestId: 'req-1', operationName: 'Greeting', durationMs: 25, errorCount: 0 },
      },
    ]);
  });

  it('counts errors and lists their codes', async () => {
    const [entry] = await run('query Mixed { hello boom partner badInput }');
    expect(entry?.obj).toMatchObject({
      operationName: 'Mixed',
      errorCount: 3,
      errorCodes: ['INTERNAL_SERVER_ERROR', 'BAD_USER_INPUT'],
    });
  });

  it('logs requests that fail validation, with the operation name the client sent', async () => {
    const entries = await run('query Typo { helo }', 'Typo');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.obj).toMatchObject({
      operationName: 'Typo',
      errorCount: 1,
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
  });

  it('logs an anonymous operation with a null name', async () => {
    const [entry] = await run('{ hello }');
    expect(entry?.obj).toMatchObject({ operationName: null, errorCount: 0 });
  });
});
