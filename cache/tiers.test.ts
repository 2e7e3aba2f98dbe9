import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createEntry, type CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { MemoryStore } from './memory.js';
import { Tiers } from './tiers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => (gc(), gc(), process.memoryUsage().heapUsed);

/** A partner answer like the sandbox's: 300 structures, ~45 KB of JSON, deflated to a few KB in L2. */
const answer = (n: number) =>
  Array.from({ length: 300 }, (_, i) => ({
    id: `structure-${n}-${i}`,
    nom: `Association d’insertion n°${i}`,
    commune: '75056',
    lat: 48.85 + i / 1e4,
    services: [i, i + 1],
  }));

describe('Tiers: the L1 byte bound', () => {
  it('holds in real heap bytes after thousands of distinct keys, compressed values included', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const l1 = new Lru<CacheEntry>({ maxBytes });
    const tiers = new Tiers({ l1, l2: new MemoryStore({ maxEntries: 10 }), clock: Date.now });
    const before = heapAfterGc();
    for (let n = 0; n < 2_000; n++)
      await tiers.write([{ key: `k${n}`, entry: createEntry(answer(n), Date.now(), { ttlSeconds: 600 }) }]);
    const retained = heapAfterGc() - before;
    expect(l1.bytes).toBeLessThanOrEqual(maxBytes);
    expect(l1.size).toBeLessThan(200); // each entry costs ~70 KB of heap, though its encoding is ~5 KB
    expect(retained).toBeLessThan(1.5 * maxBytes);
    expect(l1.bytes).toBeGreaterThan(0.5 * retained);
  });
});
