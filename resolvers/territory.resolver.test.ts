/**
 * The territory schema over the embedded COG, executed with graphql-js: answers, input errors,
 * paging, and how many batch calls reach the territory source (a counting proxy around it).
 */
import { graphql, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryConnector } from '../connectors/connector.js';
import { createCogConnector } from '../connectors/cog/index.js';
import { ConnectorError } from '../src/errors.js';
import { createTerritoryLoaders } from '../src/loaders/territory.loaders.js';
import type { Context } from '../src/server/context.js';
import { CommuneResolver, DepartementResolver, EpciResolver, RegionResolver } from './territory.resolver.js';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** Wraps a connector and counts the calls of each method. */
function counting(target: TerritoryConnector): { proxy: TerritoryConnector; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(target, {
    get(t, prop, receiver) {
      const value: unknown = Reflect.get(t, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { proxy, calls };
}

let schema: GraphQLSchema;
let cog: TerritoryConnector;
beforeAll(async () => {
  schema = await buildSchema({
    resolvers: [CommuneResolver, DepartementResolver, RegionResolver, EpciResolver],
    validate: true,
  });
  cog = createCogConnector();
  await cog.ping!();
});

async function run(source: string, territory: TerritoryConnector = cog) {
  const contextValue = {
    requestId: 'test',
    logger: silent,
    loaders: { territory: createTerritoryLoaders(territory) },
  } as unknown as Context;
  return graphql({ schema, source, contextValue });
}

const data = (res: Awaited<ReturnType<typeof run>>) => {
  expect(res.errors).toBeUndefined();
  return res.data as Record<string, any>;
};

describe('commune', () => {
  it('answers the issue query: Lille, Nord, Hauts-de-France', async () => {
    const res = await run('{ commune(code: "59350") { nom departement { code region { code nom } } } }');
    expect(data(res)).toEqual({
      commune: { nom: 'Lille', departement: { code: '59', region: { code: '32', nom: 'Hauts-de-France' } } },
    });
  });

  it('gives every field of a commune', async () => {
    const res = await run(
      '{ commune(code: "59350") { code codesPostaux population centre { latitude longitude } epci { code nom } region { code } arrondissement { code } } }',
    );
    const lille = data(res).commune;
    expect(lille).toMatchObject({
      code: '59350',
      epci: { code: '200093201', nom: 'Métropole Européenne de Lille' },
      region: { code: '32' },
      arrondissement: null,
    });
    expect(lille.codesPostaux).toContain('59000');
    expect(lille.centre.latitude).toBeCloseTo(50.63, 1);
  });

  it('resolves an arrondissement municipal to its commune and keeps it', async () => {
    const res = await run('{ commune(code: "69381") { code nom arrondissement { code nom } } }');
    expect(data(res).commune).toEqual({
      code: '69123',
      nom: 'Lyon',
      arrondissement: { code: '69381', nom: 'Lyon 1er Arrondissement' },
    });
  });

  it('is null for a well-formed unknown code, and accepts lower-case Corsican codes', async () => {
    expect(data(await run('{ commune(code: "99999") { nom } }'))).toEqual({ commune: null });
    expect(data(await run('{ commune(code: "2a004") { nom } }'))).toEqual({ commune: { nom: 'Ajaccio' } });
  });

  it.each([
    ['commune(code: "5935")', 'Argument "code" must be an INSEE commune code: 5 characters'],
    ['departement(code: "100")', 'Argument "code" must be an INSEE département code: 2 or 3 characters'],
    ['region(code: "A1")', 'Argument "code" must be an INSEE région code: 2 digits'],
    ['epci(code: "20009320")', 'Argument "code" must be the SIREN of an EPCI: a 9-digit SIREN'],
    ['departements(region: "x")', 'Argument "region" must be an INSEE région code'],
  ])('%s is a BAD_USER_INPUT naming the argument and the format', async (field, message) => {
    const res = await run(`{ x: ${field} { code } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain(message);
    expect(res.errors![0]!.message).toMatch(/; got "/);
  });

  it('surfaces a failing source as its ConnectorError on the field', async () => {
    const failing = {
      ...cog,
      getCommunes: async () => Promise.reject(new ConnectorError('geo-api', 'timeout', 'no answer in time')),
    };
    const res = await run('{ commune(code: "59350") { nom } }', failing);
    expect(res.errors![0]!.path).toEqual(['commune']);
    expect(res.errors![0]!.originalError).toBeInstanceOf(ConnectorError);
  });
});

describe('communes', () => {
  it('searches by name, best match first', async () => {
    const res = await run('{ communes(nom: "saint etienne", first: 3) { code nom } }');
    expect(data(res).communes.map((c: { code: string }) => c.code)[0]).toBe('42218');
    expect(data(res).communes).toHaveLength(3);
  });

  it('searches by postcode and combines filters', async () => {
    expect(data(await run('{ communes(codePostal: "59000") { nom } }')).communes).toEqual([{ nom: 'Lille' }]);
    const res = await run('{ communes(nom: "roubaix", departement: "59", epci: "200093201") { code } }');
    expect(data(res).communes).toEqual([{ code: '59512' }]);
  });

  it.each([
    ['communes { code }', 'Give at least one of the arguments "nom", "codePostal", "departement" or "epci"'],
    ['communes(nom: "lille", first: 0) { code }', 'Argument "first" must be an integer from 1 to 500; got 0'],
    ['communes(nom: "lille", first: 501) { code }', 'Argument "first" must be an integer from 1 to 500; got 501'],
    ['communes(nom: " - ") { code }', 'Argument "nom" must hold at least one letter or digit'],
    ['communes(codePostal: "5900") { code }', 'Argument "codePostal" must be a postcode: 5 digits'],
  ])('%s is a BAD_USER_INPUT', async (field, message) => {
    const res = await run(`{ ${field} }`);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain(message);
  });
});

describe('départements, régions, EPCIs', () => {
  it('pages the communes of a département in code order with cursors', async () => {
    const q = (after: string) =>
      `{ departement(code: "2A") { nom communes(first: 50${after}) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after = '';
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const page = data(await run(q(after))).departement.communes;
      total = page.totalCount;
      seen.push(...page.edges.map((e: { node: { code: string } }) => e.node.code));
      if (!page.pageInfo.hasNextPage) break;
      after = `, after: "${page.pageInfo.endCursor}"`;
    }
    expect(seen).toHaveLength(total);
    expect(total).toBe(124);
    expect(seen[0]).toBe('2A001');
    expect([...seen].sort()).toEqual(seen);
    const bad = await run('{ departement(code: "59") { communes(after: "nope") { totalCount } } }');
    expect(bad.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('gives a département its région and EPCIs, and lists départements', async () => {
    const res = await run(
      '{ departement(code: "59") { nom region { nom } epcis { code } } departements(region: "32") { code } all: departements { code } }',
    );
    const d = data(res);
    expect(d.departement.nom).toBe('Nord');
    expect(d.departement.region.nom).toBe('Hauts-de-France');
    expect(d.departement.epcis.map((e: { code: string }) => e.code)).toContain('200093201');
    expect(d.departements.map((x: { code: string }) => x.code)).toEqual(['02', '59', '60', '62', '80']);
    expect(d.all).toHaveLength(101);
  });

  it('gives a région its départements, lists régions, and is null for an unknown code', async () => {
    const d = data(
      await run(
        '{ region(code: "94") { nom departements { code } } regions { code } unknown: region(code: "99") { nom } }',
      ),
    );
    expect(d.region).toEqual({ nom: 'Corse', departements: [{ code: '2A' }, { code: '2B' }] });
    expect(d.regions).toHaveLength(18);
    expect(d.unknown).toBeNull();
  });

  it('gives an EPCI its communes and départements', async () => {
    const d = data(
      await run(
        '{ epci(code: "200093201") { nom communes { code } departements { code } } none: epci(code: "000000000") { nom } }',
      ),
    );
    expect(d.epci.nom).toBe('Métropole Européenne de Lille');
    expect(d.epci.communes.map((c: { code: string }) => c.code)).toContain('59350');
    expect(d.epci.departements).toEqual([{ code: '59' }]);
    expect(d.none).toBeNull();
  });
});

describe('batching', () => {
  it('resolves 30 communes with their département, région and EPCI in one batch call per level', async () => {
    const all = await cog.searchCommunes({});
    const codes = all
      .filter((_, i) => i % 997 === 0)
      .slice(0, 30)
      .map((c) => c.code);
    expect(codes).toHaveLength(30);
    const { proxy, calls } = counting(cog);
    const fields = codes
      .map((c, i) => `c${i}: commune(code: "${c}") { code departement { code region { code } } epci { code } }`)
      .join('\n');
    const d = data(await run(`{ ${fields} }`, proxy));
    expect(Object.values(d).map((c) => (c as { code: string }).code)).toEqual(codes);
    expect(calls).toEqual({ getCommunes: 1, getDepartements: 1, getRegions: 1, getEpcis: 1 });
  });

  it('resolves the départements of a commune list with one search and one lookup', async () => {
    const { proxy, calls } = counting(cog);
    const d = data(
      await run('{ communes(departement: "59", first: 30) { departement { nom region { nom } } } }', proxy),
    );
    expect(d.communes).toHaveLength(30);
    expect(calls).toEqual({ searchCommunes: 1, getDepartements: 1, getRegions: 1 });
  });
});
