import { describe, expect, it } from 'vitest';
import { serviceViolation, structureViolation } from '../../src/domain/index.js';
import { smallWorld } from './fixtures/world.js';
import { mapDoraService, mapDoraStructure } from './mapping.js';
import { nationalPhone, renderDora } from './render.js';

const TODAY = '2026-06-30';

describe('renderDora', () => {
  const world = smallWorld();
  const payloads = renderDora(world);

  it('renders only dora records, in DORA v0 vocabulary', () => {
    expect(payloads.structures.map((s) => s.id)).toEqual(['s-1', 's-2']);
    expect(payloads.services.map((s) => s.id)).toEqual(['sv-1', 'sv-2', 'sv-3']);
    const sv2 = payloads.services[1]!;
    expect(sv2).toMatchObject({
      types: ['accompagnement'],
      zone_diffusion_type: 'region',
      zone_diffusion_code: '32',
      contact_public: false,
      modes_orientation_accompagnateur: ['envoyer-un-mail', 'completer-le-formulaire-dadhesion'],
      modes_orientation_beneficiaire: [],
      formulaire_en_ligne: 'https://rdv.example.fr/ccas',
      prise_rdv: null,
      telephone: '03 20 49 60 01',
    });
    expect(payloads.structures[0]).toMatchObject({
      typologie: 'CCAS',
      labels_nationaux: ['france-service'],
      date_maj: '2026-05-04T09:30:00Z',
    });
  });

  it('maps back to the world values (the simulator is the reverse of the mapping)', () => {
    for (const [i, dto] of payloads.structures.entries()) {
      const s = mapDoraStructure(dto);
      const w = world.structures[i]!;
      expect(structureViolation(s, TODAY)).toBeNull();
      expect(s).toMatchObject({
        id: `dora--${w.localId}`,
        nom: w.nom,
        siret: w.siret,
        codeInsee: w.codeInsee,
        telephone: w.telephone,
        courriel: w.courriel,
        siteWeb: w.siteWeb,
        description: w.description,
        dateMaj: w.dateMaj,
      });
      expect(s.reseauxPorteurs).toEqual([...w.reseauxPorteurs].sort());
    }
    for (const [i, dto] of payloads.services.entries()) {
      const s = mapDoraService(dto);
      const w = world.services[i]!;
      expect(serviceViolation(s, TODAY)).toBeNull();
      expect(s).toMatchObject({
        id: `dora--${w.localId}`,
        structureId: `dora--${w.structureLocalId}`,
        nom: w.nom,
        description: w.description,
        type: w.type,
        frais: w.frais,
        lienMobilisation: w.lienMobilisation,
        mobilisablePar: w.mobilisablePar,
      });
      expect(s.modesMobilisation).toEqual([...(w.modesMobilisation ?? [])].sort());
      expect(s.thematiques).toEqual([...w.thematiques].sort());
      expect(s.telephone).toBe(w.contactPublic ? w.telephone : null);
    }
  });

  it('renders zones and publics the DORA way', () => {
    const [sv1, sv2, sv3] = payloads.services.map((d) => mapDoraService(d));
    expect(sv1!.zoneEligibilite).toEqual(['59']);
    expect(sv2!.zoneEligibilite).toEqual(['02', '59', '60', '62', '80']);
    expect(sv3!.zoneEligibilite).toEqual(['france']);
    expect(sv3!.publics).toEqual(['tous-publics']); // DORA exports "no publics" as tous-publics
    expect(sv2!.conditionsAcces).toBe("Avis d'imposition\nPièce d'identité");
  });

  it('formats phones nationally, DROM included', () => {
    expect(nationalPhone('+33320123456')).toBe('03 20 12 34 56');
    expect(nationalPhone('+262262123456')).toBe('02 62 12 34 56');
    expect(nationalPhone('+33697243355')).toBe('+33697243355'); // 06 97 would read back as Martinique
    expect(nationalPhone('3949')).toBe('3949');
    expect(nationalPhone(null)).toBeNull();
  });
});
