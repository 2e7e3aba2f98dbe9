/**
 * Credentials for tests: HS256 tokens signed like data·inclusion's, and a consumers file with fresh
 * random API keys (the file holds their SHA-256, the test keeps the keys).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { keyHash } from '../../src/server/auth/consumers-file.js';
import { SCOPES, type Scope } from '../../src/server/request-scope.js';

/** A JWT_SECRET for tests. */
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';

/** Every scope a consumer may hold. */
export const ALL_SCOPES: readonly Scope[] = SCOPES;

/** An HS256 token `{ sub, scopes }`, with `exp`/`nbf` (epoch seconds) when given. */
export async function signToken(
  sub: string,
  scopes: readonly string[],
  o: { secret?: string; exp?: number; nbf?: number } = {},
): Promise<string> {
  let jwt = new SignJWT({ scopes: [...scopes] }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub);
  if (o.exp !== undefined) jwt = jwt.setExpirationTime(o.exp);
  if (o.nbf !== undefined) jwt = jwt.setNotBefore(o.nbf);
  return jwt.sign(new TextEncoder().encode(o.secret ?? TEST_JWT_SECRET));
}

/** One consumer to declare: its scopes and, optionally, its own rate limit "requests/seconds". */
export interface TestConsumer {
  readonly scopes: readonly Scope[];
  readonly rate?: { requests: number; perSeconds: number };
}

/** Writes a consumers file declaring `consumers` (by name), each with one fresh key; returns the file and the keys by name. */
export function writeConsumersFile(consumers: Record<string, TestConsumer>): {
  file: string;
  keys: Record<string, string>;
} {
  const keys: Record<string, string> = {};
  const lines = ['consumers:'];
  for (const [name, c] of Object.entries(consumers)) {
    keys[name] = `gwk_${randomBytes(24).toString('base64url')}`;
    lines.push(`  - name: ${name}`, `    keySha256: [${keyHash(keys[name])}]`, `    scopes: [${c.scopes.join(', ')}]`);
    if (c.rate) lines.push(`    rateLimit: { requests: ${c.rate.requests}, perSeconds: ${c.rate.perSeconds} }`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'gw-consumers-')), 'consumers.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, keys };
}

/** Headers of a partner holding every scope (a JWT signed with TEST_JWT_SECRET): tests about the data, not about access. */
export async function partnerHeaders(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signToken('test-partner', ALL_SCOPES)}` };
}
