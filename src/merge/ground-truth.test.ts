// Entity resolution measured against the sandbox world's ground truth (sandbox/generate.ts):
// pairwise precision and recall, the planted lookalikes, and a few hand-written hard cases.
import { describe, expect, it } from 'vitest';
import { EMPTY_STRUCTURE, type Structure } from '../domain/index.js';
import { generateWorld, groundTruth } from '../../sandbox/generate.js';
import type { SandboxStructure } from '../../sandbox/world.js';
import { mergeCluster } from './merge.js';
import { clusterIndex, clusterStructures, type Cluster } from './resolve.js';

/** The domain Structure a connector would produce from a sandbox record (pure, test-only). */
function toDomain(s: SandboxStructure): Structure {
  return {
    ...EMPTY_STRUCTURE,
    source: s.source,
    id: `${s.source}--${s.localId}`,
    nom: s.nom,
    dateMaj: s.dateMaj,
    description: s.description,
    siret: s.siret,
    commune: s.commune,
    codePostal: s.codePostal,
    codeInsee: s.codeInsee,
    adresse: s.adresse,
    complementAdresse: s.complementAdresse,
    longitude: s.longitude,
    latitude: s.latitude,
    telephone: s.telephone,
    courriel: s.courriel,
    siteWeb: s.siteWeb,
    horairesAccueil: s.horairesAccueil,
    reseauxPorteurs: [...s.reseauxPorteurs],
  };
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function pairsOf(clusters: ReadonlyArray<{ ids: readonly string[] }>): Set<string> {
  const out = new Set<string>();
  for (const { ids } of clusters)
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.add(pairKey(ids[i]!, ids[j]!));
  return out;
}

function measure(predicted: readonly Cluster[], truth: ReadonlyArray<{ ids: readonly string[] }>) {
  const p = pairsOf(predicted);
  const t = pairsOf(truth);
  const falsePairs = [...p].filter((x) => !t.has(x));
  const missedPairs = [...t].filter((x) => !p.has(x));
  const tp = p.size - falsePairs.length;
  return {
    precision: p.size === 0 ? 1 : tp / p.size,
    recall: t.size === 0 ? 1 : tp / t.size,
    predictedPairs: p.size,
    truePairs: t.size,
    falsePairs,
    missedPairs,
  };
}

// Hand-made hard cases, dropped into Lille among the world's records (name unused by the generator).
const HAND = { commune: 'Lille', codeInsee: '59350', codePostal: '59000', dateMaj: '2025-06-01' };
const handmade: Structure[] = [
  // One association, three records: SIRET on DORA only, a shouted name with the commune on Soliguide, no coordinates on médiation numérique.
  {
    ...EMPTY_STRUCTURE,
    ...HAND,
    source: 'dora',
    id: 'dora--hand-1',
    nom: 'Association La Ruche Fraternelle',
    siret: '38123456700018',
    adresse: '5 place du Général de Gaulle',
    latitude: 50.6402,
    longitude: 3.0501,
    telephone: '+33320998877',
    courriel: 'contact@ruche-fraternelle.fr',
  },
  {
    ...EMPTY_STRUCTURE,
    ...HAND,
    source: 'soliguide',
    id: 'soliguide--hand-2',
    nom: 'LA RUCHE FRATERNELLE - Lille',
    adresse: '5, pl. du Gal de Gaulle',
    latitude: 50.6404,
    longitude: 3.0503,
    telephone: '03 20 99 88 77',
  },
  {
    ...EMPTY_STRUCTURE,
    ...HAND,
    source: 'mediation-numerique',
    id: 'mediation-numerique--hand-5',
    nom: 'Ruche Fraternelle (La)',
    adresse: '5 PLACE DU GENERAL DE GAULLE',
  },
  // Its second antenna 800 m away: same name, SIREN and e-mail, another SIRET, address and phone; also on Soliguide.
  {
    ...EMPTY_STRUCTURE,
    ...HAND,
    source: 'dora',
    id: 'dora--hand-3',
    nom: 'Association La Ruche Fraternelle',
    siret: '38123456700026',
    adresse: '40 rue Pasteur',
    latitude: 50.6474,
    longitude: 3.0501,
    telephone: '+33320112233',
    courriel: 'contact@ruche-fraternelle.fr',
  },
  {
    ...EMPTY_STRUCTURE,
    ...HAND,
    source: 'soliguide',
    id: 'soliguide--hand-4',
    nom: 'La Ruche Fraternelle',
    adresse: '40 r. Pasteur',
    latitude: 50.6475,
    longitude: 3.0502,
    courriel: 'contact@ruche-fraternelle.fr',
  },
  // Same name, same e-mail, in Roubaix.
  {
    ...EMPTY_STRUCTURE,
    ...HAND,
    commune: 'Roubaix',
    codeInsee: '59512',
    codePostal: '59100',
    source: 'dora',
    id: 'dora--hand-6',
    nom: 'La Ruche Fraternelle',
    adresse: '5 place du Général de Gaulle',
    latitude: 50.6901,
    longitude: 3.1801,
    courriel: 'contact@ruche-fraternelle.fr',
  },
];
const HAND_CLUSTERS = [
  ['dora--hand-1', 'mediation-numerique--hand-5', 'soliguide--hand-2'],
  ['dora--hand-3', 'soliguide--hand-4'],
  ['dora--hand-6'],
];

type Degrade = (s: Structure) => Structure;
const VARIANTS: ReadonlyArray<readonly [string, Degrade]> = [
  ['as generated', (s) => s],
  ['without SIRETs', (s) => ({ ...s, siret: null })],
  ['without SIRETs nor coordinates', (s) => ({ ...s, siret: null, latitude: null, longitude: null })],
];

describe('entity resolution against the sandbox ground truth', () => {
  for (const seed of [42, 7]) {
    const world = generateWorld({ seed, services: 3000 });
    const truth = groundTruth(world);
    for (const [variant, degrade] of VARIANTS) {
      it(`seed ${seed}, ${variant}: pairwise precision ≥ 0.98 and recall ≥ 0.90, lookalikes kept apart`, () => {
        const clusters = clusterStructures(world.structures.map(toDomain).map(degrade));
        const m = measure(clusters, truth.clusters);
        const index = clusterIndex(clusters);
        const merged = truth.distinctLookalikes.filter(({ ids: [a, b] }) => index.get(a) === index.get(b));
        console.log(
          `[merge] seed ${seed}, ${variant}: ${world.structures.length} structures, ${truth.clusters.length} true clusters; ` +
            `pairwise precision ${m.precision.toFixed(4)}, recall ${m.recall.toFixed(4)} ` +
            `(${m.predictedPairs} predicted pairs, ${m.truePairs} true pairs); ` +
            `distinct lookalikes merged ${merged.length}/${truth.distinctLookalikes.length}`,
        );
        if (m.falsePairs.length > 0) console.log('[merge] false pairs (first 10):', m.falsePairs.slice(0, 10));
        if (m.missedPairs.length > 0) console.log('[merge] missed pairs (first 10):', m.missedPairs.slice(0, 10));
        expect(m.precision).toBeGreaterThanOrEqual(0.98);
        expect(m.recall).toBeGreaterThanOrEqual(0.9);
        expect(merged).toEqual([]);
      });
    }
  }

  it('hand-made hard cases among the world: name variants merge, antennas and namesakes stay apart', () => {
    const world = generateWorld({ seed: 42, services: 3000 });
    const clusters = clusterStructures([...world.structures.map(toDomain), ...handmade]);
    const hand = clusters.filter((c) => c.ids.some((id) => id.includes('--hand-'))).map((c) => c.ids);
    console.log('[merge] hand-made hard cases clustered as', JSON.stringify(hand));
    expect(hand).toEqual(HAND_CLUSTERS);
  });

  it('every predicted cluster merges into one structure whose doublons are the other records', () => {
    const world = generateWorld({ seed: 42, services: 3000 });
    const records = world.structures.map(toDomain);
    const byId = new Map(records.map((r) => [r.id, r]));
    const clusters = clusterStructures(records).filter((c) => c.ids.length > 1);
    for (const { ids } of clusters) {
      const merged = mergeCluster(ids.map((id) => byId.get(id)!));
      expect(ids).toContain(merged.id);
      expect(merged.doublons.map((d) => d.id)).toEqual(ids.filter((id) => id !== merged.id));
      expect(merged.sources.map((x) => x.id)).toEqual(ids);
      for (const p of merged.provenance) expect(ids).toContain(p.recordId);
    }
    expect(clusters.length).toBeGreaterThan(500);
  });
});
