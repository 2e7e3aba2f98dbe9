import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CODE_FORMATS,
  distanceKm,
  isLuhnValid,
  serviceViolation,
  structureViolation,
  toE164,
} from '../src/domain/index.js';
import { loadCog } from './cog.js';
import { DEFAULT_WORLD, generateWorld, groundTruth } from './generate.js';
import { toV1Service, toV1Structure } from './v1.js';
import type { SandboxWorld } from './world.js';

const hash = (w: SandboxWorld) => createHash('sha256').update(JSON.stringify(w)).digest('hex');
const TODAY = new Date().toISOString().slice(0, 10);
const BIG_CITIES = ['59350', '93066', '69123', '13055', '35238'];

let world: SandboxWorld;
beforeAll(() => {
  world = generateWorld();
});

describe('generateWorld', () => {
  it('is deterministic: same seed, same bytes; another seed, another world', () => {
    const a = generateWorld({ seed: 7, services: 1500 });
    expect(hash(generateWorld({ seed: 7, services: 1500 }))).toBe(hash(a));
    expect(hash(generateWorld({ seed: 8, services: 1500 }))).not.toBe(hash(a));
  });

  it('honours the scale knob within 10 %', () => {
    for (const n of [500, 20_000]) {
      const w = generateWorld({ seed: 3, services: n });
      expect(Math.abs(w.services.length - n) / n).toBeLessThanOrEqual(0.1);
    }
    expect(Math.abs(world.services.length - 3000)).toBeLessThanOrEqual(300);
  });

  it('rejects bad options with the expected value in the message', () => {
    expect(() => generateWorld({ services: 0 })).toThrow('WorldOptions.services must be a positive integer, got: 0');
  });

  it('maps every structure to a valid v1 record with real codes, Luhn SIRETs and E.164 phones', () => {
    const cog = loadCog();
    for (const s of world.structures) {
      expect(structureViolation(toV1Structure(s), TODAY), s.localId).toBeNull();
      if (s.siret !== null) expect(isLuhnValid(s.siret) && /^\d{14}$/.test(s.siret), s.siret).toBe(true);
      if (s.telephone !== null) expect(s.telephone).toMatch(/^(\+\d{9,14}|\d{4})$/);
      if (s.telephoneRaw) expect(toE164(s.telephoneRaw)).toBe(s.telephone);
      expect(s.codeInsee).toMatch(CODE_FORMATS.commune.re);
      const commune = cog.commune(s.codeInsee)!;
      expect(commune.nom).toBe(s.commune);
      const postcodes = [commune, ...cog.arrondissementsOf(commune.code)].flatMap((c) => c.codesPostaux);
      expect(postcodes).toContain(s.codePostal);
      expect(s.dateMaj >= '2024-01-01' && s.dateMaj <= '2025-12-31', s.dateMaj).toBe(true);
    }
  });

  it('places addresses within ~2 km of their commune (or arrondissement) centre', () => {
    const cog = loadCog();
    for (const s of world.structures) {
      const centres = [cog.commune(s.codeInsee)!, ...cog.arrondissementsOf(s.codeInsee)]
        .map((c) => c.centre!)
        .filter(Boolean);
      const nearest = Math.min(...centres.map((c) => distanceKm(c, s)));
      expect(nearest, s.localId).toBeLessThan(2.1);
    }
  });

  it('maps every service to a valid v1 record whose zone codes exist', () => {
    const cog = loadCog();
    for (const s of world.services) {
      const v1 = toV1Service(s, cog);
      expect(serviceViolation(v1, TODAY), s.localId).toBeNull();
      for (const z of v1.zoneEligibilite ?? []) {
        const known =
          z === 'france' ||
          cog.commune(z) !== undefined ||
          cog.regionOfDepartement(z) !== null ||
          cog.epciName(z) !== null;
        expect(known, z).toBe(true);
      }
    }
  });

  it('keeps ids unique per source and attaches every service to a structure of its source', () => {
    const ids = new Set(world.structures.map((s) => `${s.source}--${s.localId}`));
    expect(ids.size).toBe(world.structures.length);
    const svc = new Set(world.services.map((s) => `${s.source}--${s.localId}`));
    expect(svc.size).toBe(world.services.length);
    for (const s of world.services) expect(ids.has(`${s.source}--${s.structureLocalId}`)).toBe(true);
  });

  it('gives each source its own kind of records', () => {
    const svc = (src: string) => world.services.filter((s) => s.source === src);
    const st = (src: string) => world.structures.filter((s) => s.source === src);
    expect(svc('emplois-de-linclusion')).toHaveLength(0);
    expect(new Set(st('emplois-de-linclusion').map((s) => s.typologie))).toEqual(
      new Set(['ACI', 'EI', 'ETTI', 'AI', 'EA', 'CCAS', 'ML', 'FT']),
    );
    const soliguideCats = new Set(svc('soliguide').flatMap((s) => s.thematiques.map((t) => t.split('--')[0])));
    expect(
      [...soliguideCats].every((c) =>
        [
          'equipement-et-alimentation',
          'sante',
          'difficultes-administratives-ou-juridiques',
          'logement-hebergement',
          'remobilisation',
          'lecture-ecriture-calcul',
          'numerique',
        ].includes(c!),
      ),
    ).toBe(true);
    expect(svc('soliguide').some((s) => s.thematiques.length === 0)).toBe(true); // hygiene: no v1 thématique
    expect(
      svc('mediation-numerique').every(
        (s) => s.thematiques.some((t) => t.startsWith('numerique--')) && s.localId === s.structureLocalId,
      ),
    ).toBe(true);
    expect(
      st('france-travail').every(
        (s) => s.telephone === '3949' && s.courriel === null && s.reseauxPorteurs.includes('france-travail'),
      ),
    ).toBe(true);
    expect(
      svc('mes-aides').some(
        (s) =>
          s.modesAccueil.join() === 'a-distance' &&
          s.adresse === null &&
          s.thematiques.some((t) => t.startsWith('mobilite--')),
      ),
    ).toBe(true);
    expect(svc('monenfant').every((s) => s.thematiques.join() === 'famille--garde-denfants')).toBe(true);
    expect(st('fredo').length).toBeGreaterThan(0);
    expect(st('fredo').every((s) => s.codeInsee.startsWith('974'))).toBe(true);
  });

  it('mixes zones, remote-only services, far-away services and masked contacts', () => {
    const types = new Set(world.services.map((s) => (s.zone === null ? 'null' : s.zone.type)));
    expect(types).toEqual(new Set(['commune', 'epci', 'departement', 'region', 'pays', 'null']));
    expect(world.services.some((s) => s.modesAccueil.join() === 'a-distance')).toBe(true);
    expect(world.services.some((s) => s.contactPublic === false)).toBe(true);
    const cog = loadCog();
    const cities = BIG_CITIES.map((c) => cog.commune(c)!.centre!);
    const far = world.services.filter(
      (s) =>
        s.latitude !== null &&
        cities.every((c) => distanceKm(c, { latitude: s.latitude!, longitude: s.longitude! }) > 50),
    );
    expect(far.length).toBeGreaterThan(20);
  });
});

