import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.js';

/** Runs loadConfig and returns the ConfigError it throws (fails the test if it does not throw one). */
function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('applies every default to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      http: { port: 4000, host: '0.0.0.0', shutdownGraceMs: 10000, requestDeadlineMs: 6000 },
      logLevel: 'info',
      cache: {
        redisUrl: undefined,
        keyPrefix: 'gw:',
        memoryMaxEntries: 10000,
        memoryMaxBytes: 67108864,
        responseMaxBytes: 262144,
        swrSeconds: 300,
        staleIfErrorSeconds: 21600,
        negativeTtlSeconds: 60,
      },
      admin: { token: undefined },
      sources: { file: undefined },
      sandbox: { scale: 3000, latencyMs: { min: 0, max: 0 } },
      territory: { source: 'embedded', geoApiUrl: 'https://geo.api.gouv.fr' },
      partners: { consumerShare: 0.25, circuit: { failureThreshold: 5, cooldownMs: 30000 } },
      auth: {
        mode: 'open',
        consumersFile: undefined,
        jwtSecret: undefined,
        anonymousRateLimit: { requests: 120, perSeconds: 60 },
        consumerRateLimit: { requests: 600, perSeconds: 60 },
      },
      exposure: { introspection: true, metricsPort: undefined, metricsToken: undefined, corsOrigins: ['*'] },
      limits: {
        maxTokens: 1000,
        maxDepth: 12,
        maxAliases: 30,
        maxRootFields: 20,
        maxDirectives: 50,
        maxCost: 50000,
        defaultListSize: 20,
        variablesMaxDepth: 16,
        variablesMaxNodes: 10000,
      },
    });
  });

  it('derives the exposure defaults from NODE_ENV and SOURCES_FILE, and parses rate limits and origins', () => {
    expect(loadConfig({ NODE_ENV: 'production', SOURCES_FILE: 'x.yaml' }).exposure).toMatchObject({
      introspection: false,
      corsOrigins: [],
    });
    expect(
      loadConfig({
        NODE_ENV: 'production',
        INTROSPECTION: 'true',
        CORS_ORIGINS: 'https://a.example.fr, http://localhost:3000',
      }).exposure,
    ).toMatchObject({
      introspection: true,
      corsOrigins: ['https://a.example.fr', 'http://localhost:3000'],
    });
    expect(loadConfig({ ANONYMOUS_RATE_LIMIT: '5/1' }).auth.anonymousRateLimit).toEqual({ requests: 5, perSeconds: 1 });
    expect(
      problemsOf({
        ANONYMOUS_RATE_LIMIT: '0/60',
        CORS_ORIGINS: 'https://a.example.fr/path',
        AUTH_MODE: 'closed',
        JWT_SECRET: 'short',
      }),
    ).toEqual([
      'AUTH_MODE must be one of open, required, got: "closed"',
      'JWT_SECRET must be at least 16 printable characters without spaces, got: a value of 5 characters',
      'ANONYMOUS_RATE_LIMIT must be "requests/seconds" with both above 0, such as "600/60", got: "0/60"',
      'CORS_ORIGINS must be "*" or a comma-separated list of origins such as "https://app.example.fr" (scheme, host, optional port, no path), got: "https://a.example.fr/path"',
    ]);
  });

  it('reads the partner share and circuit settings, refusing a share outside (0, 1]', () => {
    const config = loadConfig({
      PARTNER_CONSUMER_SHARE: '0.5',
      CIRCUIT_FAILURE_THRESHOLD: '3',
      CIRCUIT_COOLDOWN_MS: '250',
    });
    expect(config.partners).toEqual({ consumerShare: 0.5, circuit: { failureThreshold: 3, cooldownMs: 250 } });
    expect(loadConfig({ PARTNER_CONSUMER_SHARE: '1' }).partners.consumerShare).toBe(1);
    for (const bad of ['0', '1.5', '-0.2', '25%', 'abc'])
      expect(() => loadConfig({ PARTNER_CONSUMER_SHARE: bad })).toThrow(
        /PARTNER_CONSUMER_SHARE must be a decimal number greater than 0 and at most 1/,
      );
  });

  it('reads given values and treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      REDIS_KEY_PREFIX: 'gw2:',
      CACHE_MEMORY_MAX_ENTRIES: '5',
      SOURCES_FILE: 'config/sources.yaml',
      SANDBOX_SCALE: '200000',
      SANDBOX_LATENCY_MS: '50-150',
      TERRITORY_SOURCE: 'geo-api',
      GEO_API_URL: 'http://127.0.0.1:9999/',
      SHUTDOWN_GRACE_MS: '',
      REQUEST_DEADLINE_MS: '2500',
    });
    expect(config.http).toEqual({ port: 8080, host: '127.0.0.1', shutdownGraceMs: 10000, requestDeadlineMs: 2500 });
    expect(config.cache).toEqual({
      redisUrl: 'redis://127.0.0.1:6379/2',
      keyPrefix: 'gw2:',
      memoryMaxEntries: 5,
      memoryMaxBytes: 67108864,
      responseMaxBytes: 262144,
      swrSeconds: 300,
      staleIfErrorSeconds: 21600,
      negativeTtlSeconds: 60,
    });
    expect(loadConfig({ QUERY_MAX_COST: '1000', QUERY_MAX_DEPTH: '5' }).limits).toMatchObject({
      maxCost: 1000,
      maxDepth: 5,
    });
    expect(config.sources.file).toBe('config/sources.yaml');
    expect(config.sandbox).toEqual({ scale: 200000, latencyMs: { min: 50, max: 150 } });
    expect(config.territory).toEqual({ source: 'geo-api', geoApiUrl: 'http://127.0.0.1:9999' });
    expect(loadConfig({ SANDBOX_LATENCY_MS: '120' }).sandbox.latencyMs).toEqual({ min: 120, max: 120 });
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sandbox.latencyMs)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('reports every problem at once, naming the variable, the expectation and the received text', () => {
    expect(problemsOf({ PORT: 'abc', LOG_LEVEL: 'verbose', SANDBOX_SCALE: '200001', TERRITORY_SOURCE: 'ign' })).toEqual(
      [
        'PORT must be an integer between 0 and 65535, got: "abc"',
        'LOG_LEVEL must be one of silent, fatal, error, warn, info, debug, trace, got: "verbose"',
        'SANDBOX_SCALE must be an integer between 0 and 200000, got: "200001"',
        'TERRITORY_SOURCE must be one of embedded, geo-api, got: "ign"',
      ],
    );
  });

  it('bounds the request deadline: at least 100 ms, at most two minutes', () => {
    expect(problemsOf({ REQUEST_DEADLINE_MS: '99' })).toEqual([
      'REQUEST_DEADLINE_MS must be an integer between 100 and 120000, got: "99"',
    ]);
    expect(problemsOf({ REQUEST_DEADLINE_MS: '120001' })).toEqual([
      'REQUEST_DEADLINE_MS must be an integer between 100 and 120000, got: "120001"',
    ]);
  });

  it('puts every problem in the thrown message', () => {
    expect(() => loadConfig({ PORT: '-1', SHUTDOWN_GRACE_MS: '-1' })).toThrow(
      'Invalid configuration (2 problems):\n' +
        '  - PORT must be an integer between 0 and 65535, got: "-1"\n' +
        '  - SHUTDOWN_GRACE_MS must be an integer between 0 and 600000, got: "-1"',
    );
  });

  it('rejects loose numbers, bad URLs and bad latency ranges with exact texts', () => {
    expect(
      problemsOf({ PORT: '4000.5', CACHE_MEMORY_MAX_ENTRIES: '1e3', HOST: 'my host', REDIS_KEY_PREFIX: ' ' }),
    ).toEqual([
      'PORT must be an integer between 0 and 65535, got: "4000.5"',
      'HOST must be a host name or IP address without spaces, got: "my host"',
      'REDIS_KEY_PREFIX must be a key prefix without spaces, got: " "',
      'CACHE_MEMORY_MAX_ENTRIES must be an integer between 1 and 10000000, got: "1e3"',
    ]);
    expect(
      problemsOf({
        REDIS_URL: 'http://:hunter2@cache:6379',
        GEO_API_URL: 'geo.api.gouv.fr',
        SANDBOX_LATENCY_MS: '150-50',
      }),
    ).toEqual([
      'REDIS_URL must be a URL starting with redis:// or rediss://, got: "http://***@cache:6379"',
      'SANDBOX_LATENCY_MS must be a delay in milliseconds ("0", "120") or a range "min-max" with min <= max ("50-150"), got: "150-50"',
      'GEO_API_URL must be a URL starting with https:// or http://, got: "geo.api.gouv.fr"',
    ]);
  });
});

