/**
 * Soliguide `newhours` ↔ OpenStreetMap `opening_hours`. The forward direction follows the
 * pipeline's `soliguide_opening_hours` UDF (`Mo 09:00-12:00 open, Tu closed, …; PH closed`); the
 * reverse serves the simulator and reads the simple rules the sandbox writes (`Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off`).
 */
import type { SoliguideDay, SoliguideHours } from './types.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

const hhmm = (n: number): string => {
  const s = String(Math.trunc(n)).padStart(4, '0');
  return `${s.slice(0, 2)}:${s.slice(2, 4)}`;
};

function validSlot(s: unknown): s is { start: number; end: number } {
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isFinite((s as { start: unknown }).start) &&
    Number.isFinite((s as { end: unknown }).end)
  );
}

/**
 * `newhours` → OSM opening_hours as the pipeline writes it, or null when absent or unreadable.
 * Unlike the UDF, the free-text `description` is left out: appended raw it breaks the OSM syntax.
 */
export function newHoursToOsm(hours: SoliguideHours | null | undefined): string | null {
  if (!hours || typeof hours !== 'object') return null;
  const rules = DAYS.map((d, i) => {
    const day = hours[d] as SoliguideDay | undefined;
    if (!day || !day.open) return `${OSM_DAYS[i]} closed`;
    const slots = Array.isArray(day.timeslot) ? day.timeslot.filter(validSlot) : [];
    return slots.length === 0
      ? `${OSM_DAYS[i]} open`
      : `${OSM_DAYS[i]} ${slots.map((s) => `${hhmm(s.start)}-${hhmm(s.end)}`).join(',')} open`;
  });
  let out = rules.join(', ');
  if (hours.closedHolidays === 'CLOSED') out += '; PH closed';
  else if (hours.closedHolidays === 'OPEN') out += '; PH open';
  return out;
}

function daysOf(selector: string): number[] | null {
  const out: number[] = [];
  for (const part of selector.split(',')) {
    const [a, b] = part.split('-');
    const from = OSM_DAYS.indexOf(a as (typeof OSM_DAYS)[number]);
    const to = b === undefined ? from : OSM_DAYS.indexOf(b as (typeof OSM_DAYS)[number]);
    if (from < 0 || to < 0 || to < from) return null;
    for (let i = from; i <= to; i++) out.push(i);
  }
  return out;
}

function slotsOf(times: string): Array<{ start: number; end: number }> | null {
  const out: Array<{ start: number; end: number }> = [];
  for (const t of times.split(',')) {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(t.trim());
    if (!m) return null;
    out.push({ start: Number(m[1] + m[2]), end: Number(m[3] + m[4]) });
  }
  return out;
}

/** OSM opening_hours (simple day/time rules) → `newhours`; rules it cannot read go to `description`. */
export function osmToNewHours(osm: string | null): SoliguideHours | null {
  if (!osm) return null;
  const days: SoliguideDay[] = DAYS.map(() => ({ open: false, timeslot: [] }));
  let closedHolidays: SoliguideHours['closedHolidays'] = 'UNKNOWN';
  const unread: string[] = [];
  for (const rule of osm
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)) {
    const m = /^(PH|[A-Z][a-z](?:[-,][A-Z][a-z])*)\s+(.+)$/.exec(rule);
    if (m?.[1] === 'PH') {
      closedHolidays = /off|closed/.test(m[2]!) ? 'CLOSED' : 'OPEN';
      continue;
    }
    const which = m ? daysOf(m[1]!) : null;
    const closed = m ? /^(off|closed)$/.test(m[2]!.trim()) : false;
    const slots = m && !closed ? slotsOf(m[2]!.replace(/\s+open$/, '')) : [];
    if (!which || !slots) {
      unread.push(rule);
      continue;
    }
    for (const i of which) days[i] = closed ? { open: false, timeslot: [] } : { open: true, timeslot: slots };
  }
  return {
    ...Object.fromEntries(DAYS.map((d, i) => [d, days[i]!])),
    closedHolidays,
    description: unread.length > 0 ? unread.join('; ') : '',
  } as SoliguideHours;
}
