/**
 * Schema v1 checks applied to every mapped record before it reaches results (docs/data-inclusion.md#schema-v1).
 * A record that fails is kept out of results and reported with the first reason found; callers
 * count rejections per source, they never drop silently.
 */
import type { Service, Structure } from './offre.js';
import { isNomenclatureValue, type NomenclatureName } from './nomenclatures.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONE = /^(\w{5}|\w{2,3}|\d{9}|99[0-5]\d{2}|france)$/;

function checkDate(d: string, today: string): string | null {
  if (!DATE.test(d) || Number.isNaN(Date.parse(d))) return `date_maj "${d}" is not a YYYY-MM-DD date`;
  if (d < '2000-01-01' || d > today) return `date_maj ${d} is outside 2000-01-01…${today}`;
  return null;
}

function checkList(
  field: string,
  name: NomenclatureName,
  values: readonly string[] | null,
  minOne: boolean,
): string | null {
  if (values === null) return null;
  if (minOne && values.length === 0) return `${field} is an empty list (use null)`;
  if (new Set(values).size !== values.length) return `${field} has duplicate values`;
  const bad = values.find((v) => !isNomenclatureValue(name, v));
  return bad === undefined ? null : `${field} has unknown value "${bad}"`;
}

function checkCommon(r: Structure | Service, today: string): string | null {
  if (!r.id || !r.id.startsWith(`${r.source}--`)) return `id "${r.id}" does not start with "${r.source}--"`;
  if (r.nom.length < 3 || r.nom.length > 150) return `nom has ${r.nom.length} characters (3–150 expected)`;
  if (r.codePostal !== null && !/^\d{5}$/.test(r.codePostal)) return `code_postal "${r.codePostal}" is not 5 digits`;
  if (r.codeInsee !== null && !/^\w{5}$/.test(r.codeInsee)) return `code_insee "${r.codeInsee}" is not 5 characters`;
  if (r.latitude !== null && (r.latitude < -90 || r.latitude > 90)) return `latitude ${r.latitude} out of range`;
  if (r.longitude !== null && (r.longitude < -180 || r.longitude > 180)) return `longitude ${r.longitude} out of range`;
  if (r.courriel !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.courriel))
    return `courriel "${r.courriel}" is not an e-mail`;
  return checkDate(r.dateMaj, today);
}

/** Returns why a structure violates schema v1, or null when it is valid. */
export function structureViolation(s: Structure, today = todayIso()): string | null {
  const common = checkCommon(s, today);
  if (common) return common;
  if (s.description !== null && (s.description.length < 5 || s.description.length > 10_000))
    return `description has ${s.description.length} characters (5–10000 expected)`;
  if (s.siret !== null && !/^\d{14}$/.test(s.siret)) return `siret "${s.siret}" is not 14 digits`;
  return checkList('reseaux_porteurs', 'reseaux-porteurs', s.reseauxPorteurs, false);
}

/** Returns why a service violates schema v1, or null when it is valid. */
export function serviceViolation(s: Service, today = todayIso()): string | null {
  const common = checkCommon(s, today);
  if (common) return common;
  if (!s.structureId.startsWith(`${s.source}--`))
    return `structure_id "${s.structureId}" does not start with "${s.source}--"`;
  if (s.description.length < 5 || s.description.length > 10_000)
    return `description has ${s.description.length} characters (5–10000 expected)`;
  if (s.type !== null && !isNomenclatureValue('types-services', s.type)) return `type has unknown value "${s.type}"`;
  if (s.frais !== null && !isNomenclatureValue('frais', s.frais)) return `frais has unknown value "${s.frais}"`;
  if (s.publics && s.publics.includes('tous-publics') && s.publics.length > 1)
    return 'publics combines tous-publics with other values';
  if (s.zoneEligibilite !== null) {
    if (s.zoneEligibilite.length === 0) return 'zone_eligibilite is an empty list (use null)';
    const bad = s.zoneEligibilite.find((z) => !ZONE.test(z));
    if (bad !== undefined) return `zone_eligibilite has invalid code "${bad}"`;
  }
  if (s.volumeHoraireHebdomadaire !== null && s.volumeHoraireHebdomadaire < 0)
    return 'volume_horaire_hebdomadaire is negative';
  if (s.nombreSemaines !== null && (!Number.isInteger(s.nombreSemaines) || s.nombreSemaines < 1))
    return 'nombre_semaines is not an integer ≥ 1';
  return (
    checkList('thematiques', 'thematiques', s.thematiques, false) ??
    checkList('publics', 'publics', s.publics, true) ??
    checkList('modes_accueil', 'modes-accueil', s.modesAccueil, false) ??
    checkList('modes_mobilisation', 'modes-mobilisation', s.modesMobilisation, true) ??
    checkList('mobilisable_par', 'personnes-mobilisatrices', s.mobilisablePar, true)
  );
}

/** Today as `YYYY-MM-DD` (UTC). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
