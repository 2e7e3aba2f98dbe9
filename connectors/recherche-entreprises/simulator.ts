/**
 * Loopback simulator of Recherche d'entreprises (docs/partners/recherche-entreprises.md#simulator): `GET /search` with SIRET/SIREN
 * direct lookups, a small text search, the API's own `{"erreur": …}` 400/404 bodies, and its
 * 7 requests/s budget answered with 429 + Retry-After. It answers from the SIRETs of the sandbox
 * world's structures plus extra establishments a test passes in (e.g. a closed one).
 */
import type { SandboxWorld } from '../../sandbox/world.js';
import {
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import type { EtablissementDto, SearchResponseDto, UniteLegaleDto } from './types.js';

/** An establishment to publish, in neutral terms. */
export interface RegistryEtablissement {
  readonly siret: string;
  /** Legal name of its unité légale (first establishment of a SIREN wins). */
  readonly nom: string;
  readonly adresse: string;
  readonly codePostal: string;
  readonly codeInsee: string;
  readonly commune: string;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  /** @default 'A' */
  readonly etatAdministratif?: 'A' | 'F';
  readonly dateFermeture?: string | null;
  readonly enseigne?: string | null;
}

/** A started simulator that also counts the 429s its own budget produced. */
export interface RechercheEntreprisesSimulator extends Simulator {
  /** Number of 429 answers the 7/s budget produced (scripted faults not included). */
  rateLimitAnswers(): number;
}

/** Département of a commune code, as the API's `departement` field gives it. */
const departementOf = (code: string): string => (/^9[78]/.test(code) ? code.slice(0, 3) : code.slice(0, 2));

function etablissementDto(e: RegistryEtablissement, siege: boolean): EtablissementDto {
  const cp = e.codePostal;
  const closed = e.etatAdministratif === 'F';
  return {
    siret: e.siret,
    est_siege: siege,
    etat_administratif: closed ? 'F' : 'A',
    adresse: `${e.adresse} ${cp} ${e.commune}`.toUpperCase(),
    complement_adresse: null,
    code_postal: cp,
    commune: e.codeInsee,
    libelle_commune: e.commune.toUpperCase(),
    departement: departementOf(e.codeInsee),
    latitude: e.latitude === null || e.latitude === undefined ? null : String(e.latitude),
    longitude: e.longitude === null || e.longitude === undefined ? null : String(e.longitude),
    date_fermeture: closed ? (e.dateFermeture ?? '2024-12-31') : null,
    liste_enseignes: e.enseigne ? [e.enseigne.toUpperCase()] : null,
    nom_commercial: null,
  };
}

/**
 * The registry the simulator serves, one unité légale per SIREN. Here `matching_etablissements`
 * holds ALL its establishments (the store); answers narrow it to the matched one. Pure.
 */
export function renderRechercheEntreprises(
  world: SandboxWorld | undefined,
  extra: readonly RegistryEtablissement[] = [],
): UniteLegaleDto[] {
  const fromWorld: RegistryEtablissement[] = (world?.structures ?? [])
    .filter((s) => s.siret !== null)
    .map((s) => ({
      siret: s.siret!,
      nom: s.nom,
      adresse: s.adresse,
      codePostal: s.codePostal,
      codeInsee: s.codeInsee,
      commune: s.commune,
      latitude: s.latitude,
      longitude: s.longitude,
    }));
  const bySiren = new Map<string, RegistryEtablissement[]>();
  const seen = new Set<string>();
  for (const e of [...extra, ...fromWorld]) {
    if (seen.has(e.siret)) continue; // several sources may publish the same SIRET: first wins
    seen.add(e.siret);
    const siren = e.siret.slice(0, 9);
    bySiren.set(siren, [...(bySiren.get(siren) ?? []), e]);
  }
  return [...bySiren.entries()].map(([siren, etabs]) => {
    const dtos = etabs.map((e, i) => etablissementDto(e, i === 0));
    const open = dtos.filter((d) => d.etat_administratif === 'A').length;
    const nom = etabs[0]!.nom.toUpperCase();
    return {
      siren,
      nom_complet: nom,
      nom_raison_sociale: nom,
      sigle: null,
      nombre_etablissements: dtos.length,
      nombre_etablissements_ouverts: open,
      etat_administratif: open > 0 ? 'A' : 'C',
      nature_juridique: '9220',
      statut_diffusion: 'O',
      dirigeants: [],
      siege: dtos[0]!,
      matching_etablissements: dtos,
      finances: null,
      complements: { est_association: true, est_ess: true, est_siae: false },
    };
  });
}

const err = (status: number, erreur: string): SimResponse => ({ status, body: { erreur } });
const FILTERS = [
  'code_postal',
  'code_commune',
  'departement',
  'region',
  'epci',
  'activite_principale',
  'nature_juridique',
  'est_association',
  'est_siae',
];

function answer(req: SimRequest, registry: readonly UniteLegaleDto[]): SimResponse {
  const q = (req.query.get('q') ?? '').trim();
  const filtered = FILTERS.some((f) => req.query.has(f));
  const perPage = Number(req.query.get('per_page') ?? '10');
  const page = Number(req.query.get('page') ?? '1');
  if (!q && !filtered) return err(400, 'Veuillez indiquer au moins un paramètre de recherche.');
  if (q && q.length < 3 && !filtered)
    return err(400, '3 caractères minimum pour les termes de la requête (ou utilisez au moins un filtre)');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 25)
    return err(400, 'Veuillez indiquer un paramètre `per_page` entre `1` et `25`, par défaut `10`.');
  if (!Number.isInteger(page) || page < 1 || page > 1000)
    return err(400, 'Veuillez indiquer un paramètre `page` entre `1` et `1000`, par défaut `1`.');
  if (req.query.has('include') && req.query.get('minimal') !== 'true')
    return err(400, 'Veuillez indiquer le paramètre `minimal=true` pour utiliser `include`.'); // composed wording
  const digits = q.replace(/ /g, '');
  let hits: UniteLegaleDto[];
  if (/^\d{14}$/.test(digits)) {
    hits = registry.flatMap((ul) => {
      const m = ul.matching_etablissements.find((e) => e.siret === digits);
      return m ? [{ ...ul, matching_etablissements: [m] }] : [];
    });
  } else if (/^\d{9}$/.test(digits)) {
    hits = registry.filter((ul) => ul.siren === digits).map((ul) => ({ ...ul, matching_etablissements: [ul.siege] }));
  } else {
    const needle = q.toUpperCase();
    hits = registry
      .filter((ul) => ul.nom_complet.includes(needle))
      .map((ul) => ({ ...ul, matching_etablissements: [ul.siege] }));
  }
  const body: SearchResponseDto = {
    results: hits.slice((page - 1) * perPage, page * perPage),
    total_results: hits.length,
    page,
    per_page: perPage,
    total_pages: Math.ceil(hits.length / perPage),
  };
  return { status: 200, body };
}

