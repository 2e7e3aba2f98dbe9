import type { IncomingMessage } from 'node:http';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Consumer, Scope } from '../request-scope.js';
import { AUTH_REFUSED, createAuthenticator } from './authenticate.js';
import { keyHash } from './consumers-file.js';
import { responseScopeOf } from './response-scope.js';

const SECRET = 'unit-jwt-secret-0123456789abcdef';
const consumers = [
  { name: 'cd59', keySha256: [keyHash('old-key'), keyHash('new-key')], scopes: ['api', 'contacts'] as Scope[] },
];
const request = (headers: Record<string, string>, remoteAddress = '::ffff:192.0.2.7') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;
const token = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
const consumer = (...scopes: Scope[]): Consumer => ({ name: 'c', scopes: new Set(scopes), anonymous: false });

describe('createAuthenticator', () => {
  const open = createAuthenticator({
    mode: 'open',
    consumers,
    jwtSecret: SECRET,
    adminToken: 'admin-token-0123456789',
  });

  it('finds a consumer by any of its keys, as Bearer or X-Api-Key; no credentials is anonymous per client IP', async () => {
    for (const headers of [
      { authorization: 'Bearer old-key' },
      { authorization: 'bearer new-key' },
      { 'x-api-key': 'new-key' },
    ] as Array<Record<string, string>>) {
      const a = await open(request(headers));
      expect(a.refused).toBeUndefined();
      expect(a.consumer).toEqual({ name: 'cd59', scopes: new Set(['api', 'contacts']), anonymous: false });
    }
    expect(await open(request({}))).toEqual({
      consumer: { name: 'anonymous:192.0.2.7', scopes: new Set(['api']), anonymous: true },
    });
    expect((await open(request({ authorization: 'Bearer admin-token-0123456789' }))).consumer).toMatchObject({
      name: 'admin-token',
      scopes: new Set(['api', 'admin']),
    });
  });

  it('reads { sub, scopes } from an HS256 JWT and refuses forged, expired and not-yet-valid ones', async () => {
    const now = Math.floor(Date.now() / 1000);
    const ok = await open(
      request({
        authorization: `Bearer ${await token({ sub: 'dora-x', scopes: ['api', 'restricted-sources', 'bogus'] })}`,
      }),
    );
    expect(ok).toEqual({
      consumer: { name: 'dora-x', scopes: new Set(['api', 'restricted-sources']), anonymous: false },
    });
    const refused = async (t: string) => (await open(request({ authorization: `Bearer ${t}` }))).refused;
    expect(await refused(await token({ sub: 'x', scopes: ['api'] }, 'another-secret-0123456789abcdef'))).toBe(
      AUTH_REFUSED.badToken,
    );
    expect(await refused(await token({ sub: 'x', scopes: ['api'], exp: now - 1 }))).toBe(AUTH_REFUSED.expired);
    expect(await refused(await token({ sub: 'x', scopes: ['api'], nbf: now + 600 }))).toBe(AUTH_REFUSED.expired);
    expect(await refused(await token({ scopes: ['api'] }))).toBe(AUTH_REFUSED.badToken);
    expect(await refused('a.b.c')).toBe(AUTH_REFUSED.badToken);
    expect(await refused('unknown-key')).toBe(AUTH_REFUSED.unknownKey);
    const withoutJwt = createAuthenticator({ mode: 'open', consumers });
    expect((await withoutJwt(request({ authorization: `Bearer ${await token({ sub: 'x' })}` }))).refused).toBe(
      AUTH_REFUSED.noJwt,
    );
  });

  it('required mode refuses requests without credentials; a non-Bearer scheme is refused in both modes', async () => {
    const required = createAuthenticator({ mode: 'required', consumers });
    expect((await required(request({}))).refused).toBe(AUTH_REFUSED.missing);
    expect((await open(request({ authorization: 'Basic YTpi' }))).refused).toBe(AUTH_REFUSED.scheme);
  });
});

describe('responseScopeOf', () => {
  it('keeps only the scopes that change answers, in one canonical order', () => {
    expect(responseScopeOf(undefined)).toBe('public');
    expect(responseScopeOf(consumer('api', 'admin', 'widget'))).toBe('public');
    expect(responseScopeOf(consumer('contacts', 'api'))).toBe('contacts');
    expect(responseScopeOf(consumer('restricted-sources', 'contacts'))).toBe('contacts+restricted-sources');
  });
});
