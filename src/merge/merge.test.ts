import { describe, expect, it } from 'vitest';
import { EMPTY_STRUCTURE, type Structure } from '../domain/index.js';
import { mergeCluster, type Provenance } from './merge.js';
import { policyWithOverrides } from './policy.js';

function st(id: string, extra: Partial<Structure> = {}): Structure {
  return { ...EMPTY_STRUCTURE, source: id.split('--')[0]!, id, nom: `Nom ${id}`, dateMaj: '2025-01-01', ...extra };
}

const dora = st('dora--d1', {
  nom: 'CCAS de Lille',
  dateMaj: '2025-03-01',
  lienSource: 'https://dora.example/d1',
  siret: null,
  adresse: '12 rue Jean Jaurès',
  codeInsee: '59350',
  commune: 'Lille',
  codePostal: '59000',
  latitude: 50.63,
  longitude: 3.06,
  telephone: '+33320000001',
  reseauxPorteurs: ['ccas-cias'],
  description: null,
});
const emplois = st('emplois-de-linclusion--e1', {
  nom: "CENTRE COMMUNAL D'ACTION SOCIALE DE LILLE",
  dateMaj: '2025-05-01',
  siret: '21590350100017',
  adresse: '12 r. Jean Jaurès',
  codeInsee: '59350',
  commune: 'Lille',
  codePostal: '59000',
  latitude: 50.6301,
  longitude: 3.0601,
  telephone: '+33320000002',
  reseauxPorteurs: ['ccas-cias', 'communes'],
  description: 'Le centre communal d’action sociale de Lille accueille…',
});
const soliguide = st('soliguide--s1', {
  nom: 'CCAS - Lille',
  dateMaj: '2025-04-01',
  courriel: 'ccas@ville-lille.fr',
  telephone: '+33320000003',
  siteWeb: 'https://www.lille.fr/',
});

const prov = (p: readonly Provenance[], field: string) => p.filter((x) => x.field === field);

describe('mergeCluster with the default policy', () => {
  const merged = mergeCluster([soliguide, emplois, dora]);

  it('takes the id, source and name of the record the nom rule picks (DORA first)', () => {
    expect(merged).toMatchObject({
      id: 'dora--d1',
      source: 'dora',
      nom: 'CCAS de Lille',
      lienSource: 'https://dora.example/d1',
    });
    expect(merged.doublons).toEqual([
      { source: 'emplois-de-linclusion', id: 'emplois-de-linclusion--e1' },
      { source: 'soliguide', id: 'soliguide--s1' },
    ]);
  });

  it('resolves each field by its rule', () => {
    expect(merged).toMatchObject({
      siret: '21590350100017', // firstNonEmpty, Les Emplois first
      telephone: '+33320000002', // mostRecent
      courriel: 'ccas@ville-lille.fr', // mostRecent among records that have one
      dateMaj: '2025-05-01',
      description: 'Le centre communal d’action sociale de Lille accueille…', // firstNonEmpty
      siteWeb: 'https://www.lille.fr/',
      reseauxPorteurs: ['ccas-cias', 'communes'], // union, de-duplicated, in rank order
    });
  });

  it('takes the address block from one record', () => {
    expect(merged).toMatchObject({
      adresse: '12 rue Jean Jaurès',
      latitude: 50.63,
      longitude: 3.06,
      codePostal: '59000',
    });
    const block = ['adresse', 'codeInsee', 'commune', 'codePostal', 'latitude', 'longitude'].flatMap((f) =>
      prov(merged.provenance, f),
    );
    expect(block).toHaveLength(6);
    expect(new Set(block.map((p) => `${p.recordId} ${p.rule}`))).toEqual(new Set(['dora--d1 firstNonEmpty']));
  });

  it('records provenance for every non-null field', () => {
    const nonNull = Object.entries(merged).filter(
      ([k, v]) => v !== null && !['source', 'id', 'sources', 'provenance', 'doublons', 'maskedContacts'].includes(k),
    );
    for (const [field] of nonNull) expect(prov(merged.provenance, field).length, field).toBeGreaterThan(0);
    expect(prov(merged.provenance, 'telephone')).toEqual([
      {
        field: 'telephone',
        source: 'emplois-de-linclusion',
        recordId: 'emplois-de-linclusion--e1',
        dateMaj: '2025-05-01',
        rule: 'mostRecent',
      },
    ]);
    expect(prov(merged.provenance, 'reseauxPorteurs').map((p) => p.recordId)).toEqual([
      'dora--d1',
      'emplois-de-linclusion--e1',
    ]);
    expect(prov(merged.provenance, 'complementAdresse')).toEqual([]);
  });

  it('lists every source record', () => {
    expect(merged.sources).toEqual([
      { source: 'dora', id: 'dora--d1', dateMaj: '2025-03-01', lienSource: 'https://dora.example/d1' },
      { source: 'emplois-de-linclusion', id: 'emplois-de-linclusion--e1', dateMaj: '2025-05-01', lienSource: null },
      { source: 'soliguide', id: 'soliguide--s1', dateMaj: '2025-04-01', lienSource: null },
    ]);
  });

  it('does not depend on input order', () => {
    expect(mergeCluster([dora, soliguide, emplois])).toEqual(merged);
  });
});

