/**
 * The reverse of the mapping, for the simulator: the sandbox world's `soliguide` records rendered
 * as Soliguide places (categories, `services_all`, `position`, `entity`, `newhours`, `seo_url`…).
 * Pure and deterministic. A service whose v1 thématiques no category expresses gets the unmapped
 * `welcome` category, so the connector reports it as d·i would drop it.
 */
import type { SandboxService, SandboxStructure, SandboxWorld } from '../../sandbox/world.js';
import { departementOfCommune } from '../../src/domain/index.js';
import { departementName, regionName, regionOfDepartement } from './geo.js';
import { osmToNewHours } from './hours.js';
import { slugLocation, textToHtml } from './text.js';
import type { SoliguideModalities, SoliguidePlace, SoliguidePublics, SoliguideService } from './types.js';
import {
  categoryFor,
  dimensionValues,
  PUBLIC_DIMENSIONS,
  sourceForReseau,
  valueForPublic,
  type PublicDimension,
} from './vocabulary.js';

const check = (checked: boolean, precisions: string | null = null) => ({ checked, precisions });

/** `+33320123456` → `0320123456` (DROM `+262262…` → `0262…`), as Soliguide users type numbers. */
export function nationalPhone(e164: string): string {
  const m = /^\+(33|262|590|594|596)(\d{9})$/.exec(e164);
  return m ? `0${m[2]}` : e164;
}

/** v1 publics → a Soliguide profile; `tous-publics` (or nothing expressible) lists every value. */
export function renderPublics(publics: readonly string[] | null, description: string | null): SoliguidePublics {
  const chosen = new Map<PublicDimension, string[]>();
  for (const p of publics ?? []) {
    const hit = p === 'tous-publics' ? null : valueForPublic(p);
    if (hit && !(chosen.get(hit.dimension) ?? []).includes(hit.value))
      chosen.set(hit.dimension, [...(chosen.get(hit.dimension) ?? []), hit.value]);
  }
  const dims = Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, chosen.get(d) ?? [...dimensionValues(d)]]));
  return { accueil: chosen.size === 0 ? 0 : 2, description, ...dims, age: { min: 0, max: 99 } } as SoliguidePublics;
}

/** A service's access modalities from its v1 mobilisation, fees and conditions. */
export function renderModalities(s: SandboxService): SoliguideModalities {
  const orientation =
    s.mobilisablePar !== null && s.mobilisablePar.length === 1 && s.mobilisablePar[0] === 'professionnels';
  return {
    inconditionnel: (s.modesMobilisation ?? []).includes('se-presenter') && !orientation,
    appointment: check(false),
    inscription: check(false),
    orientation: check(orientation),
    price: check(s.frais === 'payant', s.fraisPrecisions),
    animal: {},
    pmr: {},
    other: s.conditionsAcces,
    docs: [],
  };
}

function renderService(s: SandboxService, st: SandboxStructure): SoliguideService {
  const category = s.sourceCategories?.[0] ?? categoryFor(s.thematiques, s.type, s.nom) ?? 'welcome';
  const ownHours = s.horairesAccueil !== null && s.horairesAccueil !== st.horairesAccueil;
  return {
    serviceObjectId: s.localId,
    category,
    description: textToHtml(s.description),
    hours: ownHours ? osmToNewHours(s.horairesAccueil) : null,
    differentHours: ownHours,
    differentModalities: true,
    modalities: renderModalities(s),
    differentPublics: true,
    publics: renderPublics(s.publics, s.publicsPrecisions),
    close: { actif: false, dateDebut: null, dateFin: null },
    saturated: { status: 'LOW', precision: null },
    createdAt: `${s.dateMaj}T08:00:00.000Z`,
  };
}

/** A stable positive integer for a producer id that is not one already. */
export function lieuIdOf(localId: string): number {
  if (/^\d+$/.test(localId)) return Number(localId);
  let h = 0x811c9dc5;
  for (const ch of localId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return 1_000_000 + (h % 9_000_000);
}

/** One sandbox structure and its services as a Soliguide place. */
export function renderPlace(st: SandboxStructure, services: readonly SandboxService[]): SoliguidePlace {
  const lieuId = lieuIdOf(st.localId);
  const dep = departementOfCommune(st.codeInsee);
  const reg = regionOfDepartement(dep);
  const phone = st.telephoneRaw ?? (st.telephone ? nationalPhone(st.telephone) : null);
  const sources = st.reseauxPorteurs.map(sourceForReseau).filter((n): n is string => n !== null);
  return {
    lieu_id: lieuId,
    seo_url: `${lieuId}-${slugLocation(st.nom)}`,
    name: st.nom,
    description: textToHtml(st.description),
    status: 'ONLINE',
    visibility: 'ALL',
    country: 'fr',
    createdAt: '2019-03-12T10:00:00.000Z',
    updatedAt: `${st.dateMaj}T08:31:12.114Z`,
    entity: {
      ...(st.courriel ? { mail: st.courriel } : {}),
      ...(st.siteWeb ? { website: st.siteWeb } : {}),
      phones: phone ? [{ label: null, phoneNumber: phone, countryCode: 'fr', isSpecialPhoneNumber: false }] : [],
    },
    position: {
      address: `${st.adresse}, ${st.codePostal} ${st.commune}`,
      additionalInformation: st.complementAdresse,
      city: st.commune,
      cityCode: st.codeInsee,
      postalCode: st.codePostal,
      department: departementName(dep),
      departmentCode: dep,
      region: reg ? regionName(reg) : null,
      regionCode: reg,
      country: 'fr',
      timeZone: dep.startsWith('97') ? 'Indian/Reunion' : 'Europe/Paris',
      location: { type: 'Point', coordinates: [st.longitude, st.latitude] },
    },
    modalities: {
      inconditionnel: true,
      appointment: check(false),
      inscription: check(false),
      orientation: check(false),
      price: check(false),
      animal: {},
      pmr: {},
      other: null,
      docs: [],
    },
    publics: renderPublics(null, null),
    newhours: osmToNewHours(st.horairesAccueil),
    tempInfos: { closure: { actif: false }, hours: { actif: false }, message: { actif: false } },
    sources: sources.map((name) => ({ name, ids: [], isOrigin: false })),
    services_all: services.map((s) => renderService(s, st)),
  };
}

/** Every `soliguide` structure of the world as a place, in lieu_id order. */
export function renderSoliguide(world: SandboxWorld): SoliguidePlace[] {
  const bySt = new Map<string, SandboxService[]>();
  for (const s of world.services) {
    if (s.source !== 'soliguide') continue;
    if (!bySt.has(s.structureLocalId)) bySt.set(s.structureLocalId, []);
    bySt.get(s.structureLocalId)!.push(s);
  }
  return world.structures
    .filter((st) => st.source === 'soliguide')
    .map((st) => renderPlace(st, bySt.get(st.localId) ?? []))
    .sort((a, b) => a.lieu_id - b.lieu_id);
}
