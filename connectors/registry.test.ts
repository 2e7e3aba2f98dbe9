import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildConnectors, CONNECTOR_NAMES } from './registry.js';
import { parseSourcesFile } from './sources-file.js';

const env = {
  DATA_INCLUSION_API_TOKEN: 'a',
  DORA_API_TOKEN: 'b',
  EMPLOIS_API_TOKEN: 'c',
  SOLIGUIDE_API_TOKEN: 'd',
  MEDIATION_NUMERIQUE_API_TOKEN: 'e',
  FRANCE_TRAVAIL_CLIENT_ID: 'f',
  FRANCE_TRAVAIL_CLIENT_SECRET: 'g',
};

describe('the production example sources file', () => {
  const text = readFileSync(new URL('../config/sources.production.example.yaml', import.meta.url), 'utf8');

  it('is valid and names only known connectors and real https base URLs', () => {
    const sources = parseSourcesFile(text, env, CONNECTOR_NAMES);
    expect(sources.map((s) => s.connector).sort()).toEqual([
      'ban',
      'data-inclusion',
      'dora',
      'emplois-de-linclusion',
      'file',
      'france-travail',
      'geo-api',
      'mediation-numerique',
      'recherche-entreprises',
      'soliguide',
    ]);
    // Every partner with an API is named by its real production host; the file source points at your own copy.
    for (const s of sources.filter((x) => x.connector !== 'file'))
      expect(s.baseUrl).toMatch(/^https:\/\/[a-z.-]+\.(gouv\.fr|fr|io)(\/|$)/);
  });

  it('builds without any network call, asks data·inclusion only for sources not connected directly', () => {
    const built = buildConnectors(parseSourcesFile(text, env, CONNECTOR_NAMES));
    expect(built.offre.map((o) => o.connector.id).sort()).toEqual(['data-inclusion', 'france-travail', 'soliguide']);
    const di = built.offre.find((o) => o.connector.id === 'data-inclusion')!;
    expect(di.publishes).toBe('any');
    expect([...(di.excludes ?? [])].sort()).toEqual(['france-travail', 'soliguide']);
    expect(built.geocoder?.id).toBe('ban');
    expect(built.entreprises?.id).toBe('recherche-entreprises');
    expect(built.territory.id).toBe('geo-api');
  });

  it('falls back to the embedded COG when no territory source is declared', () => {
    const built = buildConnectors([]);
    expect(built.territory.connector).toBe('cog');
    expect(built.offre).toEqual([]);
  });
});
