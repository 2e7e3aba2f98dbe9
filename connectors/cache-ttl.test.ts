import { describe, expect, it } from 'vitest';
import { defaultTtlSeconds, ttlResolver } from './cache-ttl.js';
import type { SourceConfig } from './connector.js';

const source = (extra: Partial<SourceConfig> = {}): SourceConfig => ({
  id: 'dora',
  connector: 'dora',
  baseUrl: 'https://x',
  ...extra,
});

describe('defaultTtlSeconds', () => {
  it.each([
    ['offre', 900, 900], // the partner's own default when shorter
    ['offre', 86_400, 3_600], // lists and searches never longer than an hour
    ['offre', undefined, 3_600],
    ['territory', undefined, 86_400],
    ['geocoder', undefined, 604_800],
    ['entreprises', undefined, 86_400],
  ] as const)('%s with connector default %s → %i s', (kind, connectorDefault, expected) => {
    expect(defaultTtlSeconds(kind, connectorDefault)).toBe(expected);
  });
});

describe('ttlResolver', () => {
  it('takes options.cacheTtlSeconds per operation, then ttlSeconds, then the default', () => {
    const ttl = ttlResolver(
      source({ ttlSeconds: 600, options: { cacheTtlSeconds: { getStructures: 7200 } } }),
      'offre',
      900,
    );
    expect([ttl('listServices'), ttl('getStructures')]).toEqual([600, 7200]);
    expect(ttlResolver(source(), 'offre', 900)('listServices')).toBe(900);
  });

  it.each([
    [
      [1, 2],
      'sources entry "dora": options.cacheTtlSeconds must be a mapping of operation to seconds, e.g. { listStructures: 600 }',
    ],
    [
      { listEverything: 5 },
      'sources entry "dora": options.cacheTtlSeconds names an unknown operation "listEverything" (expected one of listStructures, listServices, getStructures, getServices, searchServices)',
    ],
    [
      { listServices: 0 },
      'sources entry "dora": options.cacheTtlSeconds.listServices must be a positive integer, got: 0',
    ],
  ])('rejects %j with a message naming the setting', (raw, message) => {
    expect(() => ttlResolver(source({ options: { cacheTtlSeconds: raw } }), 'offre')).toThrow(message);
  });
});
