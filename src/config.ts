/**
 * The gateway's configuration, read once at boot from the environment; nothing else reads process.env.
 * Every variable is declared once in CONFIG_VARIABLES with its comment and default; `.env.example`
 * mirrors that table (a unit test keeps them in step). Every problem is reported at once.
 */
import type { OperationLimits } from './server/plugins/operation-limits.js';

/** pino's level names, in increasing verbosity after `silent`. */
export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where territories (communes, départements, régions, EPCI) come from. */
export const TERRITORY_SOURCES = ['embedded', 'geo-api'] as const;
export type TerritorySource = (typeof TERRITORY_SOURCES)[number];

/** `open`: requests without credentials are served as anonymous consumers; `required`: they are refused. */
export const AUTH_MODES = ['open', 'required'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** A rate limit: at most `requests` per window of `perSeconds`. */
export interface RateLimit {
  readonly requests: number;
  readonly perSeconds: number;
}

/** The typed, deeply frozen configuration. */
export interface Config {
  /** `requestDeadlineMs`: how long one GraphQL request may wait for its sources (REQUEST_DEADLINE_MS). */
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly shutdownGraceMs: number;
    readonly requestDeadlineMs: number;
  };
  readonly logLevel: LogLevel;
  /** `url` undefined means the in-memory store. */
  readonly cache: {
    readonly redisUrl: string | undefined;
    readonly keyPrefix: string;
    readonly memoryMaxEntries: number;
    readonly memoryMaxBytes: number;
    readonly responseMaxBytes: number;
    readonly swrSeconds: number;
    readonly staleIfErrorSeconds: number;
    readonly negativeTtlSeconds: number;
  };
  /** `token` undefined means admin operations are refused. */
  readonly admin: { readonly token: string | undefined };
  /** `file` undefined means the embedded sandbox sources. */
  readonly sources: { readonly file: string | undefined };
  readonly sandbox: { readonly scale: number; readonly latencyMs: { readonly min: number; readonly max: number } };
  readonly territory: { readonly source: TerritorySource; readonly geoApiUrl: string };
  /** `consumerShare`: part of a partner's rate budget one consumer may use; `circuit`: when a failing source is set aside. */
  readonly partners: {
    readonly consumerShare: number;
    readonly circuit: { readonly failureThreshold: number; readonly cooldownMs: number };
  };
  /** Who may call the API and how often (src/server/auth/). */
  readonly auth: {
    readonly mode: AuthMode;
    /** `file` undefined means no declared consumers. */
    readonly consumersFile: string | undefined;
    readonly jwtSecret: string | undefined;
    /** Per client IP, shared by anonymous consumers. */
    readonly anonymousRateLimit: RateLimit;
    /** Of a declared consumer (or JWT subject) without a limit of its own. */
    readonly consumerRateLimit: RateLimit;
  };
  /** What the HTTP edge shows: introspection and landing page, /metrics, CORS origins (`*` or a list; empty: no CORS). */
  readonly exposure: {
    readonly introspection: boolean;
    readonly metricsPort: number | undefined;
    readonly metricsToken: string | undefined;
    readonly corsOrigins: readonly string[];
  };
  /** Operation limits checked before execution (server/plugins/operation-limits.ts). */
  readonly limits: OperationLimits;
}

/** Thrown by loadConfig; `problems` holds one line per invalid variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** A parse outcome: the value, or what was expected (the caller adds the name and the received text). */
type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (expected: string): Parsed<never> => ({ ok: false, expected });

/** A strict decimal integer within bounds: no sign, exponent, spaces or trailing text. */
function intBetween(min: number, max: number) {
  return (raw: string): Parsed<number> => {
    const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? ok(n) : fail(`an integer between ${min} and ${max}`);
  };
}

/** A decimal number in (0, 1]: "0.25", "1". */
function shareOfOne(raw: string): Parsed<number> {
  const n = /^(?:0(?:\.\d{1,6})?|1(?:\.0{1,6})?|\.\d{1,6})$/.test(raw) ? Number(raw) : NaN;
  return n > 0 && n <= 1 ? ok(n) : fail('a decimal number greater than 0 and at most 1, such as 0.25');
}

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string): Parsed<T> =>
    (values as readonly string[]).includes(raw) ? ok(raw as T) : fail(`one of ${values.join(', ')}`);
}

