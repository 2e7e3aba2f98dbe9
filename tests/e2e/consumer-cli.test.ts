/**
 * The consumers CLI run as operators run it (`node dist/scripts/consumer.js`, what `npm run consumer`
 * starts): `add` prints a key once and writes only its SHA-256, keeping the file's comments and
 * entries; the gateway then accepts that key with its scopes; `rotate`, `revoke`, `list`; mistakes
 * exit 2 with a message and leave the file alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyHash, parseConsumersFile } from '../../src/server/auth/consumers-file.js';
import { createAuthenticator } from '../../src/server/auth/authenticate.js';
import { ensureBuilt, ROOT } from '../helpers/replicas.js';
import type { IncomingMessage } from 'node:http';

const CLI = join(ROOT, 'dist', 'scripts', 'consumer.js');
const dir = mkdtempSync(join(tmpdir(), 'gw-cli-'));
const file = join(dir, 'consumers.yaml');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execFileSync(process.execPath, [CLI, ...args, '--file', file], {
    encoding: 'utf8',
    env: { ...process.env, CONSUMERS_FILE: '' },
  });
const failing = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args, '--file', file], { encoding: 'utf8' });

/** A request carrying only this API key, from loopback. */
const requestWith = (key: string) =>
  ({ headers: { 'x-api-key': key }, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;

describe('npm run consumer', () => {
  it('add creates the file, prints a key once and stores its SHA-256 only; the gateway accepts the key with its scopes', async () => {
    ensureBuilt();
    const key = cli('add', 'cd59-portail', '--scopes', 'api,contacts', '--rate', '600/60').trim();
    expect(key).toMatch(/^gwk_[A-Za-z0-9_-]{43}$/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key);
    const [c] = parseConsumersFile(text);
    expect(c).toEqual({
      name: 'cd59-portail',
      keySha256: [keyHash(key)],
      scopes: ['api', 'contacts'],
      rateLimit: { requests: 600, perSeconds: 60 },
    });
    const auth = await createAuthenticator({ mode: 'required', consumers: parseConsumersFile(text) })(requestWith(key));
    expect(auth.refused).toBeUndefined();
    expect(auth.consumer).toMatchObject({ name: 'cd59-portail', anonymous: false });
    expect([...auth.consumer.scopes]).toEqual(['api', 'contacts']);
  });

  it('keeps comments and other entries; rotate adds a key, revoke removes the consumer, list shows them', () => {
    writeFileSync(file, `# partners of the gateway\n${readFileSync(file, 'utf8')}`);
    const other = cli('add', 'caf-35', '--scopes', 'api').trim();
    const second = cli('rotate', 'cd59-portail').trim();
    expect(second).not.toBe(other);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# partners of the gateway\n')).toBe(true);
    const consumers = parseConsumersFile(text);
    expect(consumers.map((c) => [c.name, c.keySha256.length])).toEqual([
      ['cd59-portail', 2],
      ['caf-35', 1],
    ]);
    expect(consumers[0]!.keySha256[1]).toBe(keyHash(second));
    expect(cli('list')).toBe('cd59-portail\tscopes=api,contacts\tkeys=2\trate=600/60\ncaf-35\tscopes=api\tkeys=1\n');
    expect(cli('revoke', 'caf-35')).toBe('revoked caf-35\n');
    expect(parseConsumersFile(readFileSync(file, 'utf8')).map((c) => c.name)).toEqual(['cd59-portail']);
  });

  it('mistakes exit 2 with a message and leave the file unchanged', () => {
    const before = readFileSync(file, 'utf8');
    const cases: Array<[string[], RegExp]> = [
      [['add', 'cd59-portail', '--scopes', 'api'], /already exists/],
      [['add', 'new-one', '--scopes', 'api,everything'], /unknown: everything/],
      [['add', 'new-one', '--scopes', 'api', '--rate', 'fast'], /--rate must be/],
      [['add', 'Bad Name', '--scopes', 'api'], /NAME must be/],
      [['revoke', 'nobody'], /no consumer "nobody"/],
      [['frobnicate'], /usage:/],
    ];
    for (const [args, message] of cases) {
      const r = failing(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
