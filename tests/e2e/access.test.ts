/**
 * Consumers, credentials and scopes over real HTTP, with the gateway over a sandbox's simulators and
 * the real Redis: 401 for missing (AUTH_MODE=required) or bad credentials (API key or JWT), 403
 * without the api scope; personal contact fields only with `contacts`, Soliguide's records only with
 * `restricted-sources`, whatever the query shape; the response cache (fast path included) keyed by
 * scope; CORS; introspection off; /metrics behind a token or on its own port.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { AUTH_REFUSED } from '../../src/server/auth/authenticate.js';
import { MASKED_REASON } from '../../src/server/contact-masking.js';
import {
  capturingLogger,
  deleteKeys,
  freePort,
  type Gql,
  runPrefix,
  TEST_REDIS_URL,
  writeSourcesFile,
} from '../helpers/cache-e2e.js';
import { signToken, TEST_JWT_SECRET, writeConsumersFile } from '../helpers/credentials.js';

const PREFIX = runPrefix();
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const ORIGIN = 'https://app.example.fr';

let sandbox: Sandbox;
let open: Gateway;
let required: Gateway;
const files: string[] = [];
const envNames: string[] = [];
let keys: Record<string, string> = {};
const { logger, lines } = capturingLogger('info');

beforeAll(async () => {
  sandbox = await startSandbox({ services: 600, seed: 7 });
  const sources = writeSourcesFile(sandbox, { soliguide: { restricted: true } });
  const consumers = writeConsumersFile({
    reader: { scopes: ['api'] },
    contacts: { scopes: ['api', 'contacts'] },
    full: { scopes: ['api', 'contacts', 'restricted-sources'] },
    widget: { scopes: ['widget'] },
    operator: { scopes: ['api', 'admin'] },
  });
  keys = consumers.keys;
  files.push(sources.file, consumers.file);
  envNames.push(...Object.keys(sources.env));
  Object.assign(process.env, sources.env);
  // The leak checks read whole départements in one operation, beyond the default cost limit (a limit of its own, tested elsewhere).
  const base = {
    PORT: '0',
    HOST: '127.0.0.1',
    SOURCES_FILE: sources.file,
    CONSUMERS_FILE: consumers.file,
    JWT_SECRET: TEST_JWT_SECRET,
    REDIS_URL: TEST_REDIS_URL,
    QUERY_MAX_COST: '1000000',
  };
  open = await startGateway(
    loadConfig({ ...base, REDIS_KEY_PREFIX: `${PREFIX}open:`, CORS_ORIGINS: ORIGIN, METRICS_TOKEN }),
    logger,
  );
  required = await startGateway(
    loadConfig({
      ...base,
      REDIS_KEY_PREFIX: `${PREFIX}req:`,
      AUTH_MODE: 'required',
      INTROSPECTION: 'false',
      METRICS_PORT: String(await freePort()),
    }),
    pino({ level: 'silent' }),
  );
}, 120_000);

afterAll(async () => {
  await open?.stop(0);
  await required?.stop(0);
  await sandbox?.close();
  await deleteKeys(PREFIX);
  for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
  for (const k of envNames) delete process.env[k];
});

/** POSTs an operation with these headers; the status, headers and parsed body. */
async function post(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Gql };
}

const withKey = (name: string) => ({ 'x-api-key': keys[name]! });
const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

