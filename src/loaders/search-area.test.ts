import { describe, expect, it } from 'vitest';
import { createCogConnector } from '../../connectors/cog/index.js';
import { distanceKm } from '../domain/index.js';
import { DEPARTEMENT_DISCS, departementsWithin, REACH_MARGIN_KM } from './search-area.js';

const LYON = { latitude: 45.74906, longitude: 4.84789 };

describe('departementsWithin', () => {
  it('gives Lyon its own département and its neighbours, never Marseille’s or Paris’', () => {
    const got = departementsWithin(LYON, 50);
    expect(got).toEqual(expect.arrayContaining(['01', '38', '42', '69']));
    expect(got).not.toContain('13');
    expect(got).not.toContain('75');
    expect([...got].sort()).toEqual(got);
  });

  it('reaches only one island from an overseas origin', () => {
    expect(departementsWithin({ latitude: -20.88, longitude: 55.45 }, 50)).toEqual(['974']);
  });

  it('covers the 101 départements of the d·i API, each with a positive radius', () => {
    expect(DEPARTEMENT_DISCS).toHaveLength(101);
    expect(DEPARTEMENT_DISCS.every((d) => d.radiusKm > 0)).toBe(true);
  });

  it('has every commune centre of the embedded COG inside its département’s disc (the table is not stale)', async () => {
    const cog = createCogConnector();
    const outside: string[] = [];
    for (const d of DEPARTEMENT_DISCS) {
      for (const c of await cog.searchCommunes({ codeDepartement: d.code })) {
        if (c.centre && distanceKm(c.centre, d.centre) > d.radiusKm + REACH_MARGIN_KM)
          outside.push(`${c.code} ${c.nom}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
