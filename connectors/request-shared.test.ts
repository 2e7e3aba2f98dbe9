import { describe, expect, it } from 'vitest';
import { RequestShared } from './request-shared.js';

describe('RequestShared', () => {
  const body = { location: { geoType: 'departement', geoValue: 'seine-saint-denis' } };
  const counting = () => {
    let calls = 0;
    return { fetch: async () => [++calls], calls: () => calls };
  };

  it('shares one answer between the operations of one request, never across requests or without a request id', async () => {
    const shared = new RequestShared<number[]>();
    const f = counting();
    expect(await shared.get(body, { requestId: 'r1' }, f.fetch)).toEqual([1]);
    expect(await shared.get({ ...body }, { requestId: 'r1' }, f.fetch)).toEqual([1]);
    expect(await shared.get(body, { requestId: 'r2' }, f.fetch)).toEqual([2]);
    expect(await shared.get(body, undefined, f.fetch)).toEqual([3]);
    expect(await shared.get({ ...body, categories: [600] }, { requestId: 'r1' }, f.fetch)).toEqual([4]);
    expect(f.calls()).toBe(4);
  });

  it('joins a search in flight, keeps no failure, and lets an answer go after holdMs', async () => {
    let now = 0;
    const shared = new RequestShared<number[]>(1_000, 16, () => now);
    const f = counting();
    const [a, b] = await Promise.all([
      shared.get(body, { requestId: 'r' }, f.fetch),
      shared.get(body, { requestId: 'r' }, f.fetch),
    ]);
    expect(a).toBe(b);
    now += 1_000;
    expect(await shared.get(body, { requestId: 'r' }, f.fetch)).toEqual([2]);
    await expect(shared.get(body, { requestId: 'x' }, () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await shared.get(body, { requestId: 'x' }, f.fetch)).toEqual([3]);
  });
});