describe('credentials', () => {
  const Q = '{ regions { code } }';

  it('open mode serves requests without credentials; keys come as X-Api-Key or Bearer, JWTs as Bearer', async () => {
    for (const headers of [
      {},
      withKey('reader'),
      bearer(keys.reader!),
      bearer(await signToken('partner-jwt', ['api'])),
    ]) {
      const r = await post(open.graphqlUrl, Q, headers);
      expect(r.status).toBe(200);
      expect(r.body.data!.regions.length).toBeGreaterThan(0);
    }
  });

  it('wrong, forged or expired credentials are 401 in both modes, never served as anonymous', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'x-api-key': 'gwk_not-a-key' }, AUTH_REFUSED.unknownKey],
      [bearer('gwk_not-a-key'), AUTH_REFUSED.unknownKey],
      [
        bearer(await signToken('partner-jwt', ['api'], { secret: 'another-secret-0123456789abcdef' })),
        AUTH_REFUSED.badToken,
      ],
      [bearer(await signToken('partner-jwt', ['api'], { exp: now - 60 })), AUTH_REFUSED.expired],
      [bearer(await signToken('partner-jwt', ['api'], { nbf: now + 3600 })), AUTH_REFUSED.expired],
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, AUTH_REFUSED.scheme],
    ];
    for (const gw of [open, required]) {
      for (const [headers, message] of cases) {
        const r = await post(gw.graphqlUrl, Q, headers);
        expect(r.status, message).toBe(401);
        expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect(r.body).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    }
    // A token that has not expired yet is accepted.
    expect(
      (await post(open.graphqlUrl, Q, bearer(await signToken('partner-jwt', ['api'], { exp: now + 3600 })))).status,
    ).toBe(200);
  });

  it('AUTH_MODE=required answers 401 without credentials and serves valid ones', async () => {
    const r = await post(required.graphqlUrl, Q);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    expect(r.body).toEqual({ errors: [{ message: AUTH_REFUSED.missing, extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await post(required.graphqlUrl, Q, withKey('reader'))).status).toBe(200);
    expect((await post(required.graphqlUrl, Q, bearer(await signToken('partner-jwt', ['api'])))).status).toBe(200);
  });

  it('a consumer without the api scope (a widget key or token) gets 403', async () => {
    for (const headers of [withKey('widget'), bearer(await signToken('widget-jwt', ['widget']))]) {
      const r = await post(open.graphqlUrl, Q, headers);
      expect(r.status).toBe(403);
      expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    }
  });

  it('the admin scope may invalidate the cache; the api scope alone may not', async () => {
    const mutation = 'mutation { invalidateCache(source: "dora") { source } }';
    expect((await post(open.graphqlUrl, mutation, withKey('operator'))).body.data).toEqual({
      invalidateCache: { source: 'dora' },
    });
    expect((await post(open.graphqlUrl, mutation, withKey('reader'))).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});

// Every personal field through lists, search results, lookups, merged structures, aliases and fragments.
const CONTACTS = `
fragment Contact on Structure { courriel tel: telephone sources { id } provenance { field source recordId } doublons { id } }
fragment ServiceContact on Service { courriel telephone contactNomPrenom }
query Contacts($dep: String!, $commune: String!) {
  services(filter: { codeDepartement: $dep }, first: 200) { totalCount edges { node { id ...ServiceContact phone: telephone structure { ...Contact } } } }
  structures(filter: { codeDepartement: $dep }, first: 200) { totalCount edges { node { id ... on Structure { mail: courriel telephone } ...Contact } } }
  searchServices(codeCommune: $commune, first: 100) { totalCount edges { node { id courriel telephone contactNomPrenom structure { ...Contact } } } }
}`;
const VARS = { dep: '93', commune: '93066' };

/** Every e-mail and phone-like value of a response (keys named like the contact fields, aliases included). */
function contactValues(body: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && ['courriel', 'mail', 'telephone', 'tel', 'phone', 'contactNomPrenom'].includes(k))
          found.add(x);
        else walk(x);
      }
    }
  };
  walk(body);
  return found;
}

