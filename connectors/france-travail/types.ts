/**
 * France Travail's own vocabulary (docs/partners/france-travail.md#payload): the OAuth2 token
 * answer and an agency of the référentiel des agences (`GET /agences?horaire=true`). Optional keys
 * are the ones the pipeline does not read; the mapping treats every field as untrusted.
 */

/** Answer of the client-credentials token endpoint. */
export interface FtTokenResponse {
  readonly access_token: string;
  /** Lifetime in seconds (France Travail issues ~1 500 s tokens). */
  readonly expires_in: number;
  readonly token_type?: string;
  readonly scope?: string;
}

/** One day of `horaires`: `jour` 1 = Monday; times `"08:30"`; `"O"`/`"N"` flags. */
export interface FtHoraire {
  readonly jour: number;
  readonly horaireFerme: 'O' | 'N';
  readonly horaireEnContinu?: 'O' | 'N';
  readonly ouvertureMatin?: string;
  readonly fermetureMatin?: string;
  readonly ouvertureApresMidi?: string;
  readonly fermetureApresMidi?: string;
  /** Same slots on appointment only (read by nobody; the pipeline ignores them too). */
  readonly horaireFermeRDV?: 'O' | 'N';
  readonly ouvertureMatinRDV?: string;
  readonly fermetureMatinRDV?: string;
  readonly ouvertureApresMidiRDV?: string;
  readonly fermetureApresMidiRDV?: string;
}

/** `adressePrincipale` of an agency. */
export interface FtAdresse {
  readonly ligne3?: string | null;
  /** Street line. */
  readonly ligne4?: string | null;
  readonly ligne5?: string | null;
  /** `"<postcode> <COMMUNE>"`. */
  readonly ligne6?: string | null;
  readonly gpsLat?: number | null;
  readonly gpsLon?: number | null;
  /** INSEE code of the commune. */
  readonly communeImplantation?: string | null;
  /** Postcode. */
  readonly bureauDistributeur?: string | null;
}

/** An agency of the référentiel des agences. */
export interface FtAgence {
  readonly code: string;
  readonly codeSafir?: string | null;
  readonly libelle?: string | null;
  readonly libelleEtendu?: string | null;
  /** `APE` (agence de proximité), `APR`, … */
  readonly type?: string | null;
  readonly typeAccueil?: string | null;
  readonly codeRegionINSEE?: string | null;
  readonly dispositifADEDA?: boolean | null;
  readonly siret?: string | null;
  readonly contact?: { readonly telephonePublic?: string | null; readonly email?: string | null };
  readonly adressePrincipale?: FtAdresse;
  /** Present when asked with `horaire=true`. */
  readonly horaires?: readonly FtHoraire[];
}