describe('groundTruth', () => {
  it('has overlaps across at least 3 sources, with name variants, missing SIRETs and < 50 m jitter', () => {
    const gt = groundTruth(world);
    const byId = new Map(world.structures.map((s) => [`${s.source}--${s.localId}`, s]));
    const multi = gt.clusters.filter((c) => new Set(c.ids.map((i) => i.split('--')[0])).size >= 3);
    expect(multi.length).toBeGreaterThan(5);
    expect(new Set(gt.clusters.flatMap((c) => c.ids.map((i) => i.split('--')[0]))).size).toBeGreaterThanOrEqual(6);
    expect(gt.clusters.some((c) => c.note.includes('name variants') && c.note.includes('some without SIRET'))).toBe(
      true,
    );
    for (const c of gt.clusters) {
      const recs = c.ids.map((i) => byId.get(i)!);
      expect(new Set(recs.map((r) => r.entityKey)).size).toBe(1);
      for (const r of recs) expect(distanceKm(r, recs[0]!) * 1000).toBeLessThan(100);
    }
  });

  it('lists lookalikes that are really different structures', () => {
    const gt = groundTruth(world);
    const byId = new Map(world.structures.map((s) => [`${s.source}--${s.localId}`, s]));
    expect(gt.distinctLookalikes.length).toBeGreaterThanOrEqual(4);
    for (const {
      ids: [a, b],
    } of gt.distinctLookalikes) {
      expect(byId.get(a)!.entityKey).not.toBe(byId.get(b)!.entityKey);
    }
    expect(gt.distinctLookalikes.some((l) => l.note.startsWith('two antennas'))).toBe(true);
    expect(gt.distinctLookalikes.some((l) => l.note.includes('Saint-Denis'))).toBe(true);
  });

  it('matches the committed sandbox/ground-truth.json (regenerate with scripts/write-ground-truth.ts)', () => {
    const committed = JSON.parse(readFileSync(new URL('./ground-truth.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(groundTruth(generateWorld(DEFAULT_WORLD)));
  });
});