describe('the contacts scope', () => {
  it('without it, no e-mail, phone or contact name appears, whatever the query shape; extensions.masked says why', async () => {
    const full = await post(open.graphqlUrl, CONTACTS, withKey('contacts'), VARS);
    expect(full.body.errors).toBeUndefined();
    const values = contactValues(full.body.data);
    expect([...values].some((v) => v.includes('@'))).toBe(true);
    expect([...values].some((v) => /^\+?\d[\d ]{7,}$/.test(v))).toBe(true);
    expect(full.body.extensions!.masked).toBeUndefined();
    // Lookups by id of records that have contacts, aliased.
    const ids = (
      full.body.data!.services.edges as Array<{
        node: { id: string; courriel: string | null; structure: { sources: Array<{ id: string }> } | null };
      }>
    )
      .filter((e) => e.node.courriel !== null)
      .slice(0, 3);
    expect(ids.length).toBeGreaterThan(0);
    const lookups = `{ ${ids.map((e, i) => `s${i}: service(id: "${e.node.id}") { courriel telephone contactNomPrenom } t${i}: structure(id: "${e.node.structure?.sources[0]?.id ?? ''}") { courriel telephone }`).join(' ')} }`;
    const fullLookups = await post(open.graphqlUrl, lookups, withKey('contacts'));
    expect(contactValues(fullLookups.body.data).size).toBeGreaterThan(0);

    for (const headers of [
      {},
      withKey('reader'),
      bearer(await signToken('no-contacts', ['api', 'restricted-sources'])),
    ]) {
      for (const [query, vars] of [
        [CONTACTS, VARS],
        [lookups, undefined],
      ] as const) {
        const r = await post(open.graphqlUrl, query, headers, vars);
        expect(r.status).toBe(200);
        const json = JSON.stringify(r.body);
        for (const v of [...values, ...contactValues(fullLookups.body.data)]) expect(json).not.toContain(v);
        expect(contactValues(r.body.data).size).toBe(0);
        expect(r.body.extensions!.masked).toMatchObject({ reason: MASKED_REASON });
        expect(r.body.extensions!.masked.fields).toEqual(
          expect.arrayContaining([
            'Service.courriel',
            'Service.telephone',
            'Structure.courriel',
            'Structure.telephone',
          ]),
        );
      }
    }
  });
});

// Soliguide's records through every way a record can show: lists, totals, search, lookups, merged structures.
const SOLIGUIDE = `
query Soliguide($dep: String!, $commune: String!, $id: ID!) {
  only: services(filter: { codeDepartement: $dep, sources: ["soliguide"] }, first: 5) { totalCount edges { node { id } } }
  services(filter: { codeDepartement: $dep }, first: 500) { totalCount edges { node { id source structure { id sources { id } provenance { recordId } doublons { id } } } } }
  structures(filter: { codeDepartement: $dep }, first: 500) { totalCount edges { node { id sources { id source } doublons { id } } } }
  searchServices(codeCommune: $commune, first: 200) { totalCount edges { node { id source structure { id sources { id } doublons { id } } } } }
  service(id: $id) { id }
}`;

describe('the restricted-sources scope', () => {
  it('without it, no Soliguide record is listed, counted, found or merged; with it, they are', async () => {
    const seen = await post(
      open.graphqlUrl,
      '{ services(filter: { sources: ["soliguide"] }, first: 1) { edges { node { id } } } }',
      withKey('full'),
    );
    const id = seen.body.data!.services.edges[0].node.id as string;
    expect(id).toMatch(/^soliguide--/);
    const vars = { ...VARS, id };
    const full = await post(open.graphqlUrl, SOLIGUIDE, withKey('full'), vars);
    expect(full.body.errors).toBeUndefined();
    expect(full.body.data!.only.totalCount).toBeGreaterThan(0);
    expect(full.body.data!.service).toEqual({ id });
    expect(JSON.stringify(full.body.data!.searchServices)).toContain('soliguide--');
    for (const headers of [{}, withKey('contacts'), bearer(await signToken('no-restricted', ['api', 'contacts']))]) {
      const r = await post(open.graphqlUrl, SOLIGUIDE, headers, vars);
      expect(r.body.errors).toBeUndefined();
      expect(JSON.stringify(r.body)).not.toContain('soliguide');
      expect(r.body.data!.only.totalCount).toBe(0);
      expect(r.body.data!.service).toBeNull();
      expect(r.body.data!.services.totalCount).toBeLessThan(full.body.data!.services.totalCount);
    }
    // The sources query still names it, but not the ids of its records it kept out.
    const SOURCES = '{ sources { id recentRejections { id } } }';
    const rejected = (body: Gql) =>
      (body.data!.sources as Array<{ id: string; recentRejections: Array<{ id: string | null }> }>).find(
        (s) => s.id === 'soliguide',
      )!.recentRejections;
    expect(rejected((await post(open.graphqlUrl, SOURCES, withKey('full'))).body).length).toBeGreaterThan(0);
    expect(rejected((await post(open.graphqlUrl, SOURCES)).body)).toEqual([]);
  });
});

