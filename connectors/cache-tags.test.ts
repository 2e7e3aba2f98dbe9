import { describe, expect, it } from 'vitest';
import { createCache } from '../cache/cached.js';
import type { CacheEntry } from '../cache/entry.js';
import { Lru } from '../cache/lru.js';
import { MemoryStore } from '../cache/memory.js';
import { createInvalidator, invalidationProblems, listTags, recordTags } from './cache-tags.js';

describe('tags', () => {
  it('tag a looked-up record by source, id and territory (commune and département)', () => {
    expect(recordTags('data-inclusion', { id: 'fredo--1', source: 'fredo', codeInsee: '97411' })).toEqual([
      'source:data-inclusion',
      'source:fredo',
      'entity:fredo--1',
      'territory:97411',
      'territory:974',
    ]);
    expect(recordTags('dora', { id: 'dora--1', source: 'dora', codeInsee: null })).toEqual([
      'source:dora',
      'entity:dora--1',
    ]);
  });

  it('tag a list by its sources and the départements of its records', () => {
    const items = [
      { id: 'a--1', source: 'a', codeInsee: '59350' },
      { id: 'b--1', source: 'b', codeInsee: '59009' },
      { id: 'a--2', source: 'a', codeInsee: '2A004' },
    ];
    expect(listTags('di', items)).toEqual([
      'source:di',
      'lists-of:di',
      'source:a',
      'lists-of:a',
      'source:b',
      'lists-of:b',
      'lists-in:59',
      'lists-in:2A',
    ]);
  });
});

describe('invalidationProblems', () => {
  it.each([
    [{}, ['give at least one of source, id, territory']],
    [{ source: 'dora', id: 'dora--1', territory: '59350' }, []],
    [{ territory: '59' }, []],
    [{ source: 'Dora!' }, ['source must be a source slug such as "dora", got: "Dora!"']],
    [{ id: 'nope' }, ['id must be a source record id "<source>--<id>", got: "nope"']],
    [
      { territory: '5935' },
      [
        'territory must be a commune code (5 characters, digits or 2A/2B followed by 3 digits (e.g. "59350", "2A004")) or a département code (2 or 3 characters: "01"–"95", "2A", "2B" or "971"–"976"), got: "5935"',
      ],
    ],
  ])('%j → %j', (target, problems) => {
    expect(invalidationProblems(target)).toEqual(problems);
  });
});

describe('createInvalidator', () => {
  async function setup() {
    const l2 = new MemoryStore();
    const cache = createCache({ l1: new Lru<CacheEntry>(), l2 });
    const put = (key: string, tags: string[]) => cache.get(key, async () => key, { ttlSeconds: 60, tags: () => tags });
    await put('v1:dora:listServices:a', ['source:dora', 'lists-of:dora', 'lists-in:59']);
    await put('v1:dora:getStructures:b', ['source:dora', 'entity:dora--1', 'territory:59350', 'territory:59']);
    await put('v1:soliguide:getStructures:c', [
      'source:soliguide',
      'entity:soliguide--9',
      'territory:13055',
      'territory:13',
    ]);
    await put('v1:response:graphql:d:public', ['source:dora', 'lists-of:dora', 'lists-in:59']);
    await cache.drain();
    return { l2, invalidate: createInvalidator(cache) };
  }

  it.each([
    [{ source: 'dora' }, 3, ['v1:soliguide:getStructures:c']],
    [{ id: 'dora--1' }, 3, ['v1:soliguide:getStructures:c']], // the record, every list of its source, the responses built on them
    [{ territory: '59350' }, 3, ['v1:soliguide:getStructures:c']], // its records, lists in its département, their responses
    [{ territory: '13' }, 1, ['v1:dora:listServices:a', 'v1:dora:getStructures:b', 'v1:response:graphql:d:public']],
    [
      { id: 'soliguide--404' },
      0,
      [
        'v1:dora:listServices:a',
        'v1:dora:getStructures:b',
        'v1:soliguide:getStructures:c',
        'v1:response:graphql:d:public',
      ],
    ],
  ])('%j drops %i entries', async (target, dropped, left) => {
    const { l2, invalidate } = await setup();
    expect(await invalidate(target)).toBe(dropped);
    const keys = [
      'v1:dora:listServices:a',
      'v1:dora:getStructures:b',
      'v1:soliguide:getStructures:c',
      'v1:response:graphql:d:public',
    ];
    const present = (await l2.getMany(keys))
      .map((v, i) => (v === undefined ? null : keys[i]))
      .filter((k) => k !== null);
    expect(present).toEqual(left);
  });
});
