/**
 * Name ↔ code look-ups over the COG (@etalab/decoupage-administratif, MIT) for datasets that name
 * territories instead of coding them (mes-aides: "Lille (59000)", "Métropole Européenne de Lille",
 * "Hauts-de-France"). data·inclusion matches these names by trigram similarity; we match normalised
 * names exactly, then by inclusion, which is enough for names copied from the COG. Tables load on
 * first use, once per lookup instance.
 */
import { createRequire } from 'node:module';
import { communeOfArrondissement, normaliseForMatch } from '../../src/domain/index.js';

interface CogCommune {
  readonly code: string;
  readonly nom: string;
  readonly type: string;
  readonly codesPostaux?: readonly string[];
}
interface CogNamed {
  readonly code: string;
  readonly nom: string;
  readonly region?: string;
}

/** Territory look-ups a dataset mapping needs (pure once built). */
export interface TerritoryLookup {
  /** COG code of the commune named `nom` with postcode `codePostal`, arrondissements folded; null when unknown. */
  communeCode(nom: string, codePostal: string | null): string | null;
  /** SIREN of the EPCI named `nom`; null when unknown. */
  epciCode(nom: string): string | null;
  /** Code of a département given as `59`, `59 - Nord` or `Nord`; null when unknown. */
  departementCode(label: string): string | null;
  /** Départements of a région given by code or name; empty when unknown. */
  departementsOfRegion(label: string): string[];
  /** Name and first postcode of a commune code (for rendering). */
  commune(code: string): { readonly nom: string; readonly codePostal: string | null } | null;
  /** Name of an EPCI, département or région code (for rendering). */
  nameOf(kind: 'epci' | 'departement' | 'region', code: string): string | null;
}

const norm = (s: string) => normaliseForMatch(s);

function lazy<T>(load: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= load());
}

/** Builds a lookup over the COG tables shipped with @etalab/decoupage-administratif. */
export function createTerritoryLookup(): TerritoryLookup {
  const require = createRequire(import.meta.url);
  const table = <T>(name: string) =>
    lazy(() => require(`@etalab/decoupage-administratif/data/${name}.json`) as readonly T[]);
  const communes = lazy(() =>
    table<CogCommune>('communes')().filter(
      (c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal',
    ),
  );
  const byCode = lazy(() => new Map(communes().map((c) => [c.code, c])));
  const byPostcode = lazy(() => {
    const m = new Map<string, CogCommune[]>();
    for (const c of communes()) for (const cp of c.codesPostaux ?? []) m.set(cp, [...(m.get(cp) ?? []), c]);
    return m;
  });
  const epcis = table<CogNamed>('epci');
  const departements = table<CogNamed>('departements');
  const regions = table<CogNamed>('regions');
  const fold = (code: string) => communeOfArrondissement(code) ?? code;
  const named = <T extends CogNamed>(list: readonly T[], label: string): T | undefined => {
    const n = norm(label);
    return (
      list.find((x) => norm(x.nom) === n) ??
      list.find((x) => norm(x.nom).includes(n) || (n.includes(norm(x.nom)) && x.nom.length > 3))
    );
  };

  return {
    communeCode(nom, codePostal) {
      const n = norm(nom);
      const pool = codePostal ? (byPostcode().get(codePostal) ?? []) : [];
      const hit =
        pool.find((c) => norm(c.nom) === n) ?? pool.find((c) => norm(c.nom).startsWith(n) || n.startsWith(norm(c.nom)));
      if (hit) return fold(hit.code);
      // Postcode missing or wrong (data·inclusion hard-codes Paris and Lyon for that): a unique name will do.
      const same = communes().filter((c) => c.type === 'commune-actuelle' && norm(c.nom) === n);
      return same.length === 1 ? same[0]!.code : null;
    },
    epciCode: (nom) => named(epcis(), nom)?.code ?? null,
    departementCode(label) {
      const code = label.split(' - ')[0]!.trim().toUpperCase();
      if (departements().some((d) => d.code === code)) return code;
      return named(departements(), label)?.code ?? null;
    },
    departementsOfRegion(label) {
      const t = label.trim();
      const region = regions().find((r) => r.code === t) ?? named(regions(), t);
      return region
        ? departements()
            .filter((d) => d.region === region.code)
            .map((d) => d.code)
        : [];
    },
    commune(code) {
      const c = byCode().get(code);
      return c ? { nom: c.nom, codePostal: c.codesPostaux?.[0] ?? null } : null;
    },
    nameOf(kind, code) {
      const list = kind === 'epci' ? epcis() : kind === 'departement' ? departements() : regions();
      return list.find((x) => x.code === code)?.nom ?? null;
    },
  };
}
