/**
 * data·inclusion's `score_qualite` v1 (docs/data-inclusion.md#quality-score): each criterion gives 0–1 or null
 * (not applicable); the score is the mean of the applicable ones, each rounded to 2 decimals first,
 * then rounded to 2 decimals, with Python's `round` (ties to even) as the pipeline does. A record
 * data·inclusion itself served keeps the score it published.
 */
import type { Service } from '../domain/index.js';

/** One criterion: a value in [0, 1], or null when it does not apply to the service. */
export type Criterion = (service: Service, today: string) => number | null;

const has = (list: readonly string[] | null, value: string): boolean => list !== null && list.includes(value);
const filled = (v: string | null): boolean => v !== null && v !== '';

/** Days from `from` to `to` (both `YYYY-MM-DD`); NaN when either is not a date. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
// pendulum durations as the pipeline writes them: months count 30 days, years 365.
const SIX_MONTHS_DAYS = 6 * 30;
const TWO_YEARS_DAYS = 2 * 365;

/** The v1 criteria, in the pipeline's order (the order matters only for floating-point sums). */
export const CRITERIA: Readonly<Record<string, Criterion>> = Object.freeze({
  /** Applies to on-site services (en-presentiel or se-presenter): 1 when `adresse` is set. */
  adresse_bien_definie: (s) =>
    has(s.modesAccueil, 'en-presentiel') || has(s.modesMobilisation, 'se-presenter')
      ? filled(s.adresse)
        ? 1
        : 0
      : null,
  /** 0 without modes_mobilisation nor mobilisable_par, 0.5 with one, 1 with both. */
  modes_mobilisation_bien_definis: (s) =>
    (s.modesMobilisation !== null ? 0.5 : 0) + (s.mobilisablePar !== null ? 0.5 : 0),
  au_moins_un_public: (s) => (s.publics !== null && s.publics.length > 0 ? 1 : 0),
  au_moins_une_thematique: (s) => (s.thematiques !== null && s.thematiques.length > 0 ? 1 : 0),
  /** 1 when any of courriel, lien_mobilisation, telephone is set. */
  au_moins_un_moyen_de_contact: (s) => ([s.courriel, s.lienMobilisation, s.telephone].some(filled) ? 1 : 0),
  /** Applies when mobilised by e-mail: 1 when `courriel` is set. */
  courriel_bien_defini: (s) => (has(s.modesMobilisation, 'envoyer-un-courriel') ? (filled(s.courriel) ? 1 : 0) : null),
  /**
   * Not for agefiph/france-travail. The age is the distance in days between date_maj and today,
   * either way (a future date ages like a past one); 1 under 6 months, linear down to 0 strictly
   * between 6 months and 2 years, 0 otherwise: exactly 180 days scores 0, as the pipeline's
   * `SIX_MOIS < age < DEUX_ANS` does. A date_maj that is not a date scores 0.
   */
  date_maj_recente: (s, today) => {
    if (s.source === 'agefiph' || s.source === 'france-travail') return null;
    const age = Math.abs(daysBetween(s.dateMaj, today));
    if (age < SIX_MONTHS_DAYS) return 1;
    if (SIX_MONTHS_DAYS < age && age < TWO_YEARS_DAYS)
      return (TWO_YEARS_DAYS - age) / (TWO_YEARS_DAYS - SIX_MONTHS_DAYS);
    return 0;
  },
  /** 0 without frais; gratuit 1; payant 1 with frais_precisions, else 0.5. */
  frais_bien_definis: (s) => (s.frais === null ? 0 : s.frais === 'payant' ? (filled(s.fraisPrecisions) ? 1 : 0.5) : 1),
  /** Length 1–49 → 0; 50–199 → 0.5; 200–1999 → 1; 2000 and more → 0.5. */
  description_bien_definie: (s) => {
    const n = [...s.description].length;
    return n < 50 ? 0 : n < 200 ? 0.5 : n < 2000 ? 1 : 0.5;
  },
  /** Applies when mobilised by phone: 1 when `telephone` is set. */
  telephone_bien_defini: (s) => (has(s.modesMobilisation, 'telephoner') ? (filled(s.telephone) ? 1 : 0) : null),
});

/** Python's `round(x, 2)`: nearest hundredth of the exact binary value, exact ties to even. */
export function round2(x: number): number {
  const exact = Math.abs(x).toFixed(30);
  const [, decimals = ''] = exact.split('.');
  if (/^\d{2}50*$/.test(decimals)) {
    const cents = Math.trunc(Math.abs(x) * 100 + 0.25);
    const even = cents % 2 === 0 ? cents : cents + 1;
    return (Math.sign(x) * even) / 100;
  }
  return Number(x.toFixed(2));
}

/** Each criterion's value for a service (null = not applicable), as of `today` (`YYYY-MM-DD`). */
export function scoreCriteria(service: Service, today: string): Record<string, number | null> {
  return Object.fromEntries(Object.entries(CRITERIA).map(([name, c]) => [name, c(service, today)]));
}

/**
 * The score the criteria give a service as of `today` (`YYYY-MM-DD`; the caller passes the date,
 * so the function stays pure), from the record as its source published it: contacts the gateway
 * hides from a consumer without the contacts scope still count.
 */
export function computedScore(service: Service, today: string): number {
  const applicable = Object.values(scoreCriteria(service, today))
    .filter((v): v is number => v !== null)
    .map(round2);
  return round2(applicable.reduce((a, b) => a + b, 0) / applicable.length);
}

/** The service's score_qualite in [0, 1]: the one data·inclusion published with the record, else computedScore. */
export function scoreQualite(service: Service, today: string): number {
  return service.scoreQualite ?? computedScore(service, today);
}

/** Mean of service scores rounded to 2 decimals; 0 for none (d·i's structure score_qualite). */
export function meanScore(serviceScores: readonly number[]): number {
  if (serviceScores.length === 0) return 0;
  return round2(serviceScores.reduce((a, b) => a + b, 0) / serviceScores.length);
}

/** A structure's score_qualite: the mean of its services' scores as of `today`, 0 without services. */
export function structureScore(services: readonly Service[], today: string): number {
  return meanScore(services.map((s) => scoreQualite(s, today)));
}
