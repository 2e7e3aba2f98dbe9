/** Phone numbers to E.164 as the data·inclusion pipeline writes them (docs/data-inclusion.md#phone-numbers). */
import {
  getCountryCallingCode,
  parseDigits,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import googlePhone from 'google-libphonenumber';

const { PhoneNumberUtil, ShortNumberInfo } = googlePhone;

/**
 * Regions tried in this order: the overseas départements and collectivités first (their numbers
 * start with 0 like metropolitan ones), France, then only numbers written with their own `+code`.
 */
const REGIONS: readonly (CountryCode | undefined)[] = [
  'YT',
  'GP',
  'GF',
  'MQ',
  'RE',
  'PM',
  'WF',
  'PF',
  'NC',
  'FR',
  undefined,
];

/** Départements and collectivités whose numbers are also dialled under +33: a `+33` number is read under their own code. */
const ALSO_UNDER_33: readonly CountryCode[] = ['YT', 'GP', 'GF', 'MQ', 'RE', 'PM'];
const OWN_CODE_UNDER_33: ReadonlyMap<CountryCode | undefined, string> = new Map(
  ALSO_UNDER_33.map((region) => [region, getCountryCallingCode(region)]),
);

/** A valid French short number (`3949`, `15`, `116 000`) kept as its digits; null otherwise. */
function frenchShortNumber(raw: string): string | null {
  try {
    const parsed = PhoneNumberUtil.getInstance().parse(raw, 'FR');
    const shortNumbers = ShortNumberInfo.getInstance();
    return shortNumbers.isPossibleShortNumber(parsed) && shortNumbers.isValidShortNumber(parsed)
      ? parseDigits(raw)
      : null;
  } catch {
    return null;
  }
}

/** What the text says before any region is assumed. */
interface Written {
  /** From the first `+` or digit to the last letter, digit or `#` (`Tél. : 03 20 12 34 56 ;` → `03 20 12 34 56`), leading `+` signs as one. */
  readonly number: string;
  readonly withPlus: boolean;
  readonly digits: string;
}

/** Reads what the text says of the number, without assuming a region. */
function written(raw: string): Written {
  const number = raw
    .slice(Math.max(0, raw.search(/[+＋\p{Nd}]/u)))
    .replace(/[^\p{N}\p{L}#]+$/u, '')
    .replace(/^[+＋]+/, '+');
  return { number, withPlus: number.startsWith('+'), digits: parseDigits(number) };
}

/** The E.164 form of the number read as one of `region` (by its own `+code` when undefined), or null. */
function regularNumber(w: Written, region: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(w.number, { defaultCountry: region, extract: false });
  if (parsed === undefined) return null;
  let nsn: string = parsed.nationalNumber;
  // 08 and 09 numbers exist in France only: read elsewhere they would borrow a wrong country code
  if (region !== 'FR' && /^[89]/.test(nsn)) return null;
  const ownCode = w.withPlus && parsed.countryCallingCode === '33' ? OWN_CODE_UNDER_33.get(region) : undefined;
  const code = ownCode ?? parsed.countryCallingCode;
  // six digits with no country code written (no `+`, no `00`, no leading code) do not tell their region
  const codeWritten = w.withPlus || w.digits.startsWith('00') || w.digits === `${code}${nsn}`;
  if (!codeWritten && nsn.length === 6) return null;
  // Saint-Pierre-et-Miquelon numbers typed with their code inside the national number
  if (region === 'PM' && nsn.startsWith(code)) nsn = nsn.slice(code.length);
  // a valid number is also a possible one: one check is enough
  const number = parsePhoneNumberFromString(`+${code}${nsn}`);
  return number !== undefined && number.isValid() ? number.number : null;
}

/**
 * A phone number as data·inclusion's pipeline normalises it: a valid French short number as its
 * digits (`39 49` → `3949`), otherwise the first region of REGIONS where it is a valid number, in
 * E.164 (`03 20 12 34 56` → `+33320123456`, `05 90 12 34 56` → `+590590123456`); null when it is
 * none, or when the text holds two numbers.
 */
export function toE164(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const short = frenchShortNumber(raw);
  if (short !== null) return short;
  const w = written(raw);
  for (const region of REGIONS) {
    const e164 = regularNumber(w, region);
    if (e164 !== null) return e164;
  }
  return null;
}