describe('RGPD: a contact masked by its own source is never filled from another', () => {
  it.each<[string, Structure[], string | null, string | null]>([
    [
      'DORA masks the phone, Soliguide publishes one',
      [{ ...dora, telephone: null, maskedContacts: ['telephone'] }, soliguide],
      null,
      'ccas@ville-lille.fr',
    ],
    [
      'Soliguide masks the e-mail',
      [dora, { ...soliguide, courriel: null, maskedContacts: ['courriel'] }],
      '+33320000003',
      null,
    ],
    ['nothing masked', [dora, soliguide], '+33320000003', 'ccas@ville-lille.fr'],
  ])('%s', (_case, records, telephone, courriel) => {
    const merged = mergeCluster(records);
    expect(merged.telephone).toBe(telephone);
    expect(merged.courriel).toBe(courriel);
  });

  it('says which source masked the field', () => {
    const merged = mergeCluster([{ ...dora, telephone: null, maskedContacts: ['telephone'] }, soliguide, emplois]);
    expect(merged.maskedContacts).toEqual(['telephone']);
    expect(prov(merged.provenance, 'telephone')).toEqual([
      { field: 'telephone', source: 'dora', recordId: 'dora--d1', dateMaj: '2025-03-01', rule: 'masked-by-source' },
    ]);
  });
});

describe('mergeCluster with overrides', () => {
  it('nom priority [soliguide, dora] makes the Soliguide record the representative', () => {
    const merged = mergeCluster(
      [dora, soliguide, emplois],
      policyWithOverrides({ fields: { nom: { rule: 'priority', sources: ['soliguide', 'dora'] } } }),
    );
    expect(merged).toMatchObject({ id: 'soliguide--s1', source: 'soliguide', nom: 'CCAS - Lille' });
    expect(merged.doublons.map((d) => d.id)).toEqual(['dora--d1', 'emplois-de-linclusion--e1']);
  });

  it('priority keeps the top source’s null; firstNonEmpty skips it', () => {
    const records = [dora, soliguide];
    const strict = mergeCluster(
      records,
      policyWithOverrides({ fields: { siteWeb: { rule: 'priority', sources: ['dora'] } } }),
    );
    const lenient = mergeCluster(
      records,
      policyWithOverrides({ fields: { siteWeb: { rule: 'firstNonEmpty', sources: ['dora'] } } }),
    );
    expect(strict.siteWeb).toBeNull();
    expect(lenient.siteWeb).toBe('https://www.lille.fr/');
  });

  it('mostRecent on the address takes the whole block of the latest located record', () => {
    const later = st('mediation-numerique--m1', {
      dateMaj: '2025-09-01',
      adresse: '14 rue Jean Jaurès',
      latitude: 50.64,
      longitude: 3.07,
      codeInsee: '59350',
    });
    const merged = mergeCluster(
      [dora, emplois, later],
      policyWithOverrides({ fields: { adresse: { rule: 'mostRecent' } } }),
    );
    expect(merged).toMatchObject({
      adresse: '14 rue Jean Jaurès',
      latitude: 50.64,
      longitude: 3.07,
      codePostal: null,
      commune: null,
    });
  });
});

describe('mergeCluster edge cases', () => {
  it('merges a single record into itself', () => {
    const merged = mergeCluster([dora]);
    expect(merged).toMatchObject({ id: 'dora--d1', nom: 'CCAS de Lille', telephone: '+33320000001', doublons: [] });
    expect(merged.sources).toHaveLength(1);
  });

  it('treats blank strings and empty lists as missing', () => {
    const merged = mergeCluster([
      st('dora--x', { description: '  ', reseauxPorteurs: [] }),
      st('fredo--y', { description: 'Une description.' }),
    ]);
    expect(merged.description).toBe('Une description.');
    expect(merged.reseauxPorteurs).toBeNull();
  });

  it('refuses an empty cluster', () => {
    expect(() => mergeCluster([])).toThrowError(/at least one record/);
  });
});
