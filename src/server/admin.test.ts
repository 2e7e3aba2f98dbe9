import { describe, expect, it } from 'vitest';
import type { InvalidationTarget } from '../../connectors/cache-tags.js';
import { ADMIN_REFUSED, createAdmin } from './admin.js';

const TOKEN = 'test-admin-token-0123456789';

function admin(token: string | undefined) {
  const asked: InvalidationTarget[] = [];
  return { asked, admin: createAdmin({ token, invalidate: async (t) => (asked.push(t), 7) }) };
}

describe('createAdmin', () => {
  it.each([
    ['ADMIN_TOKEN unset', undefined, `Bearer ${TOKEN}`, ADMIN_REFUSED.disabled],
    ['no header', TOKEN, undefined, ADMIN_REFUSED.missing],
    ['another scheme', TOKEN, `Basic ${TOKEN}`, ADMIN_REFUSED.missing],
    ['a wrong token', TOKEN, 'Bearer not-the-token-0123456789', ADMIN_REFUSED.invalid],
    ['a prefix of the token', TOKEN, `Bearer ${TOKEN.slice(0, -1)}`, ADMIN_REFUSED.invalid],
  ])('refuses with FORBIDDEN when %s', async (_what, token, header, message) => {
    const { admin: a, asked } = admin(token);
    await expect(a.forRequest(header).invalidateCache({ source: 'dora' })).rejects.toMatchObject({
      message,
      extensions: { code: 'FORBIDDEN' },
    });
    expect(asked).toEqual([]);
  });

  it('says which setting to change when admin operations are disabled', () => {
    expect(ADMIN_REFUSED.disabled).toContain('set ADMIN_TOKEN');
  });

  it('invalidates with the right token and reports what it dropped', async () => {
    const { admin: a, asked } = admin(TOKEN);
    expect(await a.forRequest(`bearer ${TOKEN}`).invalidateCache({ id: 'dora--1', territory: '59' })).toEqual({
      dropped: 7,
      source: null,
      id: 'dora--1',
      territory: '59',
    });
    expect(asked).toEqual([{ id: 'dora--1', territory: '59' }]);
  });

  it('rejects an empty or malformed target as bad user input', async () => {
    const { admin: a } = admin(TOKEN);
    await expect(a.forRequest(`Bearer ${TOKEN}`).invalidateCache({})).rejects.toMatchObject({
      message: 'Invalid cache invalidation: give at least one of source, id, territory',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
