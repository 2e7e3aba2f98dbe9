import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/domain/index.js';
import { parseFileOptions } from './config.js';
import { buildDataset, DatasetError, readRows, type DatasetContext } from './dataset.js';
import { fileWorld } from './fixtures/world.js';
import { mapV1Service } from './mapping.js';
import { fraisOf, publicsOf, splitMulti, thematiquesOf, typeOf, zoneOf } from './mes-aides-rules.js';
import { FILE_PATHS, renderFiles } from './simulator.js';
import { createTerritoryLookup } from './territories.js';

const cog = createTerritoryLookup();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = (over: Partial<DatasetContext> = {}): DatasetContext => ({
  source: 'france-travail',
  layout: 'v1',
  kind: 'services',
  cog,
  today: todayIso(),
  ...over,
});
const mesAides = (body: string, format: 'csv' | 'json' = 'csv') =>
  buildDataset(readRows(body, format, 'ID'), ctx({ source: 'mes-aides', layout: 'mes-aides' }));

describe('mes-aides aides export (fixtures/aides.csv)', () => {
  const d = mesAides(fixture('aides.csv'));
  const byId = new Map(d.services.map((s) => [s.id, s]));

  it('maps an aide to a structure and a service sharing mes-aides--<ID>', () => {
    expect(byId.get('mes-aides--rec001')).toMatchObject({
      source: 'mes-aides',
      structureId: 'mes-aides--rec001',
      nom: 'Aide au permis de conduire B',
      description:
        "Le Département finance une partie de votre permis B.\nL'aide est versée à l'auto-école.\n\n## Montant\n\n500 €\n\n## Bon à savoir\n\nCumulable avec l'aide régionale.",
      dateMaj: '2025-09-12', // "Mise à jour le" wins over "Modifiée le"
      type: 'aide-financiere',
      thematiques: ['mobilite--financer-ma-mobilite', 'mobilite--preparer-un-permis'],
      frais: 'payant',
      publics: ['demandeurs-emploi', 'jeunes'],
      publicsPrecisions: 'Être inscrit France Travail, Avoir moins de 26 ans',
      conditionsAcces:
        "Autres conditions : Résider dans le Nord\n\nJustificatifs : Pièce d'identité, en cours de validité, Justificatif de domicile",
      telephone: '+33359735959',
      courriel: 'permis@lenord.fr',
      modesAccueil: ['a-distance'],
      zoneEligibilite: ['59'],
      lienMobilisation: 'https://www.lenord.fr/permis',
      modesMobilisation: ['utiliser-lien-mobilisation', 'telephoner', 'envoyer-un-courriel'],
      mobilisablePar: ['usagers', 'professionnels'],
      mobilisationPrecisions: 'Remplir le formulaire en ligne.',
    });
    expect(d.structures.find((s) => s.id === 'mes-aides--rec001')).toMatchObject({
      nom: 'Département du Nord',
      siteWeb: 'https://www.lenord.fr/',
      lienSource: 'https://mes-aides.francetravail.fr/transport-et-mobilite/aide-au-permis-b',
      siret: null,
    });
  });

  it('derives every zone kind', () => {
    expect([...byId.values()].map((s) => [s.id, s.zoneEligibilite])).toEqual([
      ['mes-aides--rec001', ['59']],
      ['mes-aides--rec002', ['59350', '59512']],
      ['mes-aides--rec003', ['200093201']],
      ['mes-aides--rec004', ['02', '59', '60', '62', '80']],
      ['mes-aides--rec005', ['france']],
      ['mes-aides--rec009', ['62']],
    ]);
  });

  it('reports every row kept out, with its row number', () => {
    expect(d.rejectedServices).toEqual([
      { source: 'mes-aides', id: null, reason: 'row 7: aide is not online ("En ligne" unchecked)' },
      { source: 'mes-aides', id: null, reason: 'row 8: ID is empty' },
      { source: 'mes-aides', id: 'mes-aides--rec008', reason: 'row 9: nom has 2 characters (3–150 expected)' },
    ]);
    expect(d.rejectedStructures.map((r) => r.reason)).toEqual([
      'row 7: aide is not online ("En ligne" unchecked)',
      'row 8: ID is empty',
      'row 10: nom has 0 characters (3–150 expected)',
    ]);
  });

  it('reads the same rows from a JSON export, Airtable `fields` envelope included', () => {
    const rows = readRows(fixture('aides.csv'), 'csv', 'ID').rows.map((r) => ({ fields: r.cells }));
    const json = mesAides(JSON.stringify({ records: rows }), 'json');
    expect(json.services).toEqual(d.services);
  });
});

