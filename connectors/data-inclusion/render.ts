/**
 * The sandbox world as the data·inclusion API serves it (the reverse of mapping.ts): every
 * source's records as schema v1 in snake_case, with d·i's extensions — `adresse_certifiee`,
 * `score_qualite` computed per docs/data-inclusion.md#quality-score, and `doublons` from the world's entities
 * (a tenth of the clusters left undetected, as d·i's model favours precision). Soliguide services
 * whose category maps to no thématique are dropped, as the pipeline does. Pure.
 */
import { byRecordId, type Service, type Structure } from '../../src/domain/index.js';
import { loadCog } from '../../sandbox/cog.js';
import { hash32 } from '../../sandbox/random.js';
import { toV1Service, toV1Structure } from '../../sandbox/v1.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import type { DiListedStructure, DiService, DiStructure } from './types.js';

/** What the simulator serves, ids sorted (the API orders by id). */
export interface DiDataset {
  readonly structures: readonly DiListedStructure[];
  readonly services: readonly DiService[];
}

/** A v1 Structure in the API's shape. */
export function toDiStructure(s: Structure): DiStructure {
  return {
    source: s.source,
    id: s.id,
    nom: s.nom,
    date_maj: s.dateMaj,
    description: s.description,
    lien_source: s.lienSource,
    siret: s.siret,
    commune: s.commune,
    code_postal: s.codePostal,
    code_insee: s.codeInsee,
    adresse: s.adresse,
    complement_adresse: s.complementAdresse,
    longitude: s.longitude,
    latitude: s.latitude,
    telephone: s.telephone,
    courriel: s.courriel,
    site_web: s.siteWeb,
    horaires_accueil: s.horairesAccueil,
    accessibilite_lieu: s.accessibiliteLieu,
    reseaux_porteurs: s.reseauxPorteurs ? [...s.reseauxPorteurs] : null,
    adresse_certifiee: s.adresseCertifiee ?? s.adresse !== null,
  };
}

const arr = (v: readonly string[] | null) => (v ? [...v] : null);

/** A v1 Service in the API's shape, with its quality score. */
export function toDiService(s: Service, score: number): DiService {
  return {
    source: s.source,
    structure_id: s.structureId,
    id: s.id,
    nom: s.nom,
    description: s.description,
    lien_source: s.lienSource,
    date_maj: s.dateMaj,
    type: s.type,
    thematiques: arr(s.thematiques),
    frais: s.frais,
    frais_precisions: s.fraisPrecisions,
    publics: arr(s.publics),
    publics_precisions: s.publicsPrecisions,
    conditions_acces: s.conditionsAcces,
    commune: s.commune,
    code_postal: s.codePostal,
    code_insee: s.codeInsee,
    adresse: s.adresse,
    complement_adresse: s.complementAdresse,
    longitude: s.longitude,
    latitude: s.latitude,
    telephone: s.telephone,
    courriel: s.courriel,
    contact_nom_prenom: s.contactNomPrenom,
    modes_accueil: arr(s.modesAccueil),
    zone_eligibilite: arr(s.zoneEligibilite),
    lien_mobilisation: s.lienMobilisation,
    modes_mobilisation: arr(s.modesMobilisation),
    mobilisable_par: arr(s.mobilisablePar),
    mobilisation_precisions: s.mobilisationPrecisions,
    volume_horaire_hebdomadaire: s.volumeHoraireHebdomadaire,
    nombre_semaines: s.nombreSemaines,
    horaires_accueil: s.horairesAccueil,
    adresse_certifiee: s.adresseCertifiee ?? s.adresse !== null,
    score_qualite: score,
  };
}

const has = (v: readonly string[] | null | undefined, x: string) => v?.includes(x) ?? false;
const filled = (v: readonly unknown[] | null | undefined) => (v?.length ?? 0) > 0;

/** `score_qualite` of a service: mean of the applicable criteria, 2 decimals. `asOf` dates the freshness criterion. */
export function scoreQualite(s: Service, asOf: string): number {
  const c: number[] = [];
  if (has(s.modesAccueil, 'en-presentiel') || has(s.modesMobilisation, 'se-presenter')) c.push(s.adresse ? 1 : 0);
  c.push((filled(s.modesMobilisation) ? 0.5 : 0) + (filled(s.mobilisablePar) ? 0.5 : 0));
  c.push(filled(s.publics) ? 1 : 0, filled(s.thematiques) ? 1 : 0);
  c.push(s.courriel || s.lienMobilisation || s.telephone ? 1 : 0);
  if (has(s.modesMobilisation, 'envoyer-un-courriel')) c.push(s.courriel ? 1 : 0);
  if (has(s.modesMobilisation, 'telephoner')) c.push(s.telephone ? 1 : 0);
  if (s.source !== 'france-travail' && s.source !== 'agefiph') {
    const months = (Date.parse(asOf) - Date.parse(s.dateMaj)) / (30.44 * 86_400_000);
    c.push(months < 6 ? 1 : Math.max(0, 1 - (months - 6) / 18));
  }
  c.push(s.frais === null ? 0 : s.frais === 'gratuit' || s.fraisPrecisions ? 1 : 0.5);
  const n = s.description.length;
  c.push(n < 50 ? 0 : n < 200 ? 0.5 : n < 2000 ? 1 : 0.5);
  return Math.round((c.reduce((a, b) => a + b, 0) / c.length) * 100) / 100;
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

/** Renders the world's records as the d·i API serves them. */
export function renderDataInclusion(world: SandboxWorld, opts: { readonly asOf?: string } = {}): DiDataset {
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const cog = loadCog();
  const services = world.services
    .filter((s) => s.source !== 'soliguide' || s.thematiques.length > 0)
    .map((s) => {
      const v1 = toV1Service(s, cog);
      return toDiService(v1, scoreQualite(v1, asOf));
    })
    .sort(byRecordId);
  const scores = new Map<string, number[]>();
  for (const s of services) push(scores, s.structure_id, s.score_qualite);
  const clusters = new Map<string, Array<{ source: string; id: string }>>();
  for (const s of world.structures) {
    if (hash32(s.entityKey) % 10 !== 0)
      push(clusters, s.entityKey, { source: s.source, id: `${s.source}--${s.localId}` });
  }
  const structures = world.structures
    .map((s): DiListedStructure => {
      // Extended in place (a fresh object): spreading 180 000 records doubles the render time.
      const listed = toDiStructure(toV1Structure(s)) as DiListedStructure;
      const own = scores.get(listed.id) ?? [];
      listed.score_qualite =
        own.length === 0 ? 0 : Math.round((own.reduce((a, b) => a + b, 0) / own.length) * 100) / 100;
      listed.doublons = (clusters.get(s.entityKey) ?? []).filter((d) => d.id !== listed.id);
      return listed;
    })
    .sort(byRecordId);
  return { structures, services };
}
