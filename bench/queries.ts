/**
 * The benchmark's requests: fixed GraphQL documents and fixed variable lists drawn from the seeded
 * sandbox world, so every run sends the same bodies in the same order.
 */
import { departementOfCommune } from '../src/domain/index.js';
import type { SandboxWorld } from '../sandbox/world.js';

/** What the running schema offers beyond the base API (detected by introspection). */
export interface SchemaFeatures {
  /** Name of a Service field typed Commune, if the schema nests the commune in the service. */
  readonly serviceCommuneField: string | null;
}

/** The communes and départements the scenarios draw from. */
export interface Territories {
  /** The commune with the most services (warm scenario). */
  readonly warmCommune: string;
  /** Communes queried once each, cold. */
  readonly coldCommunes: readonly string[];
  /** Up to 200 communes of the sandbox départements (mixed workload). */
  readonly mixedCommunes: readonly string[];
  readonly departements: readonly string[];
}

/** Picks the territories from the world's own records (real COG codes). */
export function territoriesOf(world: SandboxWorld, cold = 30, mixed = 200): Territories {
  const services = new Map<string, number>();
  for (const s of world.services) if (s.codeInsee) services.set(s.codeInsee, (services.get(s.codeInsee) ?? 0) + 1);
  const all = [...new Set([...services.keys(), ...world.structures.map((s) => s.codeInsee)])].sort();
  const warmCommune = [...services].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const withServices = [...services.keys()].filter((c) => c !== warmCommune).sort();
  const step = withServices.length / Math.min(cold, withServices.length);
  const coldCommunes = Array.from(
    { length: Math.min(cold, withServices.length) },
    (_, i) => withServices[Math.floor(i * step)]!,
  );
  const departements = [...new Set(all.map((c) => departementOfCommune(c)))].sort();
  return { warmCommune, coldCommunes, mixedCommunes: all.slice(0, mixed), departements };
}

const squash = (doc: string) => doc.replace(/\s+/g, ' ').trim();
/** A POST /graphql body. */
export const body = (query: string, variables: Record<string, unknown>) =>
  JSON.stringify({ query: squash(query), variables });

/** Nested commune selection: inside the service when the schema nests it, else beside the list. */
const nestedCommune = (f: SchemaFeatures) =>
  f.serviceCommuneField ? `${f.serviceCommuneField} { nom departement { nom } }` : '';

/** (a) warm: one commune, 50 services with their structure and commune. */
export function warmBody(t: Territories, f: SchemaFeatures): string {
  return body(
    `query Warm($code: String!) {
      services(filter: { codeCommune: $code }, first: 50) {
        totalCount edges { node { id nom source codeInsee commune structure { id nom commune } ${nestedCommune(f)} } }
      }
      ${f.serviceCommuneField ? '' : 'commune(code: $code) { nom departement { nom } }'}
    }`,
    { code: t.warmCommune },
  );
}

/** (b) cold fan-out: the services of a commune never asked before, one commune per request. */
export function coldBodies(t: Territories): string[] {
  const q = `query Cold($code: String!) { services(filter: { codeCommune: $code }, first: 50) { totalCount incompleteSources edges { node { id nom source } } } }`;
  return t.coldCommunes.map((code) => body(q, { code }));
}

/** (c) N+1: the first 100 services of a département with their structure (and commune), two variants per département. */
export function nPlusOneBodies(t: Territories, f: SchemaFeatures): string[] {
  const q = `query NPlusOne($departement: String!, $modes: [ModeAccueil!]) {
    services(filter: { codeDepartement: $departement, modesAccueil: $modes }, first: 100) {
      totalCount edges { node { id nom source commune structure { id nom commune } ${nestedCommune(f)} } }
    }
  }`;
  return t.departements.flatMap((departement) => [
    body(q, { departement, modes: null }),
    body(q, { departement, modes: ['en-presentiel'] }),
  ]);
}

/** (d) mixed reads over the communes: services, structures and the commune itself, in a seeded order. */
export function mixedBodies(t: Territories, seed = 42): string[] {
  const services = `query MixedServices($code: String!) { services(filter: { codeCommune: $code }, first: 20) { totalCount edges { node { id nom thematiques structure { nom } } } } }`;
  const structures = `query MixedStructures($code: String!) { structures(filter: { codeCommune: $code }, first: 20) { totalCount edges { node { id nom adresse codePostal } } } }`;
  const commune = `query MixedCommune($code: String!) { commune(code: $code) { nom codesPostaux departement { nom } region { nom } } }`;
  const out = t.mixedCommunes.flatMap((code) => [services, structures, commune].map((q) => body(q, { code })));
  let s = seed >>> 0;
  const rand = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Asks the running schema which optional features it has. */
export async function detectFeatures(url: string): Promise<SchemaFeatures> {
  const q = `{ __type(name: "Service") { fields { name type { name ofType { name ofType { name } } } } } }`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  type F = {
    name: string;
    type: { name: string | null; ofType: { name: string | null; ofType: { name: string | null } | null } | null };
  };
  const json = (await res.json()) as { data?: { __type?: { fields: F[] } | null } };
  const named = (f: F) => f.type.name ?? f.type.ofType?.name ?? f.type.ofType?.ofType?.name ?? null;
  const field = json.data?.__type?.fields.find((f) => named(f) === 'Commune');
  return { serviceCommuneField: field?.name ?? null };
}
