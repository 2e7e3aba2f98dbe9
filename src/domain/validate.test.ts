import { describe, expect, it } from 'vitest';
import { EMPTY_SERVICE, EMPTY_STRUCTURE, parseSourceId, type Service, type Structure, sourceId } from './offre.js';
import { serviceViolation, structureViolation, todayIso } from './validate.js';

const TODAY = '2026-01-15';
const st = (extra: Partial<Structure> = {}): Structure => ({
  ...EMPTY_STRUCTURE,
  source: 'dora',
  id: 'dora--1',
  nom: 'CCAS de Lille',
  dateMaj: '2025-06-01',
  ...extra,
});
const sv = (extra: Partial<Service> = {}): Service => ({
  ...EMPTY_SERVICE,
  source: 'dora',
  id: 'dora--s',
  structureId: 'dora--1',
  nom: 'Aide alimentaire',
  description: 'Colis et repas.',
  dateMaj: '2025-06-01',
  ...extra,
});

describe('the checks every record goes through', () => {
  it('accepts a minimal valid structure and service', () => {
    expect(structureViolation(st(), TODAY)).toBeNull();
    expect(serviceViolation(sv(), TODAY)).toBeNull();
  });
  it.each<[Partial<Structure>, string | null]>([
    [{ id: '' }, 'id "" does not start with "dora--"'],
    [{ id: 'soliguide--1' }, 'id "soliguide--1" does not start with "dora--"'],
    [{ nom: 'ab' }, 'nom has 2 characters (3–150 expected)'],
    [{ nom: 'abc' }, null],
    [{ nom: 'x'.repeat(150) }, null],
    [{ nom: 'x'.repeat(151) }, 'nom has 151 characters (3–150 expected)'],
    [{ codePostal: '5900' }, 'code_postal "5900" is not 5 digits'],
    [{ codePostal: '59000' }, null],
    [{ codePostal: 'x59000' }, 'code_postal "x59000" is not 5 digits'],
    [{ codePostal: '590001' }, 'code_postal "590001" is not 5 digits'],
    [{ codeInsee: '2A00' }, 'code_insee "2A00" is not 5 characters'],
    [{ codeInsee: '2A004' }, null],
    [{ codeInsee: '2A0045' }, 'code_insee "2A0045" is not 5 characters'],
    [{ codeInsee: '-2A004' }, 'code_insee "-2A004" is not 5 characters'],
    [{ latitude: -90, longitude: -180 }, null],
    [{ latitude: 90, longitude: 180 }, null],
    [{ latitude: -90.1 }, 'latitude -90.1 out of range'],
    [{ latitude: 90.1 }, 'latitude 90.1 out of range'],
    [{ longitude: -180.1 }, 'longitude -180.1 out of range'],
    [{ longitude: 180.1 }, 'longitude 180.1 out of range'],
    [{ courriel: 'a@b.fr' }, null],
    [{ courriel: 'a b@c.fr' }, 'courriel "a b@c.fr" is not an e-mail'],
    [{ courriel: 'a@b' }, 'courriel "a@b" is not an e-mail'],
    [{ courriel: 'a@b.fr x' }, 'courriel "a@b.fr x" is not an e-mail'],
    [{ courriel: 'x a@b.fr' }, 'courriel "x a@b.fr" is not an e-mail'],
    [{ dateMaj: '2026-1-15' }, 'date_maj "2026-1-15" is not a YYYY-MM-DD date'],
    [{ dateMaj: '2026-13-45' }, 'date_maj "2026-13-45" is not a YYYY-MM-DD date'],
    [{ dateMaj: '1999-12-31' }, 'date_maj 1999-12-31 is outside 2000-01-01…2026-01-15'],
    [{ dateMaj: '2000-01-01' }, null],
    [{ dateMaj: TODAY }, null],
    [{ dateMaj: '2026-01-16' }, 'date_maj 2026-01-16 is outside 2000-01-01…2026-01-15'],
    [{ description: 'abcd' }, 'description has 4 characters (5–10000 expected)'],
    [{ description: 'abcde' }, null],
    [{ description: 'x'.repeat(10_000) }, null],
    [{ description: 'x'.repeat(10_001) }, 'description has 10001 characters (5–10000 expected)'],
    [{ siret: '1234567890123' }, 'siret "1234567890123" is not 14 digits'],
    [{ siret: '12345678901234' }, null],
    [{ siret: '123456789012345' }, 'siret "123456789012345" is not 14 digits'],
    [{ siret: 'x12345678901234' }, 'siret "x12345678901234" is not 14 digits'],
    [{ reseauxPorteurs: [] }, null],
    [{ reseauxPorteurs: ['nope'] }, 'reseaux_porteurs has unknown value "nope"'],
  ])('structure %o → %s', (extra, want) => expect(structureViolation(st(extra), TODAY)).toBe(want));

  it.each<[Partial<Service>, string | null]>([
    [{ id: 'x--s' }, 'id "x--s" does not start with "dora--"'],
    [{ structureId: 'soliguide--1' }, 'structure_id "soliguide--1" does not start with "dora--"'],
    [{ description: 'abcd' }, 'description has 4 characters (5–10000 expected)'],
    [{ description: 'abcde' }, null],
    [{ description: 'x'.repeat(10_000) }, null],
    [{ description: 'x'.repeat(10_001) }, 'description has 10001 characters (5–10000 expected)'],
    [{ type: 'nope' as Service['type'] }, 'type has unknown value "nope"'],
    [{ frais: 'nope' as Service['frais'] }, 'frais has unknown value "nope"'],
    [{ publics: ['tous-publics'] }, null],
    [{ publics: ['tous-publics', 'familles'] }, 'publics combines tous-publics with other values'],
    [{ publics: [] }, 'publics is an empty list (use null)'],
    [{ publics: ['familles', 'familles'] }, 'publics has duplicate values'],
    [{ thematiques: [] }, null],
    [{ thematiques: ['nope'] }, 'thematiques has unknown value "nope"'],
    [{ modesAccueil: [] }, null],
    [{ modesAccueil: ['nope'] as Service['modesAccueil'] }, 'modes_accueil has unknown value "nope"'],
    [{ modesMobilisation: [] }, 'modes_mobilisation is an empty list (use null)'],
    [{ mobilisablePar: [] }, 'mobilisable_par is an empty list (use null)'],
    [{ zoneEligibilite: [] }, 'zone_eligibilite is an empty list (use null)'],
    [{ zoneEligibilite: ['59350', '59', '974', '200093201', '99100', 'france'] }, null],
    [{ zoneEligibilite: ['5935'] }, 'zone_eligibilite has invalid code "5935"'],
    [{ volumeHoraireHebdomadaire: 0 }, null],
    [{ volumeHoraireHebdomadaire: -1 }, 'volume_horaire_hebdomadaire is negative'],
    [{ nombreSemaines: 1 }, null],
    [{ nombreSemaines: 0 }, 'nombre_semaines is not an integer ≥ 1'],
    [{ nombreSemaines: 1.5 }, 'nombre_semaines is not an integer ≥ 1'],
  ])('service %o → %s', (extra, want) => expect(serviceViolation(sv(extra), TODAY)).toBe(want));

  it('dates today in UTC', () => expect(todayIso(new Date('2026-01-15T23:30:00-02:00'))).toBe('2026-01-16'));
});

describe('record ids', () => {
  it('joins and splits source and local id on the first "--"', () => {
    expect(sourceId('dora', 42)).toBe('dora--42');
    expect(parseSourceId('dora--a--b')).toEqual({ source: 'dora', localId: 'a--b' });
    expect(parseSourceId('dora')).toBeNull();
    expect(parseSourceId('--1')).toBeNull();
    expect(parseSourceId('dora--')).toBeNull();
    expect(parseSourceId('d--1')).toEqual({ source: 'd', localId: '1' });
  });
});
