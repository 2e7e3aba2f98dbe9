/**
 * Soliguide `services_all` items → schema v1 Services (`int_soliguide__services_v1`): one service
 * per item, named after its category, thématiques/type/publics through the pipeline's tables,
 * closure and saturation carried into the description. Services whose category has no v1
 * thématique are dropped by d·i as irrelevant; here they are reported, never silently lost. Pure.
 */
import { cleanNom, cleanText, sourceId, EMPTY_SERVICE, type Service } from '../../src/domain/index.js';
import type { RejectedRecord } from '../connector.js';
import { newHoursToOsm } from './hours.js';
import {
  closureSentence,
  joinDescription,
  placeBasics,
  placeHours,
  placeNotices,
  SOLIGUIDE,
  type PlaceBasics,
} from './mapping.js';
import { htmlToText } from './text.js';
import type { SoliguideModalities, SoliguidePlace, SoliguidePublics, SoliguideService } from './types.js';
import {
  categoryLabel,
  categoryThematiques,
  categoryType,
  dimensionValues,
  PUBLIC_DIMENSIONS,
  publicsOfValue,
} from './vocabulary.js';

/**
 * v1 publics of a profile: each dimension listing every value (or `all`) is not a criterion; the
 * other values map through `_map_soliguide__publics_v1`; nothing mapped means `tous-publics`.
 */
export function mapPublics(p: SoliguidePublics | undefined): string[] {
  const out = new Set<string>();
  for (const dim of PUBLIC_DIMENSIONS) {
    const values = Array.isArray(p?.[dim])
      ? p[dim].filter((x): x is string => typeof x === 'string').map((x) => x.trim())
      : [];
    if (values.includes('all') || dimensionValues(dim).every((x) => values.includes(x))) continue;
    for (const value of values) for (const pub of publicsOfValue(value)) out.add(pub);
  }
  return out.size > 0 ? [...out].sort() : ['tous-publics'];
}

/** `publics_precisions`: the profile's description, then its age bounds when they restrict anything. */
export function publicsPrecisions(
  p: SoliguidePublics | undefined,
  fallback: SoliguidePublics | undefined,
): string | null {
  const age = p?.age ?? fallback?.age;
  const min = typeof age?.min === 'number' && age.min > 0 ? `L’âge minimum est de ${age.min} ans.` : null;
  const max = typeof age?.max === 'number' && age.max < 99 ? `L’âge maximum est de ${age.max} ans.` : null;
  return joinDescription([cleanText(p?.description) ?? cleanText(fallback?.description), min, max]);
}

/** How a service can be mobilised, from its effective modalities. */
export function mobilisation(
  m: SoliguideModalities | undefined,
): Pick<Service, 'modesMobilisation' | 'mobilisablePar' | 'mobilisationPrecisions'> {
  const orientation = m?.orientation?.checked === true;
  return {
    modesMobilisation: [
      'envoyer-un-courriel',
      'telephoner',
      ...(m?.inconditionnel === true && !orientation ? ['se-presenter'] : []),
    ],
    mobilisablePar: orientation ? ['professionnels'] : ['professionnels', 'usagers'],
    mobilisationPrecisions: joinDescription(
      [m?.appointment?.precisions, m?.inscription?.precisions, m?.orientation?.precisions].map((x) => cleanText(x)),
    ),
  };
}

/** The service's own description, its closure and saturation, the place's notices, then the place's description. */
function description(place: SoliguidePlace, svc: SoliguideService): string {
  const saturated = typeof svc.saturated?.status === 'string' && svc.saturated.status.toUpperCase() === 'HIGH';
  return (
    joinDescription([
      htmlToText(svc.description),
      closureSentence('Ce service est', svc.close),
      saturated ? 'Attention, la structure est très sollicitée pour ce service.' : null,
      ...placeNotices(place),
      htmlToText(place.description),
    ]) ?? ''
  );
}

function hours(place: SoliguidePlace, svc: SoliguideService): string | null {
  if (place.tempInfos?.closure?.actif === true) return placeHours(place);
  if (svc.differentHours === true && svc.hours) return newHoursToOsm(svc.hours);
  return placeHours(place);
}

/** One `services_all` item as a v1 Service, or the reason it is dropped. */
export function serviceOf(
  place: SoliguidePlace,
  svc: SoliguideService,
  b: PlaceBasics = placeBasics(place),
): Service | { rejected: string } {
  const category = typeof svc?.category === 'string' ? svc.category : '';
  const thematiques = [...categoryThematiques(category)].sort();
  if (thematiques.length === 0) return { rejected: `category ${category || '(none)'} has no v1 mapping` };
  if (typeof svc.serviceObjectId !== 'string' || svc.serviceObjectId === '')
    return { rejected: `service of category ${category} has no serviceObjectId` };
  const m = svc.differentModalities === true ? svc.modalities : place.modalities;
  const p = svc.differentPublics === true ? svc.publics : place.publics;
  return {
    ...EMPTY_SERVICE,
    source: SOLIGUIDE,
    id: sourceId(SOLIGUIDE, svc.serviceObjectId),
    structureId: b.structureId,
    nom: cleanNom(categoryLabel(category) ?? category) ?? '',
    description: description(place, svc),
    lienSource: b.lienSource,
    dateMaj: b.dateMaj,
    type: categoryType(category),
    thematiques,
    frais: m?.price?.checked === true ? 'payant' : 'gratuit',
    fraisPrecisions: cleanText(m?.price?.precisions) ?? cleanText(place.modalities?.price?.precisions),
    publics: mapPublics(p),
    publicsPrecisions: publicsPrecisions(p, place.publics),
    conditionsAcces: cleanText(m?.other) ?? cleanText(place.modalities?.other),
    commune: b.commune,
    codePostal: b.codePostal,
    codeInsee: b.codeInsee,
    adresse: b.adresse,
    complementAdresse: b.complementAdresse,
    longitude: b.longitude,
    latitude: b.latitude,
    telephone: b.telephone,
    courriel: b.courriel,
    modesAccueil: ['en-presentiel'],
    zoneEligibilite: b.codeDepartement ? [b.codeDepartement] : null,
    ...mobilisation(m),
    horairesAccueil: hours(place, svc),
  };
}

/** Every service of a place; dropped ones come back as rejected records with their reason. */
export function placeToServices(place: SoliguidePlace): { services: Service[]; rejected: RejectedRecord[] } {
  const b = placeBasics(place);
  const services: Service[] = [];
  const rejected: RejectedRecord[] = [];
  for (const svc of place.services_all ?? []) {
    const out = serviceOf(place, svc, b);
    if ('rejected' in out) {
      const id =
        typeof svc?.serviceObjectId === 'string' && svc.serviceObjectId
          ? sourceId(SOLIGUIDE, svc.serviceObjectId)
          : null;
      rejected.push({ source: SOLIGUIDE, id, reason: out.rejected });
    } else services.push(out);
  }
  return { services, rejected };
}
