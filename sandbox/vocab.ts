/**
 * Plausible French values for the sandbox: street addresses, SIRETs with a valid Luhn key, E.164
 * phones by département, e-mails, web sites, OSM opening hours, contact names, dates.
 */
import type { GeoPoint } from '../src/domain/index.js';
import type { Rng } from './random.js';

const STREET_TYPES = [
  'rue',
  'rue',
  'rue',
  'avenue',
  'boulevard',
  'place',
  'allée',
  'chemin',
  'quai',
  'impasse',
] as const;
const STREET_NAMES = [
  'Jean Jaurès',
  'Victor Hugo',
  'de la République',
  'Pasteur',
  'du Général de Gaulle',
  'Gambetta',
  'Jules Ferry',
  'Émile Zola',
  'de la Gare',
  'Nationale',
  'des Écoles',
  'Paul Bert',
  'Voltaire',
  'Carnot',
  'Louise Michel',
  'Jean Moulin',
  'Anatole France',
  'de Paris',
  'du Moulin',
  'des Tilleuls',
  'de la Liberté',
  'Aristide Briand',
  'Salvador Allende',
  'Pierre Mendès France',
  'Lucie Aubrac',
  'Simone Veil',
  'des Peupliers',
  'du Marché',
  'de l’Église',
  'Roger Salengro',
  'Léon Blum',
  'Henri Barbusse',
  'Gabriel Péri',
  'Maurice Thorez',
  'du 8 Mai 1945',
  'de Verdun',
  'Colbert',
  'Danton',
  'Marcel Cachin',
  'des Lilas',
] as const;

const FIRST_NAMES = [
  'Nadia',
  'Karim',
  'Sophie',
  'Julien',
  'Fatou',
  'Thomas',
  'Claire',
  'Mehdi',
  'Isabelle',
  'Yann',
  'Aïcha',
  'Pierre',
  'Léa',
  'Sébastien',
  'Samia',
  'Nicolas',
] as const;
const LAST_NAMES = [
  'Martin',
  'Benali',
  'Dubois',
  'Lefebvre',
  'Diallo',
  'Moreau',
  'Laurent',
  'Haddad',
  'Girard',
  'Le Gall',
  'Morel',
  'Traoré',
  'Fontaine',
  'Rousseau',
  'Mercier',
  'Nguyen',
] as const;

/** OSM opening_hours values seen in producers' data. */
export const OPENING_HOURS = [
  'Mo-Fr 08:30-12:00,13:30-17:00',
  'Mo-Fr 09:00-12:30,14:00-17:30; PH off',
  'Mo,Tu,Th 09:00-12:00; We 14:00-17:00',
  'Mo-Fr 09:00-17:00',
  'Tu,Fr 14:00-17:30',
  'Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00',
  'We,Sa 10:00-12:00',
  'Mo-Sa 09:30-12:30,14:00-18:00',
  'Mo 13:30-17:00; Tu-Fr 09:00-12:00,13:30-17:00',
  'Mo-Fr 08:45-12:15,13:45-17:15; PH off',
] as const;

/** A street address `12 rue Jean Jaurès`. */
export function streetAddress(rng: Rng): string {
  const num = rng.int(1, 180);
  const bis = rng.chance(0.06) ? ' bis' : '';
  return `${num}${bis} ${rng.pick(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`;
}

/** How another producer writes the same address (abbreviations, commas, capitals). */
export function addressVariant(adresse: string, rng: Rng): string {
  const v = rng.int(0, 3);
  if (v === 0) return adresse.replace(/^(\d+(?: bis)?) /, '$1, ');
  if (v === 1) return adresse.replace(' avenue ', ' av. ').replace(' boulevard ', ' bd ').replace(' rue ', ' r. ');
  if (v === 2)
    return adresse.replace(
      / (rue|avenue|boulevard|place|allée|chemin|quai|impasse) /,
      (_m, t: string) => ` ${t[0]!.toUpperCase()}${t.slice(1)} `,
    );
  return adresse.toUpperCase();
}