/** Starts the simulator. `rateLimit: false` turns the 7/s budget off. */
export async function startRechercheEntreprisesSimulator(
  opts: {
    world?: SandboxWorld;
    extra?: readonly RegistryEtablissement[];
    rateLimit?: { requests: number; perMs: number } | false;
  } & SimulatorOptions = {},
): Promise<RechercheEntreprisesSimulator> {
  const registry = renderRechercheEntreprises(opts.world, opts.extra);
  const budget = opts.rateLimit === undefined ? { requests: 7, perMs: 1000 } : opts.rateLimit;
  const accepted: number[] = [];
  let limited = 0;
  const overBudget = (): boolean => {
    if (!budget) return false;
    const now = Date.now();
    while (accepted.length > 0 && now - accepted[0]! >= budget.perMs) accepted.shift();
    if (accepted.length >= budget.requests) return true;
    accepted.push(now);
    return false;
  };
  const notFound = (): SimResponse => err(404, 'Ressource non trouvée.');
  const sim = await startSimulator(
    'recherche-entreprises',
    [
      {
        method: 'GET',
        path: '/search',
        handler: (req) => {
          if (overBudget()) {
            limited++;
            return {
              status: 429,
              body: { erreur: 'Trop de requêtes, veuillez réessayer plus tard.' },
              headers: { 'retry-after': '1' },
            };
          }
          return answer(req, registry);
        },
      },
      { method: 'GET', path: '/:a', handler: notFound },
      { method: 'GET', path: '/:a/:b', handler: notFound },
    ],
    opts,
  );
  return Object.assign(sim, { rateLimitAnswers: () => limited });
}