describe('cache and admin settings', () => {
  it('reads the cache windows and the admin token', () => {
    const config = loadConfig({
      CACHE_SWR_SECONDS: '0',
      CACHE_STALE_IF_ERROR_SECONDS: '3600',
      CACHE_NEGATIVE_TTL_SECONDS: '5',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
    });
    expect(config.cache).toMatchObject({ swrSeconds: 0, staleIfErrorSeconds: 3600, negativeTtlSeconds: 5 });
    expect(config.admin).toEqual({ token: 'a-long-enough-admin-token' });
  });

  it('rejects bad windows and a short admin token, never echoing the token', () => {
    expect(
      problemsOf({
        CACHE_SWR_SECONDS: '-1',
        CACHE_STALE_IF_ERROR_SECONDS: 'day',
        CACHE_NEGATIVE_TTL_SECONDS: '86401',
        ADMIN_TOKEN: 'hunter2',
      }),
    ).toEqual([
      'CACHE_SWR_SECONDS must be an integer between 0 and 86400, got: "-1"',
      'CACHE_STALE_IF_ERROR_SECONDS must be an integer between 0 and 2592000, got: "day"',
      'CACHE_NEGATIVE_TTL_SECONDS must be an integer between 0 and 86400, got: "86401"',
      'ADMIN_TOKEN must be at least 16 printable characters without spaces, got: a value of 7 characters',
    ]);
  });
});

describe('.env.example', () => {
  const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

  it.each(CONFIG_VARIABLES.map((v) => [v.name, v] as const))('lists %s with its comment and default', (name, v) => {
    expect(text).toContain(`# ${v.comment}\n`);
    expect(text).toMatch(new RegExp(`^${name}=${(v.default ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });
});