function urlWithScheme(schemes: readonly string[]) {
  const expected = `a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`;
  return (raw: string): Parsed<string> => {
    if (!URL.canParse(raw)) return fail(expected);
    return schemes.includes(new URL(raw).protocol) ? ok(raw.replace(/\/+$/, '')) : fail(expected);
  };
}

/** A secret: long enough to resist guessing, printable, no spaces (never echoed in errors). */
function secretToken(raw: string): Parsed<string> {
  return /^[\x21-\x7e]{16,}$/.test(raw) ? ok(raw) : fail('at least 16 printable characters without spaces');
}

function nonBlank(what: string) {
  return (raw: string): Parsed<string> => (/^\S+$/.test(raw) ? ok(raw) : fail(`${what} without spaces`));
}

/** "0", "120" or a "min-max" range such as "50-150", in milliseconds. */
function latencyRange(raw: string): Parsed<{ min: number; max: number }> {
  const m = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(raw);
  const expected = 'a delay in milliseconds ("0", "120") or a range "min-max" with min <= max ("50-150")';
  if (!m) return fail(expected);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  return min <= max ? ok({ min, max }) : fail(expected);
}

/** "600/60": at most 600 requests per 60 seconds. */
export function rateLimit(raw: string): Parsed<RateLimit> {
  const m = /^(\d{1,9})\/(\d{1,6})$/.exec(raw);
  const [requests, perSeconds] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  return requests > 0 && perSeconds > 0
    ? ok({ requests, perSeconds })
    : fail('"requests/seconds" with both above 0, such as "600/60"');
}

function bool(raw: string): Parsed<boolean> {
  return raw === 'true' || raw === 'false' ? ok(raw === 'true') : fail('true or false');
}

/** "*" or a comma list of origins such as "https://a.example,https://b.example". */
function origins(raw: string): Parsed<string[]> {
  const list = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const valid =
    list.length > 0 && (raw.trim() === '*' || list.every((o) => URL.canParse(o) && new URL(o).origin === o));
  return valid
    ? ok(list)
    : fail(
        '"*" or a comma-separated list of origins such as "https://app.example.fr" (scheme, host, optional port, no path)',
      );
}

/** One environment variable: its comment, its default (undefined = unset is meaningful), its parser. */
export interface ConfigVariable {
  readonly name: string;
  readonly comment: string;
  readonly default: string | undefined;
  readonly parse: (raw: string) => Parsed<unknown>;
  /** Never echo the received value in an error. @default false */
  readonly secret?: boolean;
}

