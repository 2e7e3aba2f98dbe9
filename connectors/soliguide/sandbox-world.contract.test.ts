import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../sandbox/generate.js';
import { createSoliguideConnector } from './index.js';
import { startSoliguideSimulator } from './simulator.js';

const TOKEN = 'world-jwt';

describe('a generated sandbox world through the simulator', () => {
  it('maps every soliguide record back, reporting only the services d·i drops', async () => {
    const generated = generateWorld({ seed: 11, services: 600 });
    const own = generated.structures.filter((s) => s.source === 'soliguide');
    const ownServices = generated.services.filter((s) => s.source === 'soliguide');
    expect([
      own.length > 0,
      ownServices.some((x) => x.thematiques.length === 0),
      ownServices.some((x) => x.thematiques.length > 0),
    ]).toEqual([true, true, true]);
    const gsim = await startSoliguideSimulator({ world: generated, token: TOKEN });
    try {
      const c = createSoliguideConnector({
        id: 'soliguide',
        connector: 'soliguide',
        baseUrl: gsim.url,
        token: TOKEN,
        options: { pageSize: 1000, rateLimit: false },
      });
      const st = await c.listStructures({});
      expect(st.rejected).toEqual([]);
      expect(st.items.map((s) => s.id).sort()).toEqual(own.map((s) => `soliguide--${s.localId}`).sort());
      for (const s of own)
        expect(st.items.find((x) => x.id === `soliguide--${s.localId}`)).toMatchObject({
          codeInsee: s.codeInsee,
          codePostal: s.codePostal,
          telephone: s.telephone,
          latitude: s.latitude,
        });
      const sv = await c.listServices({});
      const byId = new Map(sv.items.map((s) => [s.id, s]));
      for (const s of ownServices) {
        const mapped = byId.get(`soliguide--${s.localId}`);
        if (s.thematiques.length === 0)
          expect(sv.rejected).toContainEqual({
            source: 'soliguide',
            id: `soliguide--${s.localId}`,
            reason: `category ${s.sourceCategories?.[0]} has no v1 mapping`,
          });
        else
          expect(mapped).toMatchObject({
            nom: s.nom,
            type: s.type,
            thematiques: [...s.thematiques].sort(),
            frais: s.frais,
            structureId: `soliguide--${s.structureLocalId}`,
          });
      }
      expect(sv.items.length + sv.rejected.length).toBe(ownServices.length);
      expect(gsim.count()).toBe(2);
    } finally {
      await gsim.close();
    }
  });
});
