import { describe, expect, it } from 'vitest';
import { RequestShared, requestShared, unshared } from './request-shared.js';

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

describe('requestShared', () => {
  const reading = () => {
    const asked: string[] = [];
    return { read: async (key: string) => (asked.push(key), asked.length), asked };
  };

  it('gives each wrapped read its own answers, shared within one request', async () => {
    const share = requestShared();
    const a = reading();
    const b = reading();
    const sharedA = share(a.read);
    const sharedB = share(b.read);
    const ctx = { requestId: 'r' };
    expect([await sharedA('k', ctx), await sharedA('k', ctx), await sharedB('k', ctx)]).toEqual([1, 1, 1]);
    expect([a.asked, b.asked]).toEqual([['k'], ['k']]);
    expect(await sharedA('k', { requestId: 's' })).toBe(2);
  });

  it("applies a read's own options over the registry's defaults", async () => {
    let now = 0;
    const share = requestShared({ holdMs: 1_000, now: () => now });
    const long = reading();
    const short = reading();
    const sharedLong = share(long.read);
    const sharedShort = share(short.read, { holdMs: 10 });
    const ctx = { requestId: 'r' };
    await Promise.all([sharedLong('k', ctx), sharedShort('k', ctx)]);
    now += 10;
    await Promise.all([sharedLong('k', ctx), sharedShort('k', ctx)]);
    expect([long.asked.length, short.asked.length]).toEqual([1, 2]);
    const counted = reading();
    const bounded = share(counted.read, { max: 1 });
    await bounded('a', ctx);
    await bounded('b', ctx);
    await bounded('a', ctx);
    expect(counted.asked).toEqual(['a', 'b', 'a']);
  });

  it('unshared reads every time', async () => {
    const r = reading();
    const read = unshared(r.read);
    await read('k', { requestId: 'r' });
    await read('k', { requestId: 'r' });
    expect(r.asked).toEqual(['k', 'k']);
  });
});
