import { describe, expect, it } from 'vitest';
import { EMPTY_STRUCTURE, type Structure } from '../domain/index.js';
import { compareAddresses, comparePair, prepare } from './evidence.js';
import { normaliseAddress } from './normalise.js';
import { candidatePairs, clusterIndex, clusterStructures } from './resolve.js';

const LILLE = { commune: 'Lille', codeInsee: '59350', codePostal: '59000' };
/** ~`m` metres north of 50.63 N 3.06 E. */
const north = (m: number) => ({ latitude: 50.63 + m / 111_195, longitude: 3.06 });

function st(id: string, nom: string, extra: Partial<Structure> = {}): Structure {
  const source = id.split('--')[0]!;
  return {
    ...EMPTY_STRUCTURE,
    ...LILLE,
    ...north(0),
    source,
    id,
    nom,
    dateMaj: '2025-06-01',
    adresse: '12 rue Jean Jaurès',
    ...extra,
  };
}

const ccasDora = st('dora--1', 'CCAS de Lille', {
  siret: '21590350100017',
  telephone: '+33320000001',
  courriel: 'ccas@ville-lille.fr',
});

describe('comparePair', () => {
  it.each<[string, Structure, Structure, boolean]>([
    [
      'same SIRET, other name',
      ccasDora,
      st('emplois-de-linclusion--1', 'VILLE DE LILLE SERVICE SOCIAL', { siret: '21590350100017' }),
      true,
    ],
    [
      'different SIRENs, everything else equal',
      ccasDora,
      st('emplois-de-linclusion--1', 'CCAS de Lille', { siret: '26590035100025', telephone: '+33320000001' }),
      false,
    ],
    [
      'same SIREN, other SIRET, same numbered address',
      ccasDora,
      st('emplois-de-linclusion--1', 'CCAS DE LILLE', { siret: '21590350100025', ...north(300) }),
      true,
    ],
    [
      'same SIREN, other SIRET, within 100 m, no address',
      ccasDora,
      st('emplois-de-linclusion--1', 'CCAS de Lille', { siret: '21590350100025', ...north(60), adresse: null }),
      true,
    ],
    [
      'same SIREN, other SIRET, another establishment 400 m away',
      ccasDora,
      st('dora--10', 'CCAS de Lille', { siret: '21590350100025', ...north(400), adresse: '3 rue Pasteur' }),
      false,
    ],
    [
      'same SIREN at the town hall, unrelated names',
      ccasDora,
      st('dora--11', 'Médiathèque Jean Lévy', { siret: '21590350100025' }),
      false,
    ],
    [
      'same SIRET but 3 km apart (head-office SIRET reused)',
      ccasDora,
      st('dora--2', 'CCAS de Lille', { siret: '21590350100017', ...north(3000) }),
      false,
    ],
    [
      'name variant, no SIRET, 30 m, same address',
      ccasDora,
      st('soliguide--1', 'C.C.A.S. - Lille', { ...north(30), adresse: '12, r. Jean-Jaurès' }),
      true,
    ],
    [
      'long name variant, no SIRET, 40 m',
      ccasDora,
      st('emplois-de-linclusion--9', "CENTRE COMMUNAL D'ACTION SOCIALE DE LILLE", north(40)),
      true,
    ],
    [
      'same name in another commune',
      ccasDora,
      st('dora--3', 'CCAS de Lille', { codeInsee: '59599', commune: 'Tourcoing', siret: null }),
      false,
    ],
    [
      'antenna: same name and e-mail, 700 m away, other address',
      st('dora--4', 'Le Relais', { courriel: 'contact@relais.fr' }),
      st('soliguide--4', 'Association Le Relais', {
        ...north(700),
        adresse: '40 rue Pasteur',
        courriel: 'contact@relais.fr',
      }),
      false,
    ],
    [
      'antenna: same name, 250 m away, other address',
      st('dora--4', 'Le Relais'),
      st('soliguide--4', 'Le Relais', { ...north(250), adresse: '40 rue Pasteur' }),
      false,
    ],
    [
      'CCAS and France Services at one address',
      ccasDora,
      st('dora--5', 'Espace France Services de Lille', { complementAdresse: 'Hôtel de ville' }),
      false,
    ],
    [
      'half the name, same place, no shared contact',
      st('dora--6', 'Le Relais'),
      st('dora--7', 'Le Relais Emploi'),
      false,
    ],
    [
      'half the name, same place, same phone',
      st('dora--6', 'Le Relais', { telephone: '+33320000009' }),
      st('dora--7', 'Le Relais Emploi', { telephone: '0320000009' }),
      true,
    ],
    [
      'same short number only (3949)',
      st('france-travail--1', 'France Travail Lille', { telephone: '3949', adresse: null }),
      st('dora--8', 'France Travail Lille Gare', { telephone: '3949', adresse: null }),
      false,
    ],
    [
      'no coordinates: same name, same numbered address',
      st('dora--9', 'Le Relais', { latitude: null, longitude: null }),
      st('soliguide--9', 'Le Relais - Lille', { latitude: null, longitude: null, adresse: '12 RUE JEAN JAURES' }),
      true,
    ],
    [
      'no coordinates: same name, address without number',
      st('dora--9', 'Le Relais', { latitude: null, longitude: null, adresse: 'Place du Marché' }),
      st('soliguide--9', 'Le Relais', { latitude: null, longitude: null, adresse: 'Place du Marché' }),
      false,
    ],
    [
      'no coordinates: close name and same phone',
      st('dora--9', 'Le Relais Solidaire', { latitude: null, longitude: null, telephone: '+33320000009' }),
      st('soliguide--9', 'Relais Solidaires', { latitude: null, longitude: null, telephone: '+33320000009' }),
      true,
    ],
    ['one code_insee unknown', ccasDora, st('soliguide--1', 'CCAS de Lille', { codeInsee: null }), false],
    [
      'both code_insee unknown, 10 m apart',
      st('dora--10', 'Le Relais', { codeInsee: null }),
      st('soliguide--10', 'Le Relais', { codeInsee: null, ...north(10) }),
      true,
    ],
    [
      'both code_insee unknown, same address, no point',
      st('dora--10', 'Le Relais', { codeInsee: null, latitude: null, longitude: null }),
      st('soliguide--10', 'Le Relais', { codeInsee: null, latitude: null, longitude: null }),
      false,
    ],
    [
      'arrondissement code folded into its commune',
      st('dora--11', 'Le Relais', { codeInsee: '75056' }),
      st('soliguide--11', 'Le Relais', { codeInsee: '75101' }),
      true,
    ],
  ])('%s → %s', (_case, a, b, expected) => {
    const evidence = comparePair(prepare(a), prepare(b));
    expect(evidence.match, evidence.reasons.join('; ')).toBe(expected);
    expect(comparePair(prepare(b), prepare(a)).match).toBe(expected);
  });
});

