/**
 * France Travail `horaires` ↔ OpenStreetMap `opening_hours`. The forward direction is the
 * pipeline's `format_date_ft_to_open_street_map` (appointment-only slots ignored, `PH off`, the
 * common same-hours-every-weekday case written `Mo-Fr …`); the reverse serves the simulator.
 */
import type { FtHoraire } from './types.js';

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const TIME = /^\d{2}:\d{2}$/;
const t = (v: string | undefined): string | null => (typeof v === 'string' && TIME.test(v) ? v : null);

function slotsOf(h: FtHoraire): string | null {
  const [om, fm, oa, fa] = [t(h.ouvertureMatin), t(h.fermetureMatin), t(h.ouvertureApresMidi), t(h.fermetureApresMidi)];
  if (h.horaireEnContinu === 'O' && om && (fa ?? fm)) return `${om}-${fa ?? fm}`;
  const morning = om && fm ? `${om}-${fm}` : null;
  const afternoon = oa && fa ? `${oa}-${fa}` : null;
  return [morning, afternoon].filter(Boolean).join(',') || null;
}

/** Agency `horaires` → OSM opening_hours as the pipeline writes it, or null when closed or absent. */
export function horairesToOsm(horaires: readonly FtHoraire[] | null | undefined): string | null {
  if (!Array.isArray(horaires)) return null;
  const byDay = new Map<number, string>();
  for (const h of [...horaires].sort((a, b) => a.jour - b.jour)) {
    if (h?.horaireFerme === 'O' || !Number.isInteger(h?.jour) || h.jour < 1 || h.jour > 7) continue;
    const slots = slotsOf(h);
    if (slots) byDay.set(h.jour, slots);
  }
  if (byDay.size === 0) return null;
  const values = [...byDay.values()];
  if (byDay.size === 5 && [1, 2, 3, 4, 5].every((d) => byDay.has(d)) && values.every((v) => v === values[0]))
    return `Mo-Fr ${values[0]}; PH off`;
  return `${[...byDay].map(([d, v]) => `${DAYS[d - 1]} ${v}`).join('; ')}; PH off`;
}

function daysOf(selector: string): number[] {
  const out: number[] = [];
  for (const part of selector.split(',')) {
    const [a, b] = part.split('-');
    const from = DAYS.indexOf(a as (typeof DAYS)[number]);
    const to = b === undefined ? from : DAYS.indexOf(b as (typeof DAYS)[number]);
    for (let i = from; i >= 0 && i <= to; i++) out.push(i + 1);
  }
  return out;
}

function dayEntry(jour: number, slots: ReadonlyArray<readonly [string, string]>): FtHoraire {
  if (slots.length === 0) return { jour, horaireFerme: 'O' };
  const first = slots[0]!;
  const last = slots[slots.length - 1]!;
  if (slots.length > 1)
    return {
      jour,
      horaireFerme: 'N',
      horaireEnContinu: 'N',
      ouvertureMatin: first[0],
      fermetureMatin: first[1],
      ouvertureApresMidi: last[0],
      fermetureApresMidi: last[1],
    };
  if (first[1] <= '13:00')
    return { jour, horaireFerme: 'N', horaireEnContinu: 'N', ouvertureMatin: first[0], fermetureMatin: first[1] };
  if (first[0] >= '12:00')
    return {
      jour,
      horaireFerme: 'N',
      horaireEnContinu: 'N',
      ouvertureApresMidi: first[0],
      fermetureApresMidi: first[1],
    };
  return { jour, horaireFerme: 'N', horaireEnContinu: 'O', ouvertureMatin: first[0], fermetureApresMidi: first[1] };
}

/** OSM opening_hours (simple day/time rules) → agency `horaires`: Monday–Friday always listed, weekend days when open. */
export function osmToHoraires(osm: string | null): FtHoraire[] {
  const slots = new Map<number, Array<[string, string]>>();
  for (const rule of (osm ?? '').split(';').map((r) => r.trim())) {
    const m = /^([A-Z][a-z](?:[-,][A-Z][a-z])*)\s+(.+)$/.exec(rule);
    if (!m || /^(off|closed)$/.test(m[2]!)) continue;
    const times = m[2]!
      .split(',')
      .map((x) => /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(x.trim()))
      .filter((x): x is RegExpExecArray => x !== null);
    for (const d of daysOf(m[1]!))
      slots.set(
        d,
        times.map((x) => [x[1]!, x[2]!]),
      );
  }
  return [1, 2, 3, 4, 5, 6, 7].filter((d) => d <= 5 || slots.has(d)).map((d) => dayEntry(d, slots.get(d) ?? []));
}
