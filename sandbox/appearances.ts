/**
 * How one source publishes an entity: its structure record (name variant, its own phone, date,
 * coordinate jitter, SIRET or not) and its services in that source's terms.
 */
import { distanceKm } from '../src/domain/index.js';
import type { Entity } from './entities.js';
import { nameFor } from './kinds.js';
import type { Rng } from './random.js';
import { addDays, addressVariant, phoneAsTyped, pointNear } from './vocab.js';
import type { SandboxSource, SandboxStructure } from './world.js';

/** Sources whose records never carry a SIRET. */
const NO_SIRET = new Set<SandboxSource>(['soliguide', 'monenfant', 'mes-aides']);
/** Probability that a source gives the SIRET when it may. */
const SIRET_RATE: Partial<Record<SandboxSource, number>> = { dora: 0.85, 'mediation-numerique': 0.5, fredo: 0.7 };

/** Draws a date within the 21 months before a reference date (so within 2024–2025 for every seed). */
export type DatePicker = (rng: Rng) => string;

/** A date picker over the 641 days before `ref` (precomputed: date formatting is hot at scale). */
export function datePicker(ref: string): DatePicker {
  const days = Array.from({ length: 641 }, (_, i) => addDays(ref, -i));
  return (rng) => days[Math.floor(rng.next() * days.length)]!;
}

function jitter(e: Entity, primary: boolean, rng: Rng): { latitude: number; longitude: number } {
  if (primary) return e.point;
  // Another producer geocoded the same address: a few metres to ~45 m apart, never 50.
  const p = pointNear(e.point, 0.045, rng, 0.002);
  return distanceKm(p, e.point) < 0.05 ? p : e.point;
}

function telephoneOf(e: Entity, primary: boolean, rng: Rng): string | null {
  if (primary) return e.telephone;
  const r = rng.next();
  return r < 0.6 ? e.telephone : r < 0.85 ? e.altTelephone : null;
}

/** The structure record `source` publishes for `e`. `primary` is the first publisher (exact values). */
export function structureAppearance(
  e: Entity,
  source: SandboxSource,
  localId: string,
  primary: boolean,
  date: DatePicker,
  rng: Rng,
): SandboxStructure {
  const ft = source === 'france-travail';
  const telephone = ft ? '3949' : telephoneOf(e, primary, rng);
  const siretKept =
    !NO_SIRET.has(source) && (source === 'emplois-de-linclusion' || ft || rng.chance(SIRET_RATE[source] ?? 1));
  const { latitude, longitude } = jitter(e, primary, rng);
  const emploisBare = source === 'emplois-de-linclusion' && e.code === 'siae' && rng.chance(0.3);
  return {
    source,
    localId,
    entityKey: e.key,
    typologie: e.ident.typologie,
    reseauxPorteurs: e.ident.reseaux,
    nom: nameFor(e.code, e.ident.nom, e.commune.nom, source, rng),
    siret: siretKept ? e.siret : null,
    adresse: primary || rng.chance(0.6) ? e.adresse : addressVariant(e.adresse, rng),
    complementAdresse: e.complement,
    codePostal: e.area.codePostal,
    codeInsee: e.commune.code,
    commune: e.commune.nom,
    latitude,
    longitude,
    telephone,
    telephoneRaw: telephone === null ? null : ft ? '39 49' : phoneAsTyped(telephone, rng),
    // France Travail asked d·i not to expose agency e-mails.
    courriel: ft ? null : primary || rng.chance(0.7) ? e.courriel : null,
    siteWeb: ft ? 'https://www.francetravail.fr/' : primary || rng.chance(0.6) ? e.siteWeb : null,
    description: emploisBare
      ? null
      : source === 'soliguide'
        ? `${e.description.split(/ : |, /)[0]!.replace(/\.$/, '')}.`
        : e.description,
    dateMaj: date(rng),
    horairesAccueil: source === 'emplois-de-linclusion' ? null : e.horaires,
  };
}