describe('compareAddresses', () => {
  const a = (s: string | null) => normaliseAddress(s);
  it.each([
    ['12 rue Jean Jaurès', '12, r. Jean Jaures', 'equal'],
    ['12 rue Jean Jaurès', 'rue Jean Jaurès', 'compatible'],
    ['12 rue Jean Jaurès', '14 rue Jean Jaurès', 'conflict'],
    ['12 rue Jean Jaurès', '12 rue Pasteur', 'conflict'],
    ['12 rue Jean Jaurès', '12 rue Jean Jaurès Bâtiment B', 'equal'],
    ['12 rue Jean Jaurès', null, 'unknown'],
  ])('%s vs %s → %s', (x, y, expected) => expect(compareAddresses(a(x), a(y))).toBe(expected));
});

describe('clusterStructures', () => {
  it('groups records of one structure, keeps others apart, and lists singletons', () => {
    const records = [
      ccasDora,
      st('soliguide--1', 'CCAS - Ville de Lille', north(20)),
      st('emplois-de-linclusion--1', "CENTRE COMMUNAL D'ACTION SOCIALE DE LILLE", {
        siret: '21590350100017',
        ...north(35),
      }),
      st('dora--5', 'Espace France Services de Lille'),
      st('dora--3', 'CCAS de Tourcoing', { codeInsee: '59599', commune: 'Tourcoing' }),
    ];
    expect(clusterStructures(records)).toEqual([
      { key: 'dora--1', ids: ['dora--1', 'emplois-de-linclusion--1', 'soliguide--1'] },
      { key: 'dora--3', ids: ['dora--3'] },
      { key: 'dora--5', ids: ['dora--5'] },
    ]);
  });

  it('never chains two SIRETs together through a record without SIRET', () => {
    // B matches A and C (same name, same place), but A and C are two legal units (two SIRENs).
    const a = st('dora--a', 'Le Relais', { siret: '38012345600011' });
    const b = st('soliguide--b', 'Le Relais', { ...north(10), telephone: '+33320000001' });
    const c = st('dora--c', 'Le Relais', { siret: '41012345600029', ...north(20), telephone: '+33320000001' });
    const clusters = clusterStructures([a, b, c]);
    const index = clusterIndex(clusters);
    expect(index.get('dora--a')).not.toBe(index.get('dora--c'));
    // B joins the one it has the strongest evidence with (same phone: C).
    expect(clusters).toEqual([
      { key: 'dora--a', ids: ['dora--a'] },
      { key: 'dora--c', ids: ['dora--c', 'soliguide--b'] },
    ]);
  });

  it('never chains two far-apart places together', () => {
    // 12 records 95 m apart in a line: each matches its neighbours, the ends are 1 045 m apart.
    const line = Array.from({ length: 12 }, (_, i) =>
      st(`dora--${String(i).padStart(2, '0')}`, 'Le Relais', { ...north(i * 95), adresse: null }),
    );
    const clusters = clusterStructures(line);
    expect(clusters.length).toBeGreaterThanOrEqual(2);
    for (const { ids } of clusters) {
      const positions = ids.map((id) => Number(id.slice(6)));
      expect((Math.max(...positions) - Math.min(...positions)) * 95).toBeLessThanOrEqual(1000);
    }
  });

  it('is deterministic: same clusters whatever the input order, duplicated ids counted once', () => {
    const records = [
      ccasDora,
      st('soliguide--1', 'CCAS Lille', north(20)),
      st('dora--5', 'Le Relais'),
      st('soliguide--5', 'Le Relais - Lille', north(5)),
    ];
    const expected = clusterStructures(records);
    expect(clusterStructures([...records].reverse())).toEqual(expected);
    expect(clusterStructures([records[2]!, records[0]!, records[3]!, records[1]!, records[0]!])).toEqual(expected);
  });

  it('blocks: records far apart with nothing in common are never compared', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      st(`dora--${i}`, `Structure ${i}`, {
        ...north(i * 500),
        adresse: `${i} rue ${i}`,
        telephone: null,
        courriel: null,
      }),
    );
    const pairs = candidatePairs(many.map(prepare));
    expect(pairs.size).toBeLessThan(many.length * 2);
    expect(clusterStructures(many)).toHaveLength(2000);
  });
});
