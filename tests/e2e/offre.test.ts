/**
 * Structures and services fanned out live over every partner: the embedded default, the same
 * through a sources file that points at simulators started separately, partial failures, lookups
 * by id, paging and input errors. Real HTTP everywhere: simulators on loopback, gateway over HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedGateway, type EmbeddedGateway } from '../helpers/embedded-gateway.js';
import { partnerHeaders, TEST_JWT_SECRET } from '../helpers/credentials.js';

type Gql = {
  data?: Record<string, any>;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, any>;
};

// Every scope, Soliguide (restricted in the embedded default) and contacts included.
let partner: Record<string, string> = {};
beforeAll(async () => {
  partner = await partnerHeaders();
});

async function gql(gw: EmbeddedGateway, query: string, variables?: Record<string, unknown>): Promise<Gql> {
  const res = await fetch(gw.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...partner },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql;
}

const logger = pino({ level: 'silent' });
const SERVICES_59 = `{ services(filter: { codeDepartement: "59" }, first: 500) {
  totalCount incompleteSources edges { cursor node { id source nom codeInsee structure { id nom } } } } }`;

describe('embedded default (no SOURCES_FILE)', () => {
  let gw: EmbeddedGateway;
  beforeAll(async () => {
    gw = await startEmbeddedGateway(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SANDBOX_SCALE: '800', JWT_SECRET: TEST_JWT_SECRET }),
      logger,
    );
  });
  afterAll(async () => gw?.stop(0));

  it('answers the foundation query with Lille, 59, 32, Hauts-de-France', async () => {
    const r = await gql(gw, '{ commune(code: "59350") { nom departement { code region { code nom } } } }');
    expect(r.data?.commune).toEqual({
      nom: 'Lille',
      departement: { code: '59', region: { code: '32', nom: 'Hauts-de-France' } },
    });
  });

  it('answers services in département 59 with services from at least three partners', async () => {
    const r = await gql(gw, SERVICES_59);
    expect(r.errors).toBeUndefined();
    const edges = r.data!.services.edges as Array<{
      node: { source: string; codeInsee: string; structure: { id: string } | null };
    }>;
    const sources = new Set(edges.map((e) => e.node.source));
    expect(sources.size).toBeGreaterThanOrEqual(3);
    expect(edges.every((e) => e.node.codeInsee.startsWith('59'))).toBe(true);
    // Every service reaches its structure through the batched structure loader.
    expect(edges.filter((e) => e.node.structure === null)).toEqual([]);
    expect(Object.keys(r.extensions!.sources).length).toBeGreaterThanOrEqual(3);
  });

  it('lists every configured source with its health', async () => {
    const r = await gql(gw, '{ sources { id connector status lastError latencyMs } }');
    const byId = Object.fromEntries((r.data!.sources as Array<{ id: string; status: string }>).map((s) => [s.id, s]));
    expect(Object.keys(byId)).toEqual(
      expect.arrayContaining([
        'data-inclusion',
        'dora',
        'soliguide',
        'mediation-numerique',
        'france-travail',
        'mes-aides',
        'ban',
        'recherche-entreprises',
        'cog',
      ]),
    );
    expect(byId.dora!.status).toBe('ok');
  });

  it('counts the records kept out of results, with the reason of each', async () => {
    const r = await gql(gw, '{ sources { id rejectedRecords recentRejections { id reason } } }');
    const rejecting = (
      r.data!.sources as Array<{ id: string; rejectedRecords: number; recentRejections: Array<{ reason: string }> }>
    ).filter((s) => s.rejectedRecords > 0);
    // The sandbox publishes Soliguide services whose category maps to no v1 thématique, as the real one does.
    expect(rejecting.map((s) => s.id)).toContain('soliguide');
    for (const s of rejecting) {
      expect(s.recentRejections.length).toBe(Math.min(20, s.rejectedRecords));
      expect(s.recentRejections.every((x) => x.reason.length > 0)).toBe(true);
    }
  });
});

describe('through a sources file pointing at simulators started separately', () => {
  let sandbox: Sandbox;
  let gw: EmbeddedGateway;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ services: 600, seed: 7 });
    dir = mkdtempSync(join(tmpdir(), 'gw-sources-'));
    const lines = ['sources:'];
    for (const s of sandbox.sources) {
      lines.push(
        `  - id: ${s.id}`,
        `    connector: ${s.connector}`,
        `    baseUrl: ${s.baseUrl}`,
        '    timeoutMs: 1500',
      );
      const envName = (k: string) => `GWTEST_${s.id.replace(/-/g, '_').toUpperCase()}_${k.toUpperCase()}`;
      for (const k of ['token', 'clientId', 'clientSecret'] as const) {
        if (s[k] === undefined) continue;
        process.env[envName(k)] = s[k];
        lines.push(`    ${k}: \${${envName(k)}}`);
      }
      if (s.options && Object.keys(s.options).length > 0) lines.push(`    options: ${JSON.stringify(s.options)}`);
    }
    writeFileSync(join(dir, 'sources.yaml'), lines.join('\n') + '\n');
    gw = await startEmbeddedGateway(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        SOURCES_FILE: join(dir, 'sources.yaml'),
        JWT_SECRET: TEST_JWT_SECRET,
      }),
      logger,
    );
  });
  afterAll(async () => {
    await gw?.stop(0);
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (k.startsWith('GWTEST_')) delete process.env[k];
  });

  it('answers the same query from the same partners', async () => {
    const before = sandbox.simulators.dora!.count();
    const r = await gql(gw, SERVICES_59);
    expect(r.errors).toBeUndefined();
    expect(
      new Set((r.data!.services.edges as Array<{ node: { source: string } }>).map((e) => e.node.source)).size,
    ).toBeGreaterThanOrEqual(3);
    expect(sandbox.simulators.dora!.count()).toBeGreaterThan(before);
  });

  it('keeps the other partners when one fails, and says which one is missing', async () => {
    sandbox.simulators.soliguide!.fault({ kind: 'status', status: 500, times: 10 });
    // A département not asked before: answers are cached, and stale-if-error would serve the last good one.
    const r = await gql(gw, SERVICES_59.replace('"59"', '"69"'));
    sandbox.simulators.soliguide!.reset();
    const services = r.data!.services as { incompleteSources: string[]; edges: Array<{ node: { source: string } }> };
    expect(services.incompleteSources).toEqual(['soliguide']);
    expect(services.edges.some((e) => e.node.source === 'soliguide')).toBe(false);
    expect(services.edges.length).toBeGreaterThan(0);
    expect(r.errors).toEqual([
      expect.objectContaining({
        path: ['services'],
        extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'soliguide' }),
      }),
    ]);
    expect(r.errors![0]!.message).not.toMatch(/127\.0\.0\.1|http/);
    expect(r.extensions!.sources.soliguide).toMatchObject({ ok: false, error: 'unavailable' });
    const health = await gql(gw, '{ sources { id status lastError } }');
    expect(
      (health.data!.sources as Array<{ id: string; status: string }>).find((s) => s.id === 'soliguide'),
    ).toMatchObject({ status: 'failing' });
  });

  it('pages through every service with opaque cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let i = 0; i < 50; i++) {
      const r: Gql = await gql(
        gw,
        'query($after: String) { services(filter: { codeDepartement: "59" }, first: 40, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        { after },
      );
      const page = r.data!.services;
      total = page.totalCount;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('finds structures and services by source record id, null when unknown', async () => {
    const list = await gql(
      gw,
      '{ structures(filter: { codeDepartement: "93", sources: ["dora"] }, first: 1) { edges { node { id nom } } } services(filter: { sources: ["mes-aides"] }, first: 1) { edges { node { id nom } } } }',
    );
    const st = list.data!.structures.edges[0].node;
    const sv = list.data!.services.edges[0].node;
    const r = await gql(
      gw,
      'query($s: ID!, $v: ID!) { structure(id: $s) { id nom } service(id: $v) { id nom } unknown: structure(id: "dora--does-not-exist") { id } }',
      { s: st.id, v: sv.id },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ structure: st, service: sv, unknown: null });
  });

  it('filters structures by the services they offer', async () => {
    const r = await gql(
      gw,
      '{ structures(filter: { codeDepartement: "59", thematiques: ["numerique"] }, first: 500) { totalCount edges { node { id } } } services(filter: { codeDepartement: "59", thematiques: ["numerique"] }, first: 500) { edges { node { structureId } } } }',
    );
    const withService = new Set(
      (r.data!.services.edges as Array<{ node: { structureId: string } }>).map((e) => e.node.structureId),
    );
    const ids = (r.data!.structures.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => withService.has(id))).toBe(true);
  });

  it('rejects bad input with BAD_USER_INPUT naming what was expected', async () => {
    const r1 = await gql(gw, '{ services(filter: { codeDepartement: "5" }) { totalCount } }');
    expect(r1.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const r2 = await gql(gw, '{ services(filter: { thematiques: ["famile--garde-denfants"] }) { totalCount } }');
    expect(r2.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r2.errors?.[0]?.message).toContain('famille--garde-denfants');
    const r3 = await gql(gw, '{ structure(id: "no-source-prefix") { id } }');
    expect(r3.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const r4 = await gql(gw, '{ services(first: 100000) { totalCount } }');
    expect(r4.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const r5 = await gql(gw, '{ services(after: "garbage") { totalCount } }');
    expect(r5.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
