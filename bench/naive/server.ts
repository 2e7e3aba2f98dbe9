/**
 * The naive reference: the gateway's own schema served the way a plain Apollo Server over REST
 * data sources is usually written. Same connectors and same merge of the lists (so the answers are
 * the gateway's), but no cache, no DataLoader: every field that needs data calls its partner
 * itself, one id at a time (each service's structure is one detail call). `Service.structure` is
 * the service's own source record, not the gateway's merged structure (which needs the merge
 * engine), so per structure the naive gateway does less work than the real one.
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { getNamedType, isObjectType, printSchema, type GraphQLSchema } from 'graphql';
import type { SourceConfig, TerritoryConnector } from '../../connectors/connector.js';
import { buildConnectors } from '../../connectors/registry.js';
import { pageOf } from '../../resolvers/paging.js';
import { communeOfArrondissement, type Commune, type OffreFilter, type Service } from '../../src/domain/index.js';
import { createFederation, type Federated } from '../../src/federation/federation.js';
import { buildGatewaySchema } from '../../src/server/schema.js';

type Federation = ReturnType<typeof createFederation>;
type Args = { filter?: Record<string, unknown> | null; first: number; after?: string | null };

/** GraphQL filter input → domain filter (nulls dropped, arrondissements folded), as the gateway does. */
function toFilter(input: Record<string, unknown> | null | undefined): OffreFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input ?? {})) if (v !== undefined && v !== null) out[k] = v;
  if (typeof out.codeCommune === 'string')
    out.codeCommune = communeOfArrondissement(out.codeCommune) ?? out.codeCommune;
  return out as OffreFilter;
}

function connection<T extends { id: string }>(res: Federated<T>, args: Args) {
  return {
    ...pageOf(res.items, args.first, args.after),
    incompleteSources: res.outcomes.filter((o) => !o.ok).map((o) => o.source),
  };
}

/** One record or throw, for per-field lookups. */
function one<T>(rows: ReadonlyArray<T | null | Error>): T | null {
  const v = rows[0] ?? null;
  if (v instanceof Error) throw v;
  return v;
}

/** Resolver map: lists fan out once per field; every relation is fetched per parent, per field. */
function resolversOf(schema: GraphQLSchema, federation: Federation, territory: TerritoryConnector) {
  const communeOf = async (code: string | null): Promise<Commune | null> =>
    code ? one(await territory.getCommunes([code])) : null;
  const serviceFields: Record<string, unknown> = {
    structure: async (s: Service) => one(await federation.getStructures([s.structureId])),
  };
  // Any Service field typed Commune (a nested commune, if the schema has one) is looked up per service.
  const serviceType = schema.getType('Service');
  if (isObjectType(serviceType)) {
    for (const f of Object.values(serviceType.getFields())) {
      if (getNamedType(f.type).name === 'Commune') serviceFields[f.name] = (s: Service) => communeOf(s.codeInsee);
    }
  }
  return {
    Query: {
      // searchServices (merge, eligibility, distance) has no naive counterpart: the bench compares on `services`.
      services: async (_: unknown, a: Args) => connection(await federation.listServices(toFilter(a.filter)), a),
      structures: async (_: unknown, a: Args) => connection(await federation.listStructures(toFilter(a.filter)), a),
      service: async (_: unknown, a: { id: string }) => one(await federation.getServices([a.id])),
      structure: async (_: unknown, a: { id: string }) => one(await federation.getStructures([a.id])),
      commune: (_: unknown, a: { code: string }) => communeOf(a.code),
      departement: async (_: unknown, a: { code: string }) => one(await territory.getDepartements([a.code])),
      sources: () => [],
    },
    Service: serviceFields,
    Commune: {
      departement: async (c: Commune) => one(await territory.getDepartements([c.codeDepartement])),
      region: async (c: Commune) => one(await territory.getRegions([c.codeRegion])),
    },
  };
}

/** A started naive gateway. */
export interface NaiveGateway {
  readonly url: string;
  stop(): Promise<void>;
}

/** Builds the connectors from `sources` (no cache) and serves the naive gateway on `port`. */
export async function startNaiveGateway(
  sources: readonly SourceConfig[],
  port = 0,
  host = '127.0.0.1',
): Promise<NaiveGateway> {
  const connectors = buildConnectors(sources, {});
  const departements = new Map((await connectors.territory.listDepartements()).map((d) => [d.code, d.codeRegion]));
  // The records an anonymous consumer of the gateway sees: none of the restricted sources.
  const federation = createFederation(connectors.offre, (code) => departements.get(code) ?? null).without(
    sources.filter((s) => s.restricted === true).map((s) => s.id),
  );
  // The same SDL as the gateway, printed from its own schema, re-served with plain resolvers.
  const schema = await buildGatewaySchema();
  const server = new ApolloServer({
    typeDefs: printSchema(schema),
    resolvers: resolversOf(schema, federation, connectors.territory),
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host } });
  return { url, stop: () => server.stop() };
}
