/** Pure normalisers shared by every mapping (docs/data-inclusion.md#cross-source-rules). */

/** Trims, collapses inner white space, and turns empty strings into null. */
export function cleanText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** Like cleanText but keeps line breaks (for descriptions). */
export function cleanMultiline(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v
    .replace(/[ \t]+/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return t === '' ? null : t;
}

/** Name clean-up of the cross-source rules: trailing dots trimmed (except `etc.`), over 150 characters truncated with `…`. */
export function cleanNom(v: string | null | undefined): string | null {
  let t = cleanText(v);
  if (t === null) return null;
  if (!/etc\.$/i.test(t)) t = t.replace(/\.+$/, '').trim();
  if (t.length > 150) t = `${t.slice(0, 149)}…`;
  return t;
}

/** An http(s) URL, `https://` added when the scheme is missing; null when malformed. */
export function cleanUrl(v: string | null | undefined): string | null {
  const t = cleanText(v);
  if (t === null) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`;
  try {
    const u = new URL(withScheme);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.toString();
  } catch {
    return null;
  }
}

/** An ISO timestamp or date to `YYYY-MM-DD`; null when unreadable. */
export function toIsoDate(v: string | null | undefined): string | null {
  if (!v) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  if (m) return m[1]!;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

/** A 5-digit postcode or null. */
export function cleanCodePostal(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v).trim().padStart(5, '0');
  return /^\d{5}$/.test(t) ? t : null;
}

/** Lower-cases, strips accents and punctuation, collapses spaces (for name matching and search). */
export function normaliseForMatch(v: string): string {
  return v
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Luhn check used by SIREN/SIRET (La Poste establishments excepted by INSEE; we apply it as is). */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
