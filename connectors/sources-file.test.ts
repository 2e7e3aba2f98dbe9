import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../src/merge/policy.js';
import { parseSourcesDocument, parseSourcesFile, SourcesFileError } from './sources-file.js';

const KNOWN = ['dora', 'data-inclusion', 'france-travail'];

describe('parseSourcesFile', () => {
  it('reads YAML, resolves ${ENV} references and applies defaults', () => {
    const yaml = `sources:\n  - id: dora\n    connector: dora\n    baseUrl: https://api.dora.inclusion.gouv.fr/\n    token: \${DORA_TOKEN}\n    ttlSeconds: 600\n    consumerShare: 0.1\n`;
    const [s] = parseSourcesFile(yaml, { DORA_TOKEN: 't0k' }, KNOWN);
    expect(s).toEqual({
      id: 'dora',
      connector: 'dora',
      baseUrl: 'https://api.dora.inclusion.gouv.fr',
      token: 't0k',
      clientId: undefined,
      clientSecret: undefined,
      ttlSeconds: 600,
      timeoutMs: undefined,
      consumerShare: 0.1,
      enabled: true,
      options: {},
    });
  });

  it('accepts JSON, which is valid YAML', () => {
    const json = JSON.stringify({
      sources: [{ id: 'di', connector: 'data-inclusion', baseUrl: 'http://127.0.0.1:9', enabled: false }],
    });
    expect(parseSourcesFile(json, {}, KNOWN)[0]!.enabled).toBe(false);
  });

  it('reads restricted: true, and refuses a restricted that is not a boolean', () => {
    const yaml = (v: string) =>
      `sources:\n  - id: soliguide\n    connector: dora\n    baseUrl: http://127.0.0.1:9\n    restricted: ${v}\n`;
    expect(parseSourcesFile(yaml('true'), {}, KNOWN)[0]!.restricted).toBe(true);
    expect(parseSourcesFile(yaml('false'), {}, KNOWN)[0]!.restricted).toBeUndefined();
    expect(() => parseSourcesFile(yaml('"yes"'), {}, KNOWN)).toThrow(
      'sources[0] (soliguide).restricted must be true or false, got: "yes"',
    );
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
      '    consumerShare: 1.5',
      '    options: { locationGranularity: region }',
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
      'sources[0] has unknown key "colour" (expected one of id, connector, baseUrl, token, clientId, clientSecret, ttlSeconds, timeoutMs, enabled, consumerShare, restricted, options)',
      'sources[0].id must be a lower-case slug such as "dora", got: "Dora!"',
      'sources[0].connector must be one of dora, data-inclusion, france-travail, got: "nope"',
      'sources[0].baseUrl must be an http(s) URL, got: "ftp://x"',
      'sources[0].token must be an ${ENV_VAR} reference (secrets are not written in the file), got: "…"',
      'sources[0].timeoutMs must be a positive integer, got: -3',
      'sources[1] (ft).options.locationGranularity must be one of departement, commune, got: "region"',
      'sources[1] (ft).clientId refers to ${FT_ID}, which is not set in the environment',
      'sources[1] (ft).consumerShare must be a number greater than 0 and at most 1, got: 1.5',
      'source id "ft" is used twice (ids must be unique)',
    ]);
    expect(err!.message).toMatch(/^sources\.yaml is invalid \(10 problems\):/);
  });

  it('rejects a document without sources, and unparsable text', () => {
    expect(() => parseSourcesFile('foo: 1', {}, KNOWN)).toThrow('must have a non-empty "sources" list');
    expect(() => parseSourcesFile('sources: [', {}, KNOWN)).toThrow(/is not valid YAML\/JSON/);
  });
});

const SOURCES = [
  'sources:',
  '  - id: data-inclusion',
  '    connector: data-inclusion',
  '    baseUrl: https://api.data.inclusion.gouv.fr',
  '  - id: dora',
  '    connector: dora',
  '    baseUrl: https://api.dora.inclusion.gouv.fr/api/v2',
  '    enabled: false',
];

function problemsOf(lines: readonly string[]): readonly string[] {
  try {
    parseSourcesDocument(lines.join('\n'), {}, KNOWN, 'sources.yaml');
  } catch (e) {
    if (e instanceof SourcesFileError) return e.problems;
    throw e;
  }
  return [];
}