/** Every variable the gateway reads; `.env.example` lists each one with this comment and default. */
export const CONFIG_VARIABLES = [
  {
    name: 'PORT',
    comment: 'TCP port the HTTP server listens on (0 picks a free one).',
    default: '4000',
    parse: intBetween(0, 65535),
  },
  {
    name: 'HOST',
    comment: 'Interface the HTTP server binds to.',
    default: '0.0.0.0',
    parse: nonBlank('a host name or IP address'),
  },
  { name: 'LOG_LEVEL', comment: 'pino log level.', default: 'info', parse: oneOf(LOG_LEVELS) },
  {
    name: 'REDIS_URL',
    comment: 'Shared cache; unset means an in-process memory cache (single instance only).',
    default: undefined,
    parse: urlWithScheme(['redis:', 'rediss:']),
  },
  {
    name: 'REDIS_KEY_PREFIX',
    comment: 'Prefix of every Redis key this gateway writes.',
    default: 'gw:',
    parse: nonBlank('a key prefix'),
  },
  {
    name: 'CACHE_MEMORY_MAX_ENTRIES',
    comment: 'Entry bound of the in-memory cache (least recently used evicted first).',
    default: '10000',
    parse: intBetween(1, 10_000_000),
  },
  {
    name: 'CACHE_MEMORY_MAX_BYTES',
    comment:
      'Byte bound of the in-memory cache used without Redis (keys and values, counted as two bytes a character).',
    default: '67108864',
    parse: intBetween(1_048_576, 68_719_476_736),
  },
  {
    name: 'RESPONSE_CACHE_MAX_BYTES',
    comment:
      'Largest whole response stored in the response cache, in characters of its JSON text; larger ones are answered, not stored.',
    default: '262144',
    parse: intBetween(1_024, 67_108_864),
  },
  {
    name: 'CACHE_SWR_SECONDS',
    comment:
      'Stale-while-revalidate: seconds after an answer expires during which it is still served, at once, while one background refresh runs.',
    default: '300',
    parse: intBetween(0, 86_400),
  },
  {
    name: 'CACHE_STALE_IF_ERROR_SECONDS',
    comment:
      'Stale-if-error: maximum age in seconds of a last good answer served when its partner fails (0 turns it off).',
    default: '21600',
    parse: intBetween(0, 2_592_000),
  },
  {
    name: 'CACHE_NEGATIVE_TTL_SECONDS',
    comment: 'How long a "not found" from a partner is cached, in seconds (0 caches none).',
    default: '60',
    parse: intBetween(0, 86_400),
  },
  {
    name: 'ADMIN_TOKEN',
    comment: 'Bearer token of the admin operations (cache invalidation); unset means they are refused.',
    default: undefined,
    parse: secretToken,
    secret: true,
  },
  {
    name: 'SOURCES_FILE',
    comment: 'YAML/JSON file declaring the partner sources; unset means the embedded sandbox sources.',
    default: undefined,
    parse: nonBlank('a file path'),
  },
  {
    name: 'SANDBOX_SCALE',
    comment: 'Number of services in the embedded sandbox world.',
    default: '3000',
    parse: intBetween(0, 200_000),
  },
  {
    name: 'SANDBOX_LATENCY_MS',
    comment: 'Latency the sandbox partners add to each answer: "0", "120" or a range "50-150".',
    default: '0',
    parse: latencyRange,
  },
  {
    name: 'TERRITORY_SOURCE',
    comment: 'Territories from the embedded COG ("embedded") or live from geo.api.gouv.fr ("geo-api").',
    default: 'embedded',
    parse: oneOf(TERRITORY_SOURCES),
  },
  {
    name: 'GEO_API_URL',
    comment: 'Base URL of the geo API when TERRITORY_SOURCE=geo-api.',
    default: 'https://geo.api.gouv.fr',
    parse: urlWithScheme(['https:', 'http:']),
  },
  {
    name: 'SHUTDOWN_GRACE_MS',
    comment: 'How long in-flight requests may run after SIGTERM before connections are cut.',
    default: '10000',
    parse: intBetween(0, 600_000),
  },
  {
    name: 'REQUEST_DEADLINE_MS',
    comment:
      'Time budget of one GraphQL request: a source that would take longer (throttled, Retry-After, slow) is answered stale or reported missing, and the rest goes out; fields still unresolved shortly after it fail with DEADLINE_EXCEEDED.',
    default: '6000',
    parse: intBetween(100, 120_000),
  },
  {
    name: 'PARTNER_CONSUMER_SHARE',
    comment:
      "Part of a partner's per-minute rate budget one consumer may use (1: no per-consumer limit); a sources-file entry's consumerShare overrides it.",
    default: '0.25',
    parse: shareOfOne,
  },
  {
    name: 'CIRCUIT_FAILURE_THRESHOLD',
    comment:
      'Consecutive failures of a source (timeouts, 5xx, unreachable, malformed answers) that open its circuit: calls then fail fast, answered stale when cached.',
    default: '5',
    parse: intBetween(1, 1_000),
  },
  {
    name: 'CIRCUIT_COOLDOWN_MS',
    comment:
      'How long an open circuit stays open before one probe call is let through (half-open); success closes it, failure reopens it.',
    default: '30000',
    parse: intBetween(10, 3_600_000),
  },
  {
    name: 'AUTH_MODE',
    comment:
      'open: requests without credentials are served as anonymous consumers (api scope only); required: they get 401.',
    default: 'open',
    parse: oneOf(AUTH_MODES),
  },
  {
    name: 'CONSUMERS_FILE',
    comment:
      'YAML file of the declared consumers (names, SHA-256 of their API keys, scopes, rate limits); unset means none.',
    default: undefined,
    parse: nonBlank('a file path'),
  },
  {
    name: 'JWT_SECRET',
    comment: 'HS256 secret of the JWTs accepted as credentials ({ sub, scopes }); unset means JWTs are refused.',
    default: undefined,
    parse: secretToken,
    secret: true,
  },
  {
    name: 'ANONYMOUS_RATE_LIMIT',
    comment: 'Rate limit of anonymous requests, per client IP: "requests/seconds".',
    default: '120/60',
    parse: rateLimit,
  },
  {
    name: 'CONSUMER_RATE_LIMIT',
    comment:
      'Rate limit of a declared consumer without a rateLimit of its own, and of JWT subjects: "requests/seconds".',
    default: '600/60',
    parse: rateLimit,
  },
  {
    name: 'INTROSPECTION',
    comment:
      'Schema introspection and the landing page on GET /graphql; unset: false when NODE_ENV=production, true otherwise.',
    default: undefined,
    parse: bool,
  },
  {
    name: 'METRICS_PORT',
    comment: 'Serve GET /metrics on this port only (not on PORT); unset: on PORT.',
    default: undefined,
    parse: intBetween(0, 65535),
  },
  {
    name: 'METRICS_TOKEN',
    comment: 'Bearer token GET /metrics requires; unset: none.',
    default: undefined,
    parse: secretToken,
    secret: true,
  },
  {
    name: 'CORS_ORIGINS',
    comment:
      'Origins browsers may call the API from: "*" or a comma list; unset: "*" with the embedded sandbox (SOURCES_FILE unset), none otherwise.',
    default: undefined,
    parse: origins,
  },
  {
    name: 'QUERY_MAX_TOKENS',
    comment: 'Most lexical tokens in a GraphQL document; parsing stops past it.',
    default: '1000',
    parse: intBetween(100, 1_000_000),
  },
  {
    name: 'QUERY_MAX_DEPTH',
    comment: 'Deepest field nesting of an operation (fragments flattened, introspection not counted).',
    default: '12',
    parse: intBetween(1, 1_000),
  },
  { name: 'QUERY_MAX_ALIASES', comment: 'Most aliases in an operation.', default: '30', parse: intBetween(0, 100_000) },
  {
    name: 'QUERY_MAX_ROOT_FIELDS',
    comment: 'Most root fields (aliases included) in an operation.',
    default: '20',
    parse: intBetween(1, 100_000),
  },
  {
    name: 'QUERY_MAX_DIRECTIVES',
    comment: 'Most directives in an operation.',
    default: '50',
    parse: intBetween(0, 100_000),
  },
  {
    name: 'QUERY_MAX_COST',
    comment:
      'Highest operation cost: each field costs 1 plus its children times its list size (its first argument, else QUERY_DEFAULT_LIST_SIZE).',
    default: '50000',
    parse: intBetween(1, 1_000_000_000),
  },
  {
    name: 'QUERY_DEFAULT_LIST_SIZE',
    comment: 'List size the cost assumes for lists without a first argument.',
    default: '20',
    parse: intBetween(1, 100_000),
  },
  {
    name: 'VARIABLES_MAX_DEPTH',
    comment: "Deepest nesting of a request's variables (objects and arrays).",
    default: '16',
    parse: intBetween(1, 1_000),
  },
  {
    name: 'VARIABLES_MAX_NODES',
    comment: "Most values (every object, array and scalar) in a request's variables.",
    default: '10000',
    parse: intBetween(1, 10_000_000),
  },
] as const satisfies readonly ConfigVariable[];

