/**
 * Arguments of `communes(...)` and of paged commune lists, with their checks. Codes are checked by
 * hand (parseCode) rather than by class-validator so the error names the argument and the format.
 */
import { ArgsType, Field, Int } from 'type-graphql';
import { normaliseForMatch } from '../../src/domain/normalise.js';
import { badUserInput } from '../../src/errors.js';
import { FIRST, parseCode, parseFirst, shown } from './territory.args.js';

/** What `communes(...)` asks the territory source (the shape of the connector's CommuneQuery). */
export interface CommuneSearch {
  readonly nom?: string;
  readonly codePostal?: string;
  readonly codeDepartement?: string;
  readonly codeEpci?: string;
  readonly limit: number;
}

/** Longest name accepted in a search. */
const NOM_MAX = 100;

/** Arguments of `communes(...)`: at least one filter; filters combine with AND. */
@ArgsType()
export class CommunesArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'Name or start of a name, accent-, case- and punctuation-insensitive (`saint etienne`, `st-etienne`). Exact names come ' +
      'first, then names starting with it, then names with a word starting with it; the most populous first in each group.',
  })
  nom?: string | null;

  @Field(() => String, { nullable: true, description: 'Postcode, 5 digits (e.g. `59000`): the communes it serves.' })
  codePostal?: string | null;

  @Field(() => String, { nullable: true, description: 'Département code (`59`, `2A`, `974`): only its communes.' })
  departement?: string | null;

  @Field(() => String, { nullable: true, description: 'EPCI SIREN, 9 digits (`200093201`): only its member communes.' })
  epci?: string | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: FIRST.default,
    description: `How many communes at most, ${FIRST.min} to ${FIRST.max}.`,
  })
  first?: number | null;
}

/** Checks the arguments and turns them into a commune query; BAD_USER_INPUT naming the argument otherwise. */
export function communeSearchOf(args: CommunesArgs): CommuneSearch {
  const limit = parseFirst(args.first);
  const codePostal = args.codePostal == null ? undefined : parseCode('codePostal', 'codePostal', args.codePostal);
  const codeDepartement =
    args.departement == null ? undefined : parseCode('departement', 'departement', args.departement);
  const codeEpci = args.epci == null ? undefined : parseCode('epci', 'epci', args.epci);
  let nom: string | undefined;
  if (args.nom != null) {
    if (args.nom.length > NOM_MAX || normaliseForMatch(args.nom) === '') {
      throw badUserInput(
        `Argument "nom" must hold at least one letter or digit and at most ${NOM_MAX} characters; got ${shown(args.nom)}`,
        { argumentName: 'nom' },
      );
    }
    nom = args.nom;
  }
  if (nom === undefined && codePostal === undefined && codeDepartement === undefined && codeEpci === undefined) {
    throw badUserInput('Give at least one of the arguments "nom", "codePostal", "departement" or "epci" to `communes`');
  }
  return { nom, codePostal, codeDepartement, codeEpci, limit };
}

/** Paging arguments of a commune list (`Departement.communes`). */
@ArgsType()
export class CommunePageArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: FIRST.default,
    description: `Page size, ${FIRST.min} to ${FIRST.max}.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The `pageInfo.endCursor` (or an edge `cursor`) of the previous page; omit for the first page.',
  })
  after?: string | null;
}
