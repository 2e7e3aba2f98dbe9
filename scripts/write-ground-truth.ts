/**
 * Writes sandbox/ground-truth.json: the entity-resolution ground truth of the default sandbox world
 * (DEFAULT_WORLD seed and scale), one cluster per line so reviews show what changed.
 * Run: `npm run build && node dist/scripts/write-ground-truth.js [output path]`.
 * sandbox/generate.test.ts fails when the committed file no longer matches the generator.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WORLD, generateWorld, groundTruth } from '../sandbox/generate.js';
import type { GroundTruth } from '../sandbox/world.js';

/** The committed file's path, from the sources (scripts/) or from the build (dist/scripts/). */
function defaultTarget(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/') ? `${here.split('/dist/')[0]}/` : `${here}../`;
  return `${root}sandbox/ground-truth.json`;
}

function serialise(gt: GroundTruth): string {
  const lines = (items: readonly unknown[]) => items.map((i) => `    ${JSON.stringify(i)}`).join(',\n');
  return `{\n  "seed": ${gt.seed},\n  "clusters": [\n${lines(gt.clusters)}\n  ],\n  "distinctLookalikes": [\n${lines(gt.distinctLookalikes)}\n  ]\n}\n`;
}

const target = process.argv[2] ?? defaultTarget();
const gt = groundTruth(generateWorld(DEFAULT_WORLD));
writeFileSync(target, serialise(gt));
console.log(`wrote ${gt.clusters.length} clusters and ${gt.distinctLookalikes.length} lookalike pairs to ${target}`);
