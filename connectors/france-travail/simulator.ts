/**
 * A loopback France Travail: the OAuth2 client-credentials endpoint
 * (`POST /connexion/oauth2/access_token?realm=/partenaire`, form body, RFC 6749 error bodies) and
 * the référentiel des agences (`GET /partenaire/referentielagences/v1/agences[?horaire=true]`,
 * one JSON array, `Authorization: Bearer`). Tokens expire after `expiresIn` seconds or when a test
 * calls `expireTokens()`; 429 + Retry-After beyond an optional budget. Agencies come from the
 * sandbox world (rendered by `renderFranceTravail`) and/or `agences`.
 */
import { randomBytes } from 'node:crypto';
import departements from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import type { SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { departementOfCommune } from '../../src/domain/index.js';
import {
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { osmToHoraires } from './hours.js';
import type { FtAgence } from './types.js';

/** Path of the token endpoint and of the agencies, as on the real hosts. */
export const FT_TOKEN_PATH = '/connexion/oauth2/access_token';
export const FT_AGENCES_PATH = '/partenaire/referentielagences/v1/agences';

const hash = (s: string): number =>
  [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5);

/** One sandbox structure as an agency of the référentiel (the e-mail France Travail does send, d·i drops). */
export function renderAgence(st: SandboxStructure): FtAgence {
  const dep = departementOfCommune(st.codeInsee);
  return {
    code: st.localId,
    codeSafir: String(10_000 + (hash(st.localId) % 90_000)),
    libelle: st.nom.replace(/^France Travail\s*-?\s*/i, '').toUpperCase() || st.nom.toUpperCase(),
    libelleEtendu: st.nom,
    type: 'APE',
    typeAccueil: '3',
    codeRegionINSEE: departements.find((d) => d.code === dep)?.region ?? null,
    dispositifADEDA: hash(st.localId) % 3 === 0,
    siret: st.siret,
    contact: {
      telephonePublic: st.telephoneRaw?.replace(/\s/g, '') ?? '3949',
      email: `ape.${st.localId.toLowerCase()}@francetravail.fr`,
    },
    adressePrincipale: {
      ligne3: st.complementAdresse,
      ligne4: st.adresse,
      ligne5: '',
      ligne6: `${st.codePostal} ${st.commune.toUpperCase()}`,
      gpsLat: st.latitude,
      gpsLon: st.longitude,
      communeImplantation: st.codeInsee,
      bureauDistributeur: st.codePostal,
    },
    horaires: osmToHoraires(st.horairesAccueil),
  };
}

/** Every `france-travail` structure of the world as an agency, in code order. */
export function renderFranceTravail(world: SandboxWorld): FtAgence[] {
  return world.structures
    .filter((s) => s.source === 'france-travail')
    .map(renderAgence)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Simulator options. */
export interface FranceTravailSimulatorOptions extends SimulatorOptions {
  readonly world?: SandboxWorld;
  /** Extra agencies served as they are (fixtures, edge cases). */
  readonly agences?: readonly FtAgence[];
  /** @default 'sim-ft-client' */
  readonly clientId?: string;
  /** @default 'sim-ft-secret' */
  readonly clientSecret?: string;
  /** Token lifetime in seconds. @default 1499 */
  readonly expiresIn?: number;
  /** API requests allowed per window before 429 + Retry-After (token calls excluded). */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
}

/** The simulator, with its mutable agency list and a switch that expires every issued token. */
export interface FranceTravailSimulator extends Simulator {
  readonly agences: FtAgence[];
  /** Every token issued so far is refused from now on (as if it had expired). */
  expireTokens(): void;
}

const oauthError = (status: number, error: string, description: string): SimResponse => ({
  status,
  body: { error, error_description: description },
});

/** Starts a France Travail simulator. */
export async function startFranceTravailSimulator(
  opts: FranceTravailSimulatorOptions = {},
): Promise<FranceTravailSimulator> {
  const clientId = opts.clientId ?? 'sim-ft-client';
  const clientSecret = opts.clientSecret ?? 'sim-ft-secret';
  const expiresIn = opts.expiresIn ?? 1499;
  const agences: FtAgence[] = [...(opts.world ? renderFranceTravail(opts.world) : []), ...(opts.agences ?? [])];
  const tokens = new Map<string, number>();
  const starts: number[] = [];

  const token = (req: SimRequest): SimResponse => {
    if (req.query.get('realm') !== '/partenaire') return oauthError(400, 'invalid_request', 'Invalid realm');
    const form = new URLSearchParams(req.rawBody);
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError(400, 'unsupported_grant_type', 'Grant type is not supported');
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return oauthError(401, 'invalid_client', 'Client authentication failed');
    const scopes = (form.get('scope') ?? '').split(' ');
    if (!scopes.includes('api_referentielagencesv1') || !scopes.includes(`application_${clientId}`))
      return oauthError(400, 'invalid_scope', 'Unknown/invalid scope(s)');
    const access = randomBytes(16).toString('hex');
    tokens.set(access, Date.now() + expiresIn * 1000);
    return { body: { scope: scopes.join(' '), expires_in: expiresIn, token_type: 'Bearer', access_token: access } };
  };

  const list = (req: SimRequest): SimResponse => {
    const auth = req.headers.authorization ?? '';
    const expiry = auth.startsWith('Bearer ') ? tokens.get(auth.slice(7)) : undefined;
    if (expiry === undefined || expiry <= Date.now())
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        body: { error: 'invalid_token', error_description: 'The access token is invalid or has expired' },
      };
    if (opts.rateLimit) {
      const now = Date.now();
      while (starts.length > 0 && now - starts[0]! >= opts.rateLimit.perMs) starts.shift();
      if (starts.length >= opts.rateLimit.requests)
        return {
          status: 429,
          headers: { 'retry-after': String(Math.ceil((opts.rateLimit.perMs - (now - starts[0]!)) / 1000)) },
          body: { message: 'Rate limit exceeded' },
        };
      starts.push(now);
    }
    const withHours = req.query.get('horaire') === 'true';
    return { body: withHours ? agences : agences.map(({ horaires: _, ...a }) => a) };
  };

  const sim = await startSimulator(
    'france-travail',
    [
      { method: 'POST', path: FT_TOKEN_PATH, handler: token },
      { method: 'GET', path: FT_AGENCES_PATH, handler: list },
    ],
    opts,
  );
  return Object.assign(sim, { agences, expireTokens: () => tokens.clear() });
}
