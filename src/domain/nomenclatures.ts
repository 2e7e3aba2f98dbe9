/**
 * The v1 nomenclatures of the data·inclusion schema, read from the copies the project carries in
 * data/data-inclusion (Licence Ouverte 2.0, see data/data-inclusion/PROVENANCE.md).
 */
import frais from '../../data/data-inclusion/v1/extra/frais.json' with { type: 'json' };
import modesAccueil from '../../data/data-inclusion/v1/extra/modes-accueil.json' with { type: 'json' };
import modesMobilisation from '../../data/data-inclusion/v1/extra/modes-mobilisation.json' with { type: 'json' };
import personnesMobilisatrices from '../../data/data-inclusion/v1/extra/personnes-mobilisatrices.json' with { type: 'json' };
import publics from '../../data/data-inclusion/v1/extra/publics.json' with { type: 'json' };
import reseauxPorteurs from '../../data/data-inclusion/v1/extra/reseaux-porteurs.json' with { type: 'json' };
import thematiques from '../../data/data-inclusion/v1/extra/thematiques.json' with { type: 'json' };
import typesDeServices from '../../data/data-inclusion/v1/extra/types-de-services.json' with { type: 'json' };
import categories from '../../data/data-inclusion/derived/thematiques-categories-v1.json' with { type: 'json' };

/** One value of a nomenclature, as the schema's JSON lists give it. */
export interface NomenclatureValue {
  readonly value: string;
  readonly label: string;
  readonly description: string | null;
}

/** Names of the v1 nomenclatures, as accepted by `nomenclature(name:)` (the d·i `/doc/<name>` slugs). */
export const NOMENCLATURE_NAMES = [
  'thematiques',
  'publics',
  'types-services',
  'frais',
  'modes-accueil',
  'modes-mobilisation',
  'personnes-mobilisatrices',
  'reseaux-porteurs',
] as const;
export type NomenclatureName = (typeof NOMENCLATURE_NAMES)[number];

const freeze = (list: readonly NomenclatureValue[]): readonly NomenclatureValue[] =>
  Object.freeze([...list].sort((a, b) => a.value.localeCompare(b.value)).map((v) => Object.freeze({ ...v })));

/** Every v1 list by name, sorted by value. */
export const NOMENCLATURES: Readonly<Record<NomenclatureName, readonly NomenclatureValue[]>> = Object.freeze({
  thematiques: freeze(thematiques),
  publics: freeze(publics),
  'types-services': freeze(typesDeServices),
  frais: freeze(frais),
  'modes-accueil': freeze(modesAccueil),
  'modes-mobilisation': freeze(modesMobilisation),
  'personnes-mobilisatrices': freeze(personnesMobilisatrices),
  'reseaux-porteurs': freeze(reseauxPorteurs),
});

/** The 16 thématique categories (the prefix before `--`). */
export const THEMATIQUE_CATEGORIES: readonly NomenclatureValue[] = freeze(categories);

const valueSets = new Map<NomenclatureName, ReadonlySet<string>>(
  NOMENCLATURE_NAMES.map((n) => [n, new Set(NOMENCLATURES[n].map((v) => v.value))]),
);

/** True when `value` is in the named v1 list. */
export function isNomenclatureValue(name: NomenclatureName, value: string): boolean {
  return valueSets.get(name)!.has(value);
}

/** True when `value` is a thématique category such as `famille`. */
export function isThematiqueCategory(value: string): boolean {
  return THEMATIQUE_CATEGORIES.some((c) => c.value === value);
}

/** Expands categories into their sub-thématiques, keeps thématiques, de-duplicates; order is stable. */
export function expandThematiques(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (isThematiqueCategory(v)) {
      for (const t of NOMENCLATURES.thematiques) if (t.value.startsWith(`${v}--`)) out.add(t.value);
    } else out.add(v);
  }
  return [...out];
}
