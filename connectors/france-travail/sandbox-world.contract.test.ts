import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../sandbox/generate.js';
import { createFranceTravailConnector } from './index.js';
import { startFranceTravailSimulator } from './simulator.js';

const CLIENT = 'world-client';
const SECRET = 'world-secret';

describe('a generated sandbox world through the simulator', () => {
  it('maps every france-travail agency back, e-mails never exposed', async () => {
    const generated = generateWorld({ seed: 11, services: 600 });
    const own = generated.structures.filter((s) => s.source === 'france-travail');
    expect(own.length).toBeGreaterThan(0);
    const gsim = await startFranceTravailSimulator({ world: generated, clientId: CLIENT, clientSecret: SECRET });
    try {
      const r = await createFranceTravailConnector({
        id: 'france-travail',
        connector: 'france-travail',
        baseUrl: `${gsim.url}/partenaire/referentielagences/v1`,
        clientId: CLIENT,
        clientSecret: SECRET,
      }).listStructures({});
      expect(r.rejected).toEqual([]);
      expect(r.items.map((s) => s.id).sort()).toEqual(own.map((s) => `france-travail--${s.localId}`).sort());
      for (const s of own)
        expect(r.items.find((x) => x.id === `france-travail--${s.localId}`)).toMatchObject({
          nom: s.nom,
          codeInsee: s.codeInsee,
          siret: s.siret,
          adresse: s.adresse,
          telephone: '3949',
          courriel: null,
        });
      expect(gsim.count()).toBe(2);
    } finally {
      await gsim.close();
    }
  });
});
