/**
 * Pure mapping of one row of the mes-aides "aides" export (docs/data-inclusion.md#mes-aides-rules) to the structure and
 * the service data·inclusion derives from it: both ids are `mes-aides--<ID>`, the structure is the
 * aide's Organisme, the service is remote (`a-distance`) and its zone comes from "Zone géographique".
 */
import {
  EMPTY_SERVICE,
  EMPTY_STRUCTURE,
  cleanNom,
  cleanUrl,
  toE164,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import { bool, date, multiline, text } from './cells.js';
import { guarded, type Mapped } from './mapping.js';
import { fraisOf, publicsOf, splitMulti, thematiquesOf, typeOf, zoneOf } from './mes-aides-rules.js';
import type { TerritoryLookup } from './territories.js';
import type { MesAidesColumn, RawRow } from './types.js';

/** Source slug of the records. */
export const MES_AIDES = 'mes-aides';

const cell = (r: RawRow, c: MesAidesColumn) => text(r, c);
const first = (r: RawRow, cs: readonly MesAidesColumn[]) => cs.map((c) => cell(r, c)).find((v) => v !== null) ?? null;
const joinNonNull = (parts: ReadonlyArray<string | null>, sep: string) =>
  parts.filter((p): p is string => p !== null).join(sep) || null;
const labelled = (label: string, v: string | null) => (v === null ? null : `${label}${v}`);

/** Description, then "## Montant" and "## Bon à savoir" sections (only when filled; the pipeline prints " €" for an empty amount). */
function descriptionOf(r: RawRow): string {
  const montant = cell(r, 'Montant');
  const bon = multiline(r, 'Bon à savoir');
  return (
    joinNonNull(
      [
        multiline(r, 'Description'),
        montant === null ? null : `## Montant\n\n${/€\s*$/.test(montant) ? montant : `${montant} €`}`,
        bon === null ? null : `## Bon à savoir\n\n${bon}`,
      ],
      '\n\n',
    ) ?? ''
  );
}

function conditionsOf(r: RawRow): string | null {
  const justificatifs = splitMulti(cell(r, 'Justificatifs'));
  return joinNonNull(
    [
      labelled('Autres conditions : ', multiline(r, 'Autres Conditions')),
      labelled('Justificatifs : ', justificatifs.length > 0 ? justificatifs.join(', ') : null),
      labelled('Autres justificatifs : ', multiline(r, 'Autres Justificatifs')),
    ],
    '\n\n',
  );
}

/** The host part of the organisation's site, as the pipeline's `SUBSTRING(site FROM '^(?:.+://)?[^/]+')`. */
function siteOf(r: RawRow): string | null {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/]+/i.exec(cell(r, 'Site') ?? '');
  return m ? cleanUrl(m[0]) : null;
}

/** One aides row → its structure and service (unvalidated), or why it cannot be mapped. */
export function mapMesAidesRow(r: RawRow, cog: TerritoryLookup): Mapped<{ structure: Structure; service: Service }> {
  return guarded<{ structure: Structure; service: Service }>(() => {
    const local = cell(r, 'ID');
    if (local === null) return { reason: 'ID is empty' };
    if (!bool(r, 'En ligne')) return { reason: 'aide is not online ("En ligne" unchecked)' };
    const dateMaj = date(r, 'Mise à jour le') ?? date(r, 'Modifiée le');
    if (dateMaj === null) return { reason: '"Mise à jour le" and "Modifiée le" are empty' };
    const id = `${MES_AIDES}--${local}`;
    const telephone = toE164(first(r, ['Contact Tel', 'Contact Tel 2', 'Contact Tel 3']));
    const courriel = first(r, ['Contact Email', 'Contact Email 2', 'Contact Email 3']);
    const lienSource = cleanUrl(cell(r, "Voir l'aide"));
    const lienMobilisation = cleanUrl(cell(r, 'Formulaire Url'));
    const publics = publicsOf(cell(r, 'Conditions'));
    const modes = [
      lienMobilisation && 'utiliser-lien-mobilisation',
      telephone && 'telephoner',
      courriel && 'envoyer-un-courriel',
    ].filter((m): m is string => typeof m === 'string');
    const structure: Structure = {
      ...EMPTY_STRUCTURE,
      source: MES_AIDES,
      id,
      nom: cleanNom(cell(r, 'Organisme')) ?? '',
      dateMaj,
      telephone,
      courriel,
      siteWeb: siteOf(r),
      lienSource,
    };
    const service: Service = {
      ...EMPTY_SERVICE,
      source: MES_AIDES,
      id,
      structureId: id,
      nom: cleanNom(cell(r, 'Nom')) ?? '',
      description: descriptionOf(r),
      lienSource,
      dateMaj,
      type: typeOf(cell(r, "Type d'aide")),
      thematiques: thematiquesOf(cell(r, 'Besoins')),
      frais: fraisOf(cell(r, 'Nature')),
      publics: publics.publics,
      publicsPrecisions: publics.precisions,
      conditionsAcces: conditionsOf(r),
      telephone,
      courriel,
      modesAccueil: ['a-distance'],
      zoneEligibilite: zoneOf(
        {
          zone: cell(r, 'Zone géographique'),
          villes: cell(r, 'Villes'),
          epci: cell(r, 'EPCI'),
          departements: cell(r, 'Départements'),
          regions: cell(r, 'Régions'),
        },
        cog,
      ),
      lienMobilisation,
      modesMobilisation: modes.length > 0 ? modes : null,
      mobilisablePar: ['usagers', 'professionnels'],
      mobilisationPrecisions: multiline(r, 'Démarches'),
    };
    return { record: { structure, service } };
  });
}
