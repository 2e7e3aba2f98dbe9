/**
 * data·inclusion's API test cases for its list and search routes (`/structures`, `/services`,
 * `/search/services`), ported case by case and named after them: the same records, built as a
 * hand-made sandbox world served by the real partner simulators, and the same expected answer,
 * asked of the gateway over HTTP. d·i builds a fresh database per case and counts every record;
 * the filter cases here share one world, so each asserts on its own records (the case's resource
 * found or not, its decoy never), which is what d·i's totals mean. The duplicate and order cases
 * count whole answers and get worlds of their own. d·i's searches without `code_commune` are asked
 * around Lyon, where every record is (the gateway's search needs a commune).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService, SandboxWorld } from '../../sandbox/world.js';
import type { GeoPoint } from '../../src/domain/index.js';
import { gql as post } from '../helpers/cache-e2e.js';
import { signToken } from '../helpers/credentials.js';
import { startSandboxGateway, type SandboxGateway } from '../helpers/sandbox-gateway.js';
import { LYON, service, structure } from '../helpers/world-kit.js';

const MARSEILLE: GeoPoint = { latitude: 43.29695, longitude: 5.38107 };
const inMarseille = { adresse: '1 quai du Port', codePostal: '13002', codeInsee: '13055', commune: 'Marseille' };
// Every service is dated today, so freshness never separates scores.
const TODAY = new Date().toISOString().slice(0, 10);
const LONG = 'Un accompagnement complet et personnalisé, '.repeat(6); // ≥ 200 characters: description criterion 1
const SHORT = 'Un service.'; // < 50 characters: description criterion 0

type Over = Partial<SandboxService>;
const dora = (id: string, over: Over = {}): SandboxService =>
  service('dora', id, 'st', LYON, { dateMaj: TODAY, ...over });

const SERVICES = `query($f: ServiceFilter) { services(filter: $f, first: 100) { totalCount edges { node { id } } } }`;
const STRUCTURES = `query($f: StructureFilter, $x: Boolean) {
  structures(filter: $f, exclureDoublons: $x, first: 100) { totalCount edges { node { id sources { id } } } } }`;
const SEARCH = `query($c: String!, $f: ServiceSearchFilter, $x: Boolean) {
  searchServices(codeCommune: $c, filter: $f, exclureDoublons: $x, first: 100) {
    totalCount edges { distance node { id scoreQualite structureId } } } }`;

interface Edge {
  readonly distance: number | null;
  readonly node: { readonly id: string; readonly scoreQualite: number; readonly structureId: string };
}

/** The gateway over one world, with the three routes as d·i tests call them. */
function routes(world: () => SandboxWorld) {
  let sb: SandboxGateway;
  beforeAll(async () => {
    sb = await startSandboxGateway({ world: world() });
  });
  afterAll(async () => sb?.stop());
  const data = async (query: string, variables: Record<string, unknown>) => {
    const r = await sb.gql(query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  return {
    gql: (query: string, variables: Record<string, unknown>) => sb.gql(query, variables),
    /** As a consumer holding only `scopes`. */
    async gqlAs(scopes: readonly string[], query: string, variables: Record<string, unknown>) {
      const authorization = `Bearer ${await signToken('parity-test', scopes)}`;
      return post(sb.gateway.graphqlUrl, query, variables, { authorization });
    },
    async services(f: Record<string, unknown> = {}): Promise<string[]> {
      const d = await data(SERVICES, { f });
      return (d.services.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
    },
    async structures(f: Record<string, unknown> = {}, x = false) {
      const d = await data(STRUCTURES, { f, x });
      return d.structures.edges as Array<{ node: { id: string; sources: Array<{ id: string }> } }>;
    },
    async search(f: Record<string, unknown> = {}, x = false): Promise<Edge[]> {
      const d = await data(SEARCH, { c: '69123', f, x });
      return d.searchServices.edges as Edge[];
    },
  };
}

const ids = (edges: readonly Edge[]) => edges.map((e) => e.node.id);

// ── The filter cases: one world ──────────────────────────────────────────────────────────────────

const PRECISIONS = [
  'jeunes moins de 18 ans',
  'jeune moins de 18 ans',
  'jeunes et personne age',
  'jeunes et personne agee',
];
const ONLY_PUBLICS = [['femmes'], ['jeunes'], ['personnes-en-situation-de-handicap']];
const THEMATIQUES: ReadonlyArray<readonly string[]> = [
  [],
  ['famille--garde-denfants'],
  ['numerique--acquerir-un-equipement'],
  ['numerique--acquerir-un-equipement', 'famille--garde-denfants'],
  ['sante--acces-aux-soins', 'numerique--acquerir-un-equipement'],
];
const PUBLICS: ReadonlyArray<readonly string[] | null> = [
  ['femmes', 'seniors'],
  ['tous-publics'],
  ['jeunes'],
  ['femmes'],
  [],
  null,
];

const filterWorld = (): SandboxWorld => ({
  seed: 11,
  structures: [
    structure('dora', 'st'),
    structure('fredo', 'st-fredo'),
    structure('soliguide', '40001'),
    structure('dora', 'rp-ft', { nom: 'Agence France Travail Part-Dieu', reseauxPorteurs: ['france-travail'] }),
    structure('dora', 'rp-ml', { nom: 'Mission locale de Lyon', reseauxPorteurs: ['mission-locale'] }),
    structure('dora', 'rp-empty', { nom: 'Amicale des Pentes', reseauxPorteurs: [] }),
  ],
  services: [
    ...PRECISIONS.map((p, i) => dora(`precisions-${i}`, { publics: null, publicsPrecisions: p })),
    dora('precisions-decoy', { publics: null, publicsPrecisions: 'tests' }),
    ...ONLY_PUBLICS.map((p, i) => dora(`publics-only-${i}`, { publics: p, publicsPrecisions: '' })),
    dora('publics-only-decoy', { publics: ['etudiants'], publicsPrecisions: '' }),
    ...THEMATIQUES.map((t, i) => dora(`thematiques-${i}`, { thematiques: [...t] })),
    dora('thematiques-decoy', { thematiques: ['mobilite--financer-ma-mobilite'] }),
    // DORA exports empty publics as ["tous-publics"]: the [] and null cases come through data·inclusion (fredo).
    ...PUBLICS.map((p, i) =>
      p === null || p.length === 0
        ? service('fredo', `publics-${i}`, 'st-fredo', LYON, { dateMaj: TODAY, publics: p === null ? null : [] })
        : dora(`publics-${i}`, { publics: [...p] }),
    ),
    dora('type-information', { type: 'information' }),
    dora('type-accompagnement', { type: 'accompagnement' }),
    dora('type-aide-financiere', { type: 'aide-financiere' }),
    dora('frais-gratuit', { frais: 'gratuit' }),
    dora('frais-payant', { frais: 'payant', fraisPrecisions: '5 € par an' }),
    dora('modes-presentiel', { modesAccueil: ['en-presentiel'] }),
    dora('modes-distance', { modesAccueil: ['a-distance'] }),
    dora('modes-empty', { modesAccueil: [] }),
    service('fredo', 'sources-fredo', 'st-fredo', LYON, { dateMaj: TODAY }),
    service('soliguide', 'a00000000000000000000040', '40001', null, {
      dateMaj: TODAY,
      nom: 'Colis alimentaire',
      thematiques: ['equipement-et-alimentation--alimentation'],
      type: 'aide-materielle',
      sourceCategories: ['food_packages'],
    }),
    // Three computed scores: every criterion met; the description short (0); the description short and no frais.
    dora('score-high', { description: LONG }),
    dora('score-mid', { description: SHORT }),
    dora('score-low', { description: SHORT, frais: null }),
    // Eligibility (zone_eligibilite) seen from Lyon.
    dora('zone-pays', {
      ...inMarseille,
      latitude: MARSEILLE.latitude,
      longitude: MARSEILLE.longitude,
      modesAccueil: ['a-distance'],
      zone: { type: 'pays' },
    }),
    dora('zone-commune', { zone: { type: 'commune', code: '69123' } }),
    dora('zone-commune-other', { zone: { type: 'commune', code: '69266' } }),
    dora('zone-epci', { zone: { type: 'epci', code: '200046977' } }),
    dora('zone-epci-other', { zone: { type: 'epci', code: '200093201' } }),
    dora('zone-departement', { zone: { type: 'departement', code: '69' } }),
    dora('zone-departement-other', { zone: { type: 'departement', code: '62' } }),
    dora('zone-region-other', { zone: { type: 'region', code: '44' } }),
  ],
});

describe('data·inclusion list and search filter cases', () => {
  const api = routes(filterWorld);
  /** Which of `candidates` the answer holds. */
  const among = (got: readonly string[], candidates: readonly string[]) => candidates.filter((c) => got.includes(c));

  // d·i runs it on /services and /search/services; the gateway's `services` has no recherchePublic
  // (README, differences), so the search is the route ported.
  it.each<[string, string, boolean]>([
    [PRECISIONS[0]!, 'jeunes', true],
    [PRECISIONS[1]!, 'jeunes', true],
    [PRECISIONS[2]!, 'vieux', false],
    [PRECISIONS[2]!, 'personne OR vieux', true],
    [PRECISIONS[2]!, 'personne jeune', true],
    [PRECISIONS[2]!, 'jeunes -personne', false],
    [PRECISIONS[2]!, '"personne jeune"', false],
    [PRECISIONS[3]!, 'âgée', true],
  ])('test_can_filter_resources_by_publics_precisions[search-%s-%s-%s]', async (precisions, input, found) => {
    const resource = `dora--precisions-${PRECISIONS.indexOf(precisions)}`;
    const got = ids(await api.search({ recherchePublic: input }));
    expect(among(got, [resource, 'dora--precisions-decoy'])).toEqual(found ? [resource] : []);
  });

  it.each<[string[], string, boolean]>([
    [['femmes'], 'femme', true],
    [['jeunes'], 'jeune', true],
    [['femmes'], 'jeune', false],
    [['personnes-en-situation-de-handicap'], 'handicap jeune difficulte', false],
  ])(
    'test_can_filter_resources_by_profils_precisions_with_only_profils_data[search-%j-%s-%s]',
    async (publics, input, found) => {
      const resource = `dora--publics-only-${ONLY_PUBLICS.findIndex((p) => p.join() === publics.join())}`;
      const got = ids(await api.search({ recherchePublic: input }));
      expect(among(got, [resource, 'dora--publics-only-decoy'])).toEqual(found ? [resource] : []);
    },
  );

  it.each<['services' | 'search', readonly string[], string[], boolean]>(
    (['services', 'search'] as const).flatMap((route) =>
      (
        [
          [THEMATIQUES[0]!, ['famille--garde-denfants'], false],
          [THEMATIQUES[1]!, ['famille--garde-denfants'], true],
          [THEMATIQUES[2]!, ['famille--garde-denfants'], false],
          [THEMATIQUES[3]!, ['famille--garde-denfants'], true],
          [THEMATIQUES[4]!, ['famille--garde-denfants', 'numerique--acquerir-un-equipement'], true],
          [THEMATIQUES[4]!, ['famille--garde-denfants', 'numerique--acquerir-un-equipement'], true],
          [THEMATIQUES[1]!, ['famille'], true],
        ] as const
      ).map(
        ([t, input, found]) =>
          [route, t, [...input], found] as ['services' | 'search', readonly string[], string[], boolean],
      ),
    ),
  )('test_can_filter_resources_by_thematiques[%s-%j-%j-%s]', async (route, thematiques, input, found) => {
    const resource = `dora--thematiques-${THEMATIQUES.indexOf(thematiques)}`;
    const got =
      route === 'services' ? await api.services({ thematiques: input }) : ids(await api.search({ thematiques: input }));
    expect(among(got, [resource, 'dora--thematiques-decoy'])).toEqual(found ? [resource] : []);
  });

  it.each<['services' | 'search', readonly string[] | null, string[] | undefined, boolean]>(
    (['services', 'search'] as const).flatMap((route) =>
      (
        [
          [PUBLICS[0]!, ['femmes'], true],
          [PUBLICS[0]!, ['seniors'], true], // the second defined value
          [PUBLICS[0]!, ['femmes', 'jeunes'], true], // overlapping, not included
          [PUBLICS[1]!, ['jeunes'], true], // tous-publics defined matches any request
          [PUBLICS[2]!, ['tous-publics'], true], // tous-publics requested matches anything defined
          [PUBLICS[3]!, undefined, true], // no requested public
          [PUBLICS[0]!, ['jeunes'], false],
          [PUBLICS[4]!, ['femmes'], false],
          [PUBLICS[5]!, ['femmes'], false],
        ] as const
      ).map(
        ([p, requested, found]) =>
          [route, p, requested === undefined ? undefined : [...requested], found] as [
            'services' | 'search',
            readonly string[] | null,
            string[] | undefined,
            boolean,
          ],
      ),
    ),
  )('test_can_filter_services_by_publics[%s-%j-%j-%s]', async (route, defined, requested, found) => {
    const resource = `${defined === null || defined.length === 0 ? 'fredo' : 'dora'}--publics-${PUBLICS.indexOf(defined)}`;
    const f = requested === undefined ? {} : { publics: requested };
    const got = route === 'services' ? await api.services(f) : ids(await api.search(f));
    expect(among(got, [resource])).toEqual(found ? [resource] : []);
  });

  const TYPES = ['dora--type-information', 'dora--type-accompagnement', 'dora--type-aide-financiere'];
  it.each(['services', 'search'] as const)('test_list_services_by_types[%s]', async (route) => {
    const ask = (f: Record<string, unknown>) => (route === 'services' ? api.services(f) : api.search(f).then(ids));
    expect(among(await ask({ types: ['information', 'accompagnement'] }), TYPES)).toEqual(TYPES.slice(0, 2));
    expect(among(await ask({ types: ['atelier'] }), TYPES)).toEqual([]);
  });

  // d·i stores the scores (0.5, 0.7, 0.2) and filters at the first one; the gateway computes them,
  // so the three services are built to score high, middle and low, and the filter is set at the middle one.
  it('test_list_services_by_score_qualite[search]', async () => {
    const all = await api.search();
    const score = (id: string) => all.find((e) => e.node.id === id)!.node.scoreQualite;
    expect(score('dora--score-high')).toBeGreaterThan(score('dora--score-mid'));
    expect(score('dora--score-mid')).toBeGreaterThan(score('dora--score-low'));
    const got = ids(await api.search({ scoreQualiteMinimum: score('dora--score-mid') }));
    expect(among(got, ['dora--score-high', 'dora--score-mid', 'dora--score-low'])).toEqual([
      'dora--score-high',
      'dora--score-mid',
    ]);
  });

  it('scores a service before the gateway hides its contacts (a consumer without the contacts scope)', async () => {
    const q = `{ service(id: "dora--score-high") { telephone scoreQualite } }`;
    const [full, limited] = await Promise.all([api.gql(q, {}), api.gqlAs(['api'], q, {})]);
    expect(full.data!.service).toEqual({ telephone: '+33478000000', scoreQualite: 1 });
    // Without the telephone, the contact and phone criteria would fall to 0 (score 0.8).
    expect(limited.data!.service).toEqual({ telephone: null, scoreQualite: 1 });
    expect(limited.extensions?.masked).toEqual({
      fields: ['Service.telephone'],
      reason: 'the contacts scope is required',
    });
  });

  it.each(['services', 'search'] as const)('test_can_filter_services_by_frais[%s]', async (route) => {
    const got =
      route === 'services' ? await api.services({ frais: ['gratuit'] }) : ids(await api.search({ frais: ['gratuit'] }));
    expect(among(got, ['dora--frais-gratuit', 'dora--frais-payant'])).toEqual(['dora--frais-gratuit']);
  });

  it.each(['services', 'search'] as const)('test_can_filter_services_by_modes_accueil[%s]', async (route) => {
    const f = { modesAccueil: ['en-presentiel'] };
    const got = route === 'services' ? await api.services(f) : ids(await api.search(f));
    // d·i's fourth service has modes_accueil None: a sandbox world cannot publish one (a partner sends a list).
    const modes = ['dora--modes-presentiel', 'dora--modes-distance', 'dora--modes-empty'];
    expect(among(got, modes)).toEqual(['dora--modes-presentiel']);
  });

  it.each(['services', 'search', 'structures'] as const)('test_can_filter_resources_by_sources[%s]', async (route) => {
    const ask = async (f: Record<string, unknown>) =>
      route === 'services'
        ? api.services(f)
        : route === 'search'
          ? ids(await api.search(f))
          : (await api.structures(f)).map((e) => e.node.id);
    const wanted =
      route === 'structures'
        ? ['dora--st', 'fredo--st-fredo', 'soliguide--40001']
        : ['dora--frais-gratuit', 'fredo--sources-fredo', 'soliguide--a00000000000000000000040'];
    expect(among(await ask({ sources: ['dora', 'fredo'] }), wanted)).toEqual(wanted.slice(0, 2));
    expect(await ask({})).toEqual(expect.arrayContaining(wanted));
    expect(await ask({ sources: ['foobar'] })).toEqual([]);
  });

  it('test_list_structures_filter_by_reseaux_porteurs', async () => {
    const RP = ['dora--rp-ft', 'dora--rp-ml', 'dora--rp-empty'];
    const ask = async (reseauxPorteurs: string[]) =>
      among(
        (await api.structures({ reseauxPorteurs })).map((e) => e.node.id),
        RP,
      );
    expect(await ask(['france-travail'])).toEqual(['dora--rp-ft']);
    expect(await ask(['afpa'])).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ['test_search_services_with_zone_diffusion_pays[99100]', 'dora--zone-pays', true],
    ['test_search_services_with_zone_diffusion_commune', 'dora--zone-commune', true],
    ['test_search_services_with_zone_diffusion_commune (other commune)', 'dora--zone-commune-other', false],
    ['test_search_services_with_zone_diffusion_epci', 'dora--zone-epci', true],
    ['test_search_services_with_zone_diffusion_epci (other EPCI)', 'dora--zone-epci-other', false],
    ['test_search_services_with_zone_diffusion_departement', 'dora--zone-departement', true],
    ['test_search_services_with_zone_diffusion_departement (other département)', 'dora--zone-departement-other', false],
    ['test_search_services_with_zone_diffusion_region (a région elsewhere)', 'dora--zone-region-other', false],
  ])('%s', async (_case, resource, found) => {
    expect(ids(await api.search()).includes(resource)).toBe(found);
  });

  it('test_search_services_with_bad_code_commune', async () => {
    const r = await api.gql(SEARCH, { c: '59999' });
    expect(r.errors?.[0]?.message).toBe('This `codeCommune` does not exist.');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

// ── exclure_doublons: worlds of their own ─────────────────────────────────────────────────────────

// d·i stores each structure's score and cluster; here a cluster is records the gateway's entity
// resolution joins (same SIRET, name and address), and a structure's score is the mean of its
// services' computed scores, shaped by their descriptions: LONG scores 1, the default 0.94, SHORT 0.89.
const CLUSTER_1 = { siret: '21690123100011', nom: 'Maison des familles', adresse: '8 place Sathonay' };
const CLUSTER_2 = { siret: '21690123100029', nom: 'Espace emploi Croix-Rousse', adresse: '3 rue d’Austerlitz' };
const GARDE = ['famille--garde-denfants'];
const MOBILITE = ['mobilite--acceder-a-un-vehicule'];
const svc = (source: 'dora' | 'fredo', id: string, st: string, over: Over) =>
  service(source, id, st, LYON, { dateMaj: TODAY, ...over });

const dedupWorld = (): SandboxWorld => ({
  seed: 12,
  structures: [
    structure('dora', 'best', { ...CLUSTER_1, entityKey: 'c1' }),
    structure('dora', 'lower', { ...CLUSTER_1, entityKey: 'c1' }),
    structure('fredo', 'best', { ...CLUSTER_1, entityKey: 'c1' }),
    structure('dora', 'latest', { ...CLUSTER_2, entityKey: 'c2', dateMaj: '2024-06-01' }),
    structure('dora', 'older', { ...CLUSTER_2, entityKey: 'c2', dateMaj: '2020-01-01' }),
    structure('dora', 'no-cluster', { nom: 'Atelier vélo solidaire', adresse: '20 rue Burdeau', siret: null }),
    // test_search_services_deduplicate_best_structure_has_no_service, in its own cluster.
    structure('dora', 'best-no-service', {
      siret: '21690123100037',
      nom: 'Relais parents',
      adresse: '1 rue Tête d’Or',
    }),
    structure('dora', 'lower-with-service', {
      siret: '21690123100037',
      nom: 'Relais parents',
      adresse: '1 rue Tête d’Or',
    }),
  ],
  services: [
    svc('dora', 'svc-a', 'best', { thematiques: GARDE }),
    svc('dora', 'svc-b', 'best', { thematiques: MOBILITE }),
    svc('dora', 'svc-excluded', 'lower', { thematiques: GARDE, description: SHORT }),
    svc('dora', 'svc-latest', 'latest', { thematiques: GARDE }),
    svc('dora', 'svc-older', 'older', { thematiques: GARDE }),
    svc('dora', 'svc-no-cluster', 'no-cluster', { thematiques: MOBILITE }),
    svc('fredo', 'svc-global-best', 'best', { thematiques: GARDE, description: LONG }),
    svc('dora', 'svc-lone', 'lower-with-service', { thematiques: ['sante--acces-aux-soins'] }),
  ],
});

describe('data·inclusion exclure_doublons cases', () => {
  const api = routes(dedupWorld);
  const NO_SERVICE_CASE = 'dora--svc-lone';

  it('builds the clusters and scores the cases assume', async () => {
    const s = await api.structures({}, false);
    expect(s.length).toBe(8);
    const [best, lower, globalBest, latest, older] = await Promise.all(
      ['dora--best', 'dora--lower', 'fredo--best', 'dora--latest', 'dora--older'].map((id) =>
        api.gql(`query($id: ID!) { structure(id: $id) { sources { id } } }`, { id }),
      ),
    );
    expect(best!.data!.structure.sources.map((r: { id: string }) => r.id)).toEqual([
      'dora--best',
      'dora--lower',
      'fredo--best',
    ]);
    expect(latest!.data!.structure.sources.map((r: { id: string }) => r.id)).toEqual(['dora--latest', 'dora--older']);
    expect(lower!.data!.structure).toEqual(best!.data!.structure);
    expect(globalBest!.data!.structure).toEqual(best!.data!.structure);
    expect(older!.data!.structure).toEqual(latest!.data!.structure);
  });

  it('test_search_services_deduplicate', async () => {
    const ask = async (f: Record<string, unknown>) =>
      ids(await api.search(f, true))
        .filter((id) => id !== NO_SERVICE_CASE)
        .sort();
    expect(await ask({ sources: ['dora'] })).toEqual(
      ['dora--svc-a', 'dora--svc-b', 'dora--svc-latest', 'dora--svc-no-cluster'].sort(),
    );
    expect(await ask({})).toEqual(['dora--svc-latest', 'dora--svc-no-cluster', 'fredo--svc-global-best'].sort());
    expect(await ask({ sources: ['dora'], thematiques: GARDE })).toEqual(['dora--svc-a', 'dora--svc-latest']);
    expect(await ask({ thematiques: GARDE })).toEqual(['dora--svc-latest', 'fredo--svc-global-best']);
    expect(await ask({ sources: ['dora'], thematiques: MOBILITE })).toEqual(['dora--svc-b', 'dora--svc-no-cluster']);
  });

  it('test_search_services_deduplicate_best_structure_has_no_service', async () => {
    expect(ids(await api.search({ thematiques: ['sante--acces-aux-soins'] }, true))).toEqual([NO_SERVICE_CASE]);
  });

  it('keeps every structure tied on score and date_maj (dense rank)', async () => {
    // dora--latest and dora--older score the same; with the same date_maj both would rank 1: here
    // the dates differ, so only the latest is kept, and without exclureDoublons both are there.
    const all = ids(await api.search({ thematiques: GARDE }, false));
    expect(all).toEqual(expect.arrayContaining(['dora--svc-latest', 'dora--svc-older']));
  });

  // d·i keeps one record per cluster (the best; ties to the smallest id), within the sources asked;
  // the gateway gives one node per cluster too, the merged structure of the cluster (README, differences).
  it('test_list_structures_deduplicate', async () => {
    const clusters = async (f: Record<string, unknown>) =>
      (await api.structures(f, true)).map((e) => e.node.sources.map((r) => r.id).sort());
    const expected = [
      ['dora--best', 'dora--lower', 'fredo--best'],
      ['dora--latest', 'dora--older'],
      ['dora--no-cluster'],
      ['dora--best-no-service', 'dora--lower-with-service'],
    ];
    expect((await clusters({ sources: ['dora'] })).sort()).toEqual([...expected].sort());
    expect((await clusters({})).sort()).toEqual([...expected].sort());
  });
});

// ── Order ─────────────────────────────────────────────────────────────────────────────────────────

const orderWorld = (): SandboxWorld => ({
  seed: 13,
  structures: [...Array(10).keys()].reverse().map((i) => structure('dora', `${Math.floor(i / 2)}-${i}`)),
  services: [...Array(10).keys()]
    .reverse()
    .map((i) => service('dora', `${Math.floor(i / 2)}-${i}`, `${Math.floor(i / 2)}-${i}`, LYON, { dateMaj: TODAY })),
});

describe('data·inclusion order cases', () => {
  const api = routes(orderWorld);
  const expected = ['0-0', '0-1', '1-2', '1-3', '2-4', '2-5', '3-6', '3-7', '4-8', '4-9'].map((id) => `dora--${id}`);

  it.each(['search', 'services', 'structures'] as const)('test_ressources_ordered_by_id[%s]', async (route) => {
    const got =
      route === 'services'
        ? await api.services()
        : route === 'search'
          ? ids(await api.search())
          : (await api.structures()).map((e) => e.node.id);
    expect(got).toEqual(expected);
  });
});
