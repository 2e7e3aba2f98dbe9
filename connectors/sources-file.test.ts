import { describe, expect, it } from 'vitest';
import { parseSourcesFile, SourcesFileError } from './sources-file.js';

const KNOWN = ['dora', 'data-inclusion', 'france-travail'];

describe('parseSourcesFile', () => {
  it('reads YAML, resolves ${ENV} references and applies defaults', () => {
    const yaml = `sources:\n  - id: dora\n    connector: dora\n    baseUrl: https://api.dora.inclusion.gouv.fr/\n    token: \${DORA_TOKEN}\n    ttlSeconds: 600\n`;
    const [s] = parseSourcesFile(yaml, { DORA_TOKEN: 't0k' }, KNOWN);
    expect(s).toEqual({ id: 'dora', connector: 'dora', baseUrl: 'https://api.dora.inclusion.gouv.fr', token: 't0k', clientId: undefined, clientSecret: undefined, ttlSeconds: 600, timeoutMs: undefined, enabled: true, options: {} });
  });

  it('accepts JSON, which is valid YAML', () => {
    const json = JSON.stringify({ sources: [{ id: 'di', connector: 'data-inclusion', baseUrl: 'http://127.0.0.1:9', enabled: false }] });
    expect(parseSourcesFile(json, {}, KNOWN)[0]!.enabled).toBe(false);
  });

  it('reports every problem at once, naming entry and key', () => {
    const yaml = [
      'sources:',
      '  - id: Dora!',
      '    connector: nope',
      '    baseUrl: ftp://x',
      '    token: literal-secret',
      '    timeoutMs: -3',
      '    colour: blue',
      '  - id: ft',
      '    connector: france-travail',
      '    baseUrl: https://api.francetravail.io',
      '    clientId: ${FT_ID}',
      '  - id: ft',
      '    connector: france-travail',
      '    baseUrl: https://api.francetravail.io',
    ].join('\n');
    let err: SourcesFileError | undefined;
    try {
      parseSourcesFile(yaml, {}, KNOWN, 'sources.yaml');
    } catch (e) {
      err = e as SourcesFileError;
    }
    expect(err).toBeInstanceOf(SourcesFileError);
    expect(err!.problems).toEqual([
      'sources[0] has unknown key "colour" (expected one of id, connector, baseUrl, token, clientId, clientSecret, ttlSeconds, timeoutMs, enabled, options)',
      'sources[0].id must be a lower-case slug such as "dora", got: "Dora!"',
      'sources[0].connector must be one of dora, data-inclusion, france-travail, got: "nope"',
      'sources[0].baseUrl must be an http(s) URL, got: "ftp://x"',
      'sources[0].token must be an ${ENV_VAR} reference (secrets are not written in the file), got: "…"',
      'sources[0].timeoutMs must be a positive integer, got: -3',
      'sources[1] (ft).clientId refers to ${FT_ID}, which is not set in the environment',
      'source id "ft" is used twice (ids must be unique)',
    ]);
    expect(err!.message).toMatch(/^sources\.yaml is invalid \(8 problems\):/);
  });

  it('rejects a document without sources, and unparsable text', () => {
    expect(() => parseSourcesFile('foo: 1', {}, KNOWN)).toThrow('must have a non-empty "sources" list');
    expect(() => parseSourcesFile('sources: [', {}, KNOWN)).toThrow(/is not valid YAML\/JSON/);
  });
});
