/**
 * Operators' CLI for the consumers file (CONSUMERS_FILE):
 *   npm run consumer -- add NAME --scopes api,contacts [--rate 600/60] [--file path]
 *   npm run consumer -- rotate NAME [--file path]      (one more key, the old ones keep working)
 *   npm run consumer -- revoke NAME [--file path]
 *   npm run consumer -- list [--file path]
 * `add` and `rotate` print the new key once; only its SHA-256 is written. Comments and other entries
 * of the file are kept. The file is `--file`, else CONSUMERS_FILE, else config/consumers.yaml.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { rateLimit } from '../src/config.js';
import { CONSUMER_NAME, ConsumersFileError, keyHash, parseConsumersFile } from '../src/server/auth/consumers-file.js';
import { SCOPES } from '../src/server/request-scope.js';

const USAGE =
  'usage: consumer add NAME --scopes api,contacts [--rate 600/60] [--file path] | rotate NAME | revoke NAME | list';

class UsageError extends Error {}

/** The file's consumers list, created empty when absent. */
function consumersOf(doc: Document): YAMLSeq<YAMLMap> {
  const list = doc.get('consumers');
  if (isSeq(list)) return list as YAMLSeq<YAMLMap>;
  const created = doc.createNode([]) as YAMLSeq<YAMLMap>;
  doc.set('consumers', created);
  return created;
}

function entryOf(doc: Document, name: string): YAMLMap | undefined {
  return consumersOf(doc).items.find((item) => isMap(item) && item.get('name') === name);
}

/** A new API key: 32 random bytes, base64url, with a prefix that makes leaked keys easy to search for. */
const newKey = () => `gwk_${randomBytes(32).toString('base64url')}`;

function run(argv: string[]): string {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scopes: { type: 'string' }, rate: { type: 'string' }, file: { type: 'string' } },
  });
  const [command, name] = positionals;
  const file = values.file ?? process.env.CONSUMERS_FILE ?? 'config/consumers.yaml';
  const doc = existsSync(file) ? parseDocument(readFileSync(file, 'utf8')) : new Document({ consumers: [] });
  if (doc.errors.length > 0)
    throw new ConsumersFileError(file, [`is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`]);
  parseConsumersFile(String(doc), file);
  const needName = () => {
    if (name === undefined || !CONSUMER_NAME.test(name))
      throw new UsageError(`NAME must be a lower-case name such as "cd59-portail", got: ${JSON.stringify(name ?? '')}`);
    return name;
  };
  let out: string;
  switch (command) {
    case 'add': {
      const n = needName();
      if (entryOf(doc, n))
        throw new UsageError(`consumer "${n}" already exists (rotate adds a key, revoke removes it)`);
      const scopes = (values.scopes ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (scopes.length === 0 || unknown.length > 0)
        throw new UsageError(
          `--scopes must list some of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
        );
      const rate = values.rate === undefined ? undefined : rateLimit(values.rate);
      if (rate !== undefined && !rate.ok) throw new UsageError(`--rate must be ${rate.expected}, got: ${values.rate}`);
      const key = newKey();
      const entry = doc.createNode({
        name: n,
        keySha256: [keyHash(key)],
        scopes,
        ...(rate?.ok ? { rateLimit: rate.value } : {}),
      }) as YAMLMap;
      (entry.get('keySha256') as YAMLSeq).flow = true;
      (entry.get('scopes') as YAMLSeq).flow = true;
      if (rate?.ok) (entry.get('rateLimit') as YAMLMap).flow = true;
      consumersOf(doc).items.push(entry);
      out = `${key}\n`;
      break;
    }
    case 'rotate': {
      const n = needName();
      const entry = entryOf(doc, n);
      if (!entry) throw new UsageError(`no consumer "${n}" in ${file}`);
      const key = newKey();
      (entry.get('keySha256') as YAMLSeq).items.push(doc.createNode(keyHash(key)));
      out = `${key}\n`;
      break;
    }
    case 'revoke': {
      const n = needName();
      const list = consumersOf(doc);
      const at = list.items.findIndex((item) => isMap(item) && item.get('name') === n);
      if (at < 0) throw new UsageError(`no consumer "${n}" in ${file}`);
      list.items.splice(at, 1);
      out = `revoked ${n}\n`;
      break;
    }
    case 'list':
      return parseConsumersFile(String(doc), file)
        .map(
          (c) =>
            `${c.name}\tscopes=${c.scopes.join(',')}\tkeys=${c.keySha256.length}${c.rateLimit ? `\trate=${c.rateLimit.requests}/${c.rateLimit.perSeconds}` : ''}\n`,
        )
        .join('');
    default:
      throw new UsageError(USAGE);
  }
  const text = String(doc);
  parseConsumersFile(text, file);
  writeFileSync(file, text, { mode: 0o600 });
  return out;
}

try {
  process.stdout.write(run(process.argv.slice(2)));
} catch (err) {
  if (!(
    err instanceof UsageError ||
    err instanceof ConsumersFileError ||
    (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
  ))
    throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 2;
}