describe('mes-aides value rules', () => {
  it.each([
    ['a,b , "c, d",,e', ['a', 'b', 'c, d', 'e']],
    ['', []],
  ])('splitMulti(%j)', (cell, out) => expect(splitMulti(cell)).toEqual(out));

  it('publics: "tout public" wins and keeps only itself as precision', () => {
    expect(publicsOf('Tout public,Avoir plus de 60 ans')).toEqual({
      publics: ['tous-publics'],
      precisions: 'Tout public',
    });
    expect(publicsOf('Avoir plus de 60 ans,Apprenti,Sans condition connue')).toEqual({
      publics: ['seniors', 'etudiants'],
      precisions: 'Avoir plus de 60 ans, Apprenti, Sans condition connue',
    });
    expect(publicsOf(null)).toEqual({ publics: null, precisions: null });
  });

  it('types by priority, "(ex : …)" hints removed even with commas', () => {
    expect(typeOf('Accompagnement,Prestation')).toBe('aide-materielle');
    expect(typeOf('Aide financière (ex : prime, subvention)')).toBe('aide-financiere');
    expect(typeOf('Inconnu')).toBeNull();
  });

  it('frais: payant wins; thématiques from besoins, commas inside labels handled', () => {
    expect(fraisOf('Prêt remboursement,Somme d’argent')).toBe('payant');
    expect(fraisOf('Prêt remboursement')).toBe('gratuit');
    expect(fraisOf('Nature inconnue')).toBeNull();
    expect(thematiquesOf('Scooter, trottinette...,Déménager')).toEqual([
      'mobilite--acceder-a-un-vehicule',
      'mobilite--mobilite-douce-partagee-collective',
      'logement-hebergement--changer-de-logement',
    ]);
    expect(thematiquesOf('Besoin inconnu')).toBeNull();
  });

  it('zone: intercommunal before communal, unknown names dropped', () => {
    const z = { zone: null, villes: null, epci: null, departements: null, regions: null };
    expect(
      zoneOf({ ...z, zone: 'Échelle intercommunale', epci: 'Métropole Européenne de Lille,Nulle Part' }, cog),
    ).toEqual(['200093201']);
    expect(zoneOf({ ...z, zone: 'Échelle communale', villes: 'Paris (75011),Lyon (69099)' }, cog)).toEqual([
      '75056',
      '69123',
    ]);
    expect(zoneOf({ ...z, zone: 'France métropolitaine' }, cog)).toEqual(['france']);
    expect(zoneOf({ ...z, zone: 'Échelle communale', villes: 'Atlantide (00000)' }, cog)).toBeNull();
    expect(zoneOf(z, cog)).toBeNull();
  });
});

describe('v1 sheet (France Travail services shape, fixtures/ft-services.csv)', () => {
  const d = buildDataset(readRows(fixture('ft-services.csv'), 'csv', 'id'), ctx({ structureId: 'national' }));

  it('reads DD/MM/YYYY dates, ", " lists, JSON-array and pipe cells, decimal commas', () => {
    expect(d.services.map((s) => s.id)).toEqual(['france-travail--aij', 'france-travail--ateliers-numeriques']);
    expect(d.services[0]).toMatchObject({
      structureId: 'france-travail--national',
      dateMaj: '2025-09-15',
      thematiques: [
        'trouver-un-emploi--faire-des-candidatures-spontanees',
        'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
      ],
      modesAccueil: ['en-presentiel', 'a-distance'],
      telephone: '3949',
      volumeHoraireHebdomadaire: 12.5,
      nombreSemaines: 26,
      zoneEligibilite: ['france'],
    });
    expect(d.services[1]).toMatchObject({
      thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
      publics: ['demandeurs-emploi', 'jeunes'],
      modesMobilisation: ['se-presenter'],
      zoneEligibilite: ['59', '62'],
    });
  });

  it('rejects ignored rows, unknown values and impossible dates with their row numbers', () => {
    expect(d.rejectedServices.map((r) => r.reason)).toEqual([
      'row 4: marked __ignore__ in the sheet',
      'row 5: thematiques has unknown value "pas-une-thematique"',
      'row 6: column "date_maj": "31/02/2025" is not a date (YYYY-MM-DD or DD/MM/YYYY expected)',
    ]);
  });

  it('reads a JSON sheet, rejecting non-objects and rows without a date', () => {
    const j = buildDataset(readRows(fixture('ft-services.json'), 'json', 'id'), ctx());
    expect(j.services.map((s) => [s.id, s.structureId, s.volumeHoraireHebdomadaire])).toEqual([
      ['france-travail--aij', 'france-travail--national', 12.5],
    ]);
    expect(j.rejectedServices.map((r) => r.reason)).toEqual([
      'row 2: date_maj is empty',
      'row 3: item is not an object',
    ]);
  });

  it('needs a structure id from the row or the options', () => {
    expect(
      mapV1Service(
        { id: 'x', date_maj: '2025-01-01', nom: 'Nom', description: 'Une description' },
        { source: 'france-travail' },
      ),
    ).toEqual({
      reason: 'structure_id is empty (set options.structureId for sheets without one)',
    });
  });

  it('rejects a duplicated id and a row whose cell count is off', () => {
    const body =
      'id,structure_id,date_maj,nom,description\na,s,2025-01-01,Nom A,Description A\na,s,2025-01-02,Nom B,Description B\nb,s,2025-01-01,"Nom, C",Desc,extra\n';
    const x = buildDataset(readRows(body, 'csv', 'id'), ctx());
    expect(x.services).toHaveLength(1);
    expect(x.rejectedServices.map((r) => r.reason)).toEqual([
      'row 3: duplicate id (first at row 2)',
      'row 4: 6 cells where the header has 5 (line 4)',
    ]);
  });

  it('rejects every row of a file without the key column, and refuses unreadable JSON', () => {
    expect(readRows('foo,bar\n1,2\n3,4\n', 'csv', 'id').broken.map((b) => b.reason)).toEqual([
      'header has no "id" column',
      'header has no "id" column',
    ]);
    expect(() => readRows('{"items": [', 'json', 'id')).toThrow(DatasetError);
    expect(() => readRows('{"rows": 3}', 'json', 'id')).toThrow(/neither an array/);
  });
});

