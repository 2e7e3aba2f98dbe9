import { describe, expect, it } from 'vitest';
import { ConsumersFileError, keyHash, loadConsumersFile, parseConsumersFile } from './consumers-file.js';

const HASH = keyHash('k1');

describe('parseConsumersFile', () => {
  it('reads names, key hashes, scopes, rate limits and allowed origins', () => {
    const yaml = `consumers:\n  - name: widget-cd59\n    keySha256: [${HASH}]\n    scopes: [widget]\n    rateLimit: { requests: 60, perSeconds: 60 }\n    allowedOrigins: [https://www.nord.fr]\n`;
    expect(parseConsumersFile(yaml)).toEqual([
      {
        name: 'widget-cd59',
        keySha256: [HASH],
        scopes: ['widget'],
        rateLimit: { requests: 60, perSeconds: 60 },
        allowedOrigins: ['https://www.nord.fr'],
      },
    ]);
    expect(parseConsumersFile('')).toEqual([]);
    expect(parseConsumersFile('consumers: []\n')).toEqual([]);
  });

  it('reports every problem at once, naming the entry and the key', () => {
    const yaml = [
      'consumers:',
      '  - name: Bad Name',
      '    keySha256: [k1]',
      '    scopes: [api, everything]',
      '    colour: blue',
      `  - name: twice`,
      `    keySha256: [${HASH}]`,
      '    scopes: []',
      '    rateLimit: { requests: 0, perSeconds: 60 }',
      `  - name: twice`,
      `    keySha256: [${HASH}]`,
      '    scopes: [api]',
      '    allowedOrigins: [https://x.fr/path]',
    ].join('\n');
    let err: ConsumersFileError | undefined;
    try {
      parseConsumersFile(yaml, 'consumers.yaml');
    } catch (e) {
      err = e as ConsumersFileError;
    }
    expect(err).toBeInstanceOf(ConsumersFileError);
    expect(err!.problems).toEqual([
      'consumers[0].name must be a lower-case name such as "cd59-portail" (letters, digits, . _ -), got: "Bad Name"',
      'consumers[0] has unknown key "colour" (expected one of name, keySha256, scopes, rateLimit, allowedOrigins)',
      'consumers[0].keySha256[0] must be 64 lower-case hex characters, got: 2 characters',
      'consumers[0].scopes has unknown scope "everything" (expected api, contacts, restricted-sources, admin, widget)',
      'consumers[1] (twice).scopes must be a non-empty list of api, contacts, restricted-sources, admin, widget',
      'consumers[1] (twice).rateLimit must be { requests: <integer above 0>, perSeconds: <integer above 0> }, got: {"requests":0,"perSeconds":60}',
      'consumers[2] (twice).allowedOrigins must be a list of origins such as "https://www.example.fr", got: ["https://x.fr/path"]',
      'consumer name "twice" is used twice (names must be unique)',
      'consumers twice and twice share a key hash (each key belongs to one consumer)',
    ]);
  });
});

describe('config/consumers.example.yaml', () => {
  it('is a valid consumers file', () => {
    expect(
      loadConsumersFile(new URL('../../../config/consumers.example.yaml', import.meta.url).pathname).map((c) => c.name),
    ).toEqual(['cd59-portail', 'widget-nord']);
  });
});