type VariableName = (typeof CONFIG_VARIABLES)[number]['name'];
type Values = {
  [K in (typeof CONFIG_VARIABLES)[number] as K['name']]: K['parse'] extends (raw: string) => Parsed<infer T>
    ? T
    : never;
};

/** Freezes an object and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Hides `user:password@` in URLs so a rejected REDIS_URL never prints its password. */
function redactUserInfo(raw: string): string {
  return raw.replace(/\/\/[^/@\s]*@/, '//***@');
}

/** Reads each variable (an empty string counts as unset) and collects every problem before throwing. */
function readAll(env: NodeJS.ProcessEnv): Partial<Record<VariableName, unknown>> {
  const values: Partial<Record<VariableName, unknown>> = {};
  const problems: string[] = [];
  for (const v of CONFIG_VARIABLES as readonly ConfigVariable[]) {
    const given = env[v.name];
    const raw = given === undefined || given === '' ? v.default : given;
    if (raw === undefined) continue;
    const parsed = v.parse(raw);
    if (parsed.ok) values[v.name as VariableName] = parsed.value;
    else
      problems.push(
        `${v.name} must be ${parsed.expected}, got: ${v.secret ? `a value of ${raw.length} characters` : JSON.stringify(redactUserInfo(raw))}`,
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

/** Turns the environment into the typed, deeply frozen Config; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  type Optional =
    | 'REDIS_URL'
    | 'SOURCES_FILE'
    | 'ADMIN_TOKEN'
    | 'CONSUMERS_FILE'
    | 'JWT_SECRET'
    | 'INTROSPECTION'
    | 'METRICS_PORT'
    | 'METRICS_TOKEN'
    | 'CORS_ORIGINS';
  const v = readAll(env) as Omit<Values, Optional> & { [K in Optional]: Values[K] | undefined };
  return deepFreeze<Config>({
    http: {
      port: v.PORT,
      host: v.HOST,
      shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
      requestDeadlineMs: v.REQUEST_DEADLINE_MS,
    },
    logLevel: v.LOG_LEVEL,
    cache: {
      redisUrl: v.REDIS_URL,
      keyPrefix: v.REDIS_KEY_PREFIX,
      memoryMaxEntries: v.CACHE_MEMORY_MAX_ENTRIES,
      memoryMaxBytes: v.CACHE_MEMORY_MAX_BYTES,
      responseMaxBytes: v.RESPONSE_CACHE_MAX_BYTES,
      swrSeconds: v.CACHE_SWR_SECONDS,
      staleIfErrorSeconds: v.CACHE_STALE_IF_ERROR_SECONDS,
      negativeTtlSeconds: v.CACHE_NEGATIVE_TTL_SECONDS,
    },
    admin: { token: v.ADMIN_TOKEN },
    sources: { file: v.SOURCES_FILE },
    sandbox: { scale: v.SANDBOX_SCALE, latencyMs: v.SANDBOX_LATENCY_MS },
    territory: { source: v.TERRITORY_SOURCE, geoApiUrl: v.GEO_API_URL },
    partners: {
      consumerShare: v.PARTNER_CONSUMER_SHARE,
      circuit: { failureThreshold: v.CIRCUIT_FAILURE_THRESHOLD, cooldownMs: v.CIRCUIT_COOLDOWN_MS },
    },
    auth: {
      mode: v.AUTH_MODE,
      consumersFile: v.CONSUMERS_FILE,
      jwtSecret: v.JWT_SECRET,
      anonymousRateLimit: v.ANONYMOUS_RATE_LIMIT,
      consumerRateLimit: v.CONSUMER_RATE_LIMIT,
    },
    exposure: {
      introspection: v.INTROSPECTION ?? env.NODE_ENV !== 'production',
      metricsPort: v.METRICS_PORT,
      metricsToken: v.METRICS_TOKEN,
      corsOrigins: v.CORS_ORIGINS ?? (v.SOURCES_FILE === undefined ? ['*'] : []),
    },
    limits: {
      maxTokens: v.QUERY_MAX_TOKENS,
      maxDepth: v.QUERY_MAX_DEPTH,
      maxAliases: v.QUERY_MAX_ALIASES,
      maxRootFields: v.QUERY_MAX_ROOT_FIELDS,
      maxDirectives: v.QUERY_MAX_DIRECTIVES,
      maxCost: v.QUERY_MAX_COST,
      defaultListSize: v.QUERY_DEFAULT_LIST_SIZE,
      variablesMaxDepth: v.VARIABLES_MAX_DEPTH,
      variablesMaxNodes: v.VARIABLES_MAX_NODES,
    },
  });
}