describe('parseFileOptions', () => {
  it('applies defaults and strips leading slashes', () => {
    expect(parseFileOptions('ma', { path: '/aides.csv', layout: 'mes-aides' })).toEqual({
      path: 'aides.csv',
      format: 'csv',
      layout: 'mes-aides',
    });
  });

  it('lists every problem, naming the key to change', () => {
    expect(() => parseFileOptions('ft', { format: 'xml', layout: 'v2', delimiter: '|' })).toThrow(
      [
        'Invalid file source options:',
        '  - sources (ft).options.path must be the dataset\'s path under baseUrl (e.g. "aides.csv"), got: undefined',
        '  - sources (ft).options.format must be "csv" or "json", got: "xml"',
        '  - sources (ft).options.layout must be "v1" or "mes-aides", got: "v2"',
        '  - sources (ft).options.delimiter must be ",", ";" or a tab, got: "|"',
      ].join('\n'),
    );
  });
});

describe('render (simulator) → mapping round trip', () => {
  const world = fileWorld();
  const files = renderFiles(world);

  it('gives back the world mes-aides services with their semantics', () => {
    const d = mesAides(files.get(FILE_PATHS.mesAidesCsv)!);
    expect(d.rejectedServices).toEqual([]);
    const expected = world.services
      .filter((s) => s.source === 'mes-aides')
      .map((s) => ({
        id: `mes-aides--${s.localId}`,
        nom: s.nom,
        type: s.type,
        frais: s.frais,
        thematiques: s.thematiques.length > 0 ? s.thematiques : null,
        publics: s.publics,
        courriel:
          s.courriel ??
          world.structures.find((o) => o.source === 'mes-aides' && o.localId === s.structureLocalId)?.courriel ??
          null,
      }));
    expect(
      d.services.map(({ id, nom, type, frais, thematiques, publics, courriel }) => ({
        id,
        nom,
        type,
        frais,
        thematiques,
        publics,
        courriel,
      })),
    ).toEqual(expected);
    expect(d.services.map((s) => s.zoneEligibilite)).toEqual([
      ['59'],
      ['59350'],
      ['200093201'],
      ['02', '59', '60', '62', '80'],
      ['france'],
    ]);
    expect(mesAides(files.get(FILE_PATHS.mesAidesJson)!, 'json').services).toEqual(d.services);
  });

  it('gives back the world France Travail services from the v1 sheet', () => {
    const d = buildDataset(readRows(files.get(FILE_PATHS.ftServices)!, 'csv', 'id'), ctx());
    expect(d.rejectedServices).toEqual([]);
    expect(
      d.services.map((s) => [s.id, s.structureId, s.dateMaj, s.telephone, s.codeInsee, s.zoneEligibilite]),
    ).toEqual([
      ['france-travail--aij', 'france-travail--national', '2025-04-02', '3949', null, ['france']],
      [
        'france-travail--ateliers',
        'france-travail--national',
        '2025-04-02',
        null,
        '59350',
        ['02', '59', '60', '62', '80'],
      ],
    ]);
    const st = buildDataset(readRows(files.get(FILE_PATHS.ftStructures)!, 'csv', 'id'), ctx({ kind: 'structures' }));
    expect(st.structures.map((s) => [s.id, s.nom, s.telephone, s.siteWeb])).toEqual([
      ['france-travail--national', 'France Travail', '+33320000000', 'https://example.org/'],
    ]);
  });
});