describe('parseSourcesDocument: the merge section', () => {
  it('is optional: without it the default policy applies', () => {
    expect(parseSourcesDocument(SOURCES.join('\n'), {}, KNOWN).merge).toBeUndefined();
  });

  it('overrides the default policy, naming declared sources (even disabled) and those an aggregator republishes', () => {
    const { sources, merge } = parseSourcesDocument(
      [
        ...SOURCES,
        'merge:',
        '  default: { rule: priority, sources: [data-inclusion, dora, emplois-de-linclusion, soliguide] }',
        '  fields:',
        '    telephone: { rule: mostRecent }',
        '    nom: { rule: priority, sources: [fredo, dora] }',
      ].join('\n'),
      {},
      KNOWN,
    );
    expect(sources.map((s) => s.id)).toEqual(['data-inclusion', 'dora']);
    expect(merge!.fields.nom).toEqual({ rule: 'priority', sources: ['fredo', 'dora'] });
    expect(merge!.fields.telephone).toEqual({
      rule: 'mostRecent',
      sources: ['data-inclusion', 'dora', 'emplois-de-linclusion', 'soliguide'],
    });
    expect(merge!.fields.siret).toEqual({
      rule: 'priority',
      sources: ['data-inclusion', 'dora', 'emplois-de-linclusion', 'soliguide'],
    });
    expect(Object.keys(merge!.fields).sort()).toEqual(Object.keys(DEFAULT_POLICY.fields).sort());
  });

  it('reports every problem with its path and line, with the sources’ problems', () => {
    expect(
      problemsOf([
        ...SOURCES,
        '    colour: blue',
        'merge:',
        '  default: { rule: union }',
        '  fields:',
        '    name: { rule: priority }',
        '    telephone: { rule: latest }',
        '    nom:',
        '      rule: priority',
        '      sources: [dora, doraa]',
        '  strategy: {}',
      ]),
    ).toEqual([
      'sources[1] has unknown key "colour" (expected one of id, connector, baseUrl, token, clientId, clientSecret, ttlSeconds, timeoutMs, enabled, consumerShare, restricted, options)',
      'merge.strategy (line 18): unknown key (expected default, fields)',
      'merge.default.rule (line 11): "union" applies to list fields only (reseauxPorteurs), not to every field',
      'merge.fields.name (line 13): unknown field (expected one of nom, dateMaj, description, lienSource, siret, adresse, telephone, courriel, siteWeb, horairesAccueil, accessibiliteLieu, reseauxPorteurs)',
      'merge.fields.telephone.rule (line 14): unknown rule "latest" (expected priority, mostRecent, firstNonEmpty, union)',
      expect.stringMatching(
        /^merge\.fields\.nom\.sources\[1\] \(line 17\): unknown source "doraa" \(known: data-inclusion, dora, .*fredo/,
      ),
    ]);
  });

  it('knows only declared sources when no aggregator is declared', () => {
    const direct = [
      'sources:',
      '  - id: dora',
      '    connector: dora',
      '    baseUrl: https://api.dora.inclusion.gouv.fr/api/v2',
    ];
    expect(problemsOf([...direct, 'merge:', '  fields:', '    nom: { sources: [fredo] }'])).toEqual([
      'merge.fields.nom.sources[0] (line 7): unknown source "fredo" (known: dora)',
    ]);
  });

  it('refuses a merge section of the wrong shape and unknown top-level keys', () => {
    expect(problemsOf([...SOURCES, 'merge: [nom]'])).toEqual([
      'merge (line 9): merge policy overrides: must be an object like { "default": { … }, "fields": { … } }',
    ]);
    expect(problemsOf([...SOURCES, 'merging: {}'])).toEqual([
      'unknown top-level key "merging" (expected sources, merge)',
    ]);
  });
});

describe('the production example’s merge section', () => {
  it('is valid and spells out the default for the fields it lists', () => {
    const text = readFileSync(new URL('../config/sources.production.example.yaml', import.meta.url), 'utf8');
    const env = Object.fromEntries([...text.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => [m[1]!, 'x']));
    const { merge } = parseSourcesDocument(text, env, [
      'data-inclusion',
      'dora',
      'emplois-de-linclusion',
      'soliguide',
      'mediation-numerique',
      'france-travail',
      'file',
      'ban',
      'recherche-entreprises',
      'geo-api',
    ]);
    expect(merge).toEqual(DEFAULT_POLICY);
  });
});