describe('the response cache keeps scopes apart', () => {
  it('a response stored for one scope is never served to another, on the fast path or through Apollo', async () => {
    const q =
      '{ structures(filter: { codeDepartement: "35" }, first: 20) { edges { node { id courriel telephone } } } }';
    const fastHits = () => lines.filter((l) => l.responseCache === 'fast-path').length;
    const first = await post(open.graphqlUrl, q, withKey('contacts'));
    const values = contactValues(first.body.data);
    expect(values.size).toBeGreaterThan(0);
    await open.drainCache();
    const hitsBefore = fastHits();
    // Same query, same bytes: another scope misses, then hits its own entry.
    for (let round = 0; round < 2; round++) {
      for (const headers of [{}, withKey('reader')]) {
        const r = await post(open.graphqlUrl, q, headers);
        expect(contactValues(r.body.data).size).toBe(0);
        expect(r.body.extensions!.masked).toBeDefined();
      }
      await open.drainCache();
    }
    const back = await post(open.graphqlUrl, q, withKey('contacts'));
    expect(back.body.extensions!.responseCache).toMatchObject({ status: 'hit' });
    expect(contactValues(back.body.data)).toEqual(values);
    expect(fastHits() - hitsBefore).toBeGreaterThanOrEqual(3);
    // Bad credentials on a cached query are refused, not served from the fast path.
    expect((await post(open.graphqlUrl, q, { 'x-api-key': 'gwk_not-a-key' })).status).toBe(401);
    expect((await post(open.graphqlUrl, q, withKey('widget'))).status).toBe(403);
  });
});

describe('exposure', () => {
  it('CORS: preflight 204 with the allowed and exposed headers; answers carry them, fast-path hits too', async () => {
    const pre = await fetch(open.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toBe(
      'content-type,authorization,x-api-key,x-request-id,apollo-require-preflight',
    );
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const q = '{ departements(region: "53") { code } }';
    for (let i = 0; i < 2; i++) {
      const r = await post(open.graphqlUrl, q, { origin: ORIGIN });
      expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(r.headers.get('access-control-expose-headers')).toBe(
        'ratelimit-limit,ratelimit-remaining,ratelimit-reset,ratelimit-policy,retry-after,x-request-id',
      );
      expect(r.headers.get('ratelimit-limit')).toBe('120');
      await open.drainCache();
    }
    const elsewhere = await post(open.graphqlUrl, q, { origin: 'https://other.example.fr' });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // A refusal carries them too, so a browser can read it.
    expect(
      (await post(open.graphqlUrl, q, { origin: ORIGIN, 'x-api-key': 'nope' })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBe(ORIGIN);
  });

  it('INTROSPECTION=false refuses __schema and __type, and serves no landing page', async () => {
    for (const q of ['{ __schema { types { name } } }', '{ __type(name: "Service") { name } }']) {
      const r = await post(required.graphqlUrl, q, withKey('reader'));
      expect(r.status).toBe(400);
      expect(r.body.data).toBeUndefined();
      expect(r.body.errors?.[0]?.message).toMatch(/introspection/i);
    }
    expect((await post(open.graphqlUrl, '{ __schema { queryType { name } } }')).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const page = await fetch(`${required.graphqlUrl}?query=%7B__typename%7D`, {
      headers: { accept: 'text/html', ...withKey('reader') },
    });
    expect(await page.text()).not.toMatch(/<html/i);
  });

  it('/metrics needs its token, or lives on its own port', async () => {
    expect((await fetch(`${open.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${open.url}/metrics`, { headers: bearer('wrong-token-0123456789') })).status).toBe(401);
    const ok = await fetch(`${open.url}/metrics`, { headers: bearer(METRICS_TOKEN) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('gateway_response_cache_hits_total');
    expect((await fetch(`${required.url}/metrics`)).status).toBe(404);
    const apart = await fetch(`${required.metricsUrl}/metrics`);
    expect(apart.status).toBe(200);
    expect(await apart.text()).toContain('gateway_cache_hits_total');
  });
});
