/**
 * Deliberately hard cases for entity resolution, planted before the bulk of the world: structures
 * that look alike but are different (antennas of one association, same name in two communes, two
 * structures sharing one address) and must stay apart. Each planted pair is recorded with a note.
 */
import { distanceKm } from '../src/domain/index.js';
import { appearanceId, type Run } from './run.js';
import type { SandboxCommune } from './places.js';
import type { Rng } from './random.js';
import { pointNear, siret } from './vocab.js';
import type { SandboxStructure } from './world.js';

function pair(run: Run, a: SandboxStructure, b: SandboxStructure, note: string): void {
  run.lookalikes.push({ ids: [appearanceId(a), appearanceId(b)], note });
}

const byCode = (run: Run, code: string): SandboxCommune | undefined => run.communes.find((c) => c.code === code);

/** "CCAS de Saint-Denis" exists in Seine-Saint-Denis and in La Réunion, both on DORA. */
function saintDenis(run: Run): void {
  const sd93 = byCode(run, '93066');
  const sd974 = byCode(run, '97411');
  if (!sd93 || !sd974 || run.used('ccas', '93066') > 0 || run.used('ccas', '97411') > 0) return;
  const a = run.place('ccas', sd93, run.entityRng(), { publishers: ['dora', 'emplois-de-linclusion'] });
  const b = run.place('ccas', sd974, run.entityRng(), { publishers: ['fredo', 'dora'] });
  pair(
    run,
    a.appearances[0]!,
    b.appearances[1]!,
    'same name "CCAS de Saint-Denis", different communes (93066 and 97411)',
  );
}

/** Two antennas of one association: same name, SIREN, site and e-mail; another address, SIRET and phone. */
function antennas(run: Run, c: SandboxCommune, rng: Rng): void {
  const a = run.place('asso', c, rng, { publishers: ['dora', 'soliguide'] });
  const e = a.entity;
  const point = pointNear(e.point, 1.5, rng, 0.6);
  // Same SIREN, never the same SIRET: another establishment (NIC) of the association.
  let other = siret(e.siren, rng);
  while (other === e.siret) other = siret(e.siren, rng);
  const b = run.place('asso', c, run.entityRng(), {
    ident: e.ident,
    siren: e.siren,
    siret: other,
    point,
    courriel: e.courriel,
    siteWeb: e.siteWeb,
    area: e.area,
    publishers: ['dora'],
  });
  const km = distanceKm(e.point, point).toFixed(1);
  pair(
    run,
    a.appearances[0]!,
    b.appearances[0]!,
    `two antennas of "${e.ident.nom}" (same SIREN) ${km} km apart in ${c.nom}`,
  );
}

/** The same name used by two different structures in two communes of one département. */
function sameNameElsewhere(run: Run, c1: SandboxCommune, c2: SandboxCommune, rng: Rng): void {
  const code = rng.pick(['centre-social', 'epicerie'] as const);
  if (!run.fits(code, c1) || !run.fits(code, c2)) return;
  const a = run.place(code, c1, rng, { publishers: ['dora', 'soliguide'] });
  const b = run.place(code, c2, run.entityRng(), {
    ident: a.entity.ident,
    publishers: [rng.pick(['dora', 'soliguide'] as const)],
  });
  pair(run, a.appearances[0]!, b.appearances[0]!, `same name "${a.entity.ident.nom}" in ${c1.nom} and ${c2.nom}`);
}

/** A CCAS and the France Services of the same town hall: one address, two structures. */
function sharedAddress(run: Run, c: SandboxCommune, rng: Rng): void {
  if (!run.fits('ccas', c) || !run.fits('france-services', c)) return;
  const a = run.place('ccas', c, rng, { publishers: ['dora', 'mediation-numerique'] });
  const e = a.entity;
  const b = run.place('france-services', c, run.entityRng(), {
    adresse: e.adresse,
    complement: 'Hôtel de ville',
    point: e.point,
    area: e.area,
    publishers: ['dora', 'mediation-numerique'],
  });
  pair(run, a.appearances[0]!, b.appearances[0]!, `CCAS and France Services sharing one address in ${c.nom}`);
}

/** Plants `n` cases of each kind (plus the Saint-Denis pair). */
export function plantHardCases(run: Run, n: number): void {
  saintDenis(run);
  const metro = run.communes.filter((c) => c.codeDepartement !== '974');
  const big = metro.filter((c) => c.population >= 50_000);
  for (let i = 0; i < n; i++) {
    const rng = run.entityRng();
    antennas(run, rng.pick(big), rng);
    const c1 = rng.pick(metro);
    const others = metro.filter((c) => c.codeDepartement === c1.codeDepartement && c.code !== c1.code);
    sameNameElsewhere(run, c1, rng.pick(others), rng);
    const free = metro.filter((c) => run.fits('ccas', c) && run.fits('france-services', c));
    if (free.length > 0) sharedAddress(run, rng.pick(free), rng);
  }
}
