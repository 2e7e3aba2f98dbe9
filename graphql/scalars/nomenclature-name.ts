/**
 * The `name` argument of `nomenclature(name:)`: a String (so new lists need no schema change),
 * checked against NOMENCLATURE_NAMES, the d·i `/api/v1/doc/<name>` slugs. Cheap aliases are
 * accepted because clients guess: any case/camelCase/snake_case spelling of a slug
 * (`typesServices`, `MODES_ACCUEIL`, `thématiques`), the field names the lists fill
 * (`type`, `mobilisable_par`, `reseaux_porteurs`…), and `types` / `types-de-services`
 * (the JSON file's name).
 */
import { NOMENCLATURE_NAMES, type NomenclatureName } from '../../src/domain/nomenclatures.js';
import { badUserInput } from '../../src/errors.js';
import { closestValues, didYouMean, foldValue } from './suggest.js';

/** Extra spellings, already folded (kebab-case, lower case, no accents). */
const ALIASES: Readonly<Record<string, NomenclatureName>> = Object.freeze({
  thematique: 'thematiques',
  public: 'publics',
  type: 'types-services',
  types: 'types-services',
  'type-service': 'types-services',
  'types-de-services': 'types-services',
  'mode-accueil': 'modes-accueil',
  'mode-mobilisation': 'modes-mobilisation',
  'mobilisable-par': 'personnes-mobilisatrices',
  'personne-mobilisatrice': 'personnes-mobilisatrices',
  'reseau-porteur': 'reseaux-porteurs',
});

const isName = (s: string): s is NomenclatureName => (NOMENCLATURE_NAMES as readonly string[]).includes(s);

/** `typesServices` → `types-services`, `MODES_ACCUEIL` → `modes-accueil`. */
function foldName(raw: string): string {
  return foldValue(raw.replace(/([a-z0-9])([A-Z])/g, '$1-$2'));
}

/** The canonical nomenclature name for `raw`, or BAD_USER_INPUT listing the valid names. */
export function parseNomenclatureName(raw: string, argumentName = 'name'): NomenclatureName {
  const key = foldName(raw);
  if (isName(key)) return key;
  const alias = ALIASES[key];
  if (alias) return alias;
  const suggestions = closestValues(key, NOMENCLATURE_NAMES);
  throw badUserInput(
    `Unknown nomenclature ${JSON.stringify(raw.slice(0, 80))} in argument "${argumentName}".${didYouMean(suggestions)} ` +
      `Valid names: ${NOMENCLATURE_NAMES.join(', ')} (thématique categories: query thematiqueCategories).`,
    { argumentName, validNames: [...NOMENCLATURE_NAMES], suggestions },
  );
}