/** A point at most `maxKm` from `centre`, uniform over the disc. */
export function pointNear(centre: GeoPoint, maxKm: number, rng: Rng, minKm = 0): GeoPoint {
  const r = Math.sqrt(rng.float((minKm / maxKm) ** 2, 1)) * maxKm;
  const a = rng.float(0, 2 * Math.PI);
  const dLat = (r * Math.cos(a)) / 111.32;
  const dLon = (r * Math.sin(a)) / (111.32 * Math.cos((centre.latitude * Math.PI) / 180));
  return { latitude: round6(centre.latitude + dLat), longitude: round6(centre.longitude + dLon) };
}

/** Rounds a coordinate to 6 decimals (~10 cm), as producers publish them. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The Luhn check digit that completes `body`. */
export function luhnKey(body: string): string {
  for (let d = 0; d <= 9; d++) {
    let sum = 0;
    const digits = `${body}${d}`;
    for (let i = 0; i < digits.length; i++) {
      let x = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return String(d);
  }
  return '0';
}

/** A SIREN with a valid key; public bodies (CCAS, communes) start with 2, associations with 3–8. */
export function siren(rng: Rng, publicBody = false): string {
  const body = `${publicBody ? rng.pick(['21', '26', '20']) : String(rng.int(30, 89))}${rng.digits(6)}`;
  return body + luhnKey(body);
}

/** A SIRET of `sirenCode` with a valid key (the NIC's last digit is the key over all 14 digits). */
export function siret(sirenCode: string, rng: Rng): string {
  const body = `${sirenCode}000${rng.int(1, 9)}`;
  return body + luhnKey(body);
}

const AREA_PREFIX: Readonly<Record<string, readonly string[]>> = {
  '59': ['320', '327', '328'],
  '93': ['148', '149', '143'],
  '69': ['472', '478', '437'],
  '13': ['491', '442', '490'],
  '35': ['299', '223'],
  '974': ['262262'],
};

/** A landline (or sometimes mobile) in E.164 for the département. */
export function phone(dep: string, rng: Rng): string {
  if (dep === '974') return rng.chance(0.2) ? `+262692${rng.digits(6)}` : `+262262${rng.digits(6)}`;
  // Metropolitan mobiles only: 06 39 and 06 9x are DROM prefixes.
  if (rng.chance(0.12))
    return rng.chance(0.6)
      ? `+336${rng.pick(['1', '2', '4', '5', '6', '7', '8'])}${rng.digits(7)}`
      : `+337${rng.int(5, 8)}${rng.digits(7)}`;
  const prefix = rng.pick(AREA_PREFIX[dep] ?? ['1']);
  return `+33${prefix}${rng.digits(9 - prefix.length)}`;
}

/** How a producer typed an E.164 number (`03 20 12 34 56`, `03.20.12.34.56`, `+33 3 20…`). */
export function phoneAsTyped(e164: string, rng: Rng): string {
  if (!e164.startsWith('+33') || e164.length !== 12) return e164;
  const national = `0${e164.slice(3)}`;
  const pairs = national.match(/\d{2}/g)!;
  const style = rng.int(0, 3);
  if (style === 0) return pairs.join(' ');
  if (style === 1) return pairs.join('.');
  if (style === 2) return `+33 ${e164[3]} ${e164.slice(4).match(/\d{2}/g)!.join(' ')}`;
  return national;
}

const FOLD: Readonly<Record<string, string>> = {
  à: 'a',
  â: 'a',
  ä: 'a',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  î: 'i',
  ï: 'i',
  ô: 'o',
  ö: 'o',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ç: 'c',
  œ: 'oe',
  æ: 'ae',
  ÿ: 'y',
};

/** A lower-case ASCII slug for e-mail and web domains (French accents folded; cheaper than NFD at scale). */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]/g, (ch) => FOLD[ch] ?? '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** A contact person's name (personal data in the real sources). */
export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** `YYYY-MM-DD` of a day offset from a reference date. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
