/**
 * The services one source publishes for one structure appearance, in that source's habits:
 * DORA picks from the kind's offer with varied zones and masked contacts; Soliguide one service
 * per category; médiation numérique, monenfant and mes-aides one service with the structure's id;
 * France Travail the national offer on every agency; fredo one service per service value.
 */
import { FRANCE_TRAVAIL_NATIONAL, SERVICES_BY_KIND, type ServiceTemplate } from './catalogue.js';
import type { Entity } from './entities.js';
import type { DatePicker } from './appearances.js';
import type { Rng } from './random.js';
import {
  FREDO_SERVICES,
  MES_AIDES_AIDES,
  SOLIGUIDE_CATEGORIES,
  fredoTemplate,
  mediationLabels,
  mediationTemplate,
  mesAidesTemplate,
  monenfantTemplate,
  soliguideTemplate,
  type SourceTemplate,
} from './source-services.js';
import { personName, slug } from './vocab.js';
import type { SandboxService, SandboxSource, SandboxStructure, SandboxZone } from './world.js';

/** What the builder needs besides the entity. */
export interface ServiceContext {
  readonly date: DatePicker;
  readonly rng: Rng;
  /** Memo of table-derived templates for this generation run. */
  readonly memo: Map<string, SourceTemplate>;
}

function zoneOf(type: 'commune' | 'epci' | 'departement' | 'region' | 'pays' | null, e: Entity): SandboxZone {
  const c = e.commune;
  if (type === null) return null;
  if (type === 'pays') return { type: 'pays' };
  if (type === 'commune') return { type, code: c.code };
  if (type === 'epci')
    return c.codeEpci ? { type, code: c.codeEpci } : { type: 'departement', code: c.codeDepartement };
  return type === 'region' ? { type, code: c.codeRegion } : { type, code: c.codeDepartement };
}

const DORA_ZONES = ['commune', 'epci', 'departement', 'region', 'pays', null] as const;
const DORA_ZONE_WEIGHTS = [40, 15, 30, 7, 5, 3];

function lien(source: SandboxSource, st: SandboxStructure, localId: string): string {
  if (source === 'mes-aides')
    return `https://mes-aides.francetravail.fr/transport-et-mobilite/${localId.toLowerCase()}`;
  if (source === 'france-travail') return `https://candidat.francetravail.fr/prestations/${slug(localId)}`;
  return `https://rdv.${slug(st.nom).slice(0, 20)}.fr/prendre-rendez-vous`;
}

function build(
  t: ServiceTemplate & { sourceCategories?: readonly string[] },
  e: Entity,
  st: SandboxStructure,
  localId: string,
  zone: SandboxZone,
  ctx: ServiceContext,
): SandboxService {
  const { rng } = ctx;
  const remoteOnly = t.modes.length === 1 && t.modes[0] === 'a-distance';
  const placeless = remoteOnly && (st.source === 'mes-aides' || rng.chance(0.5));
  const dora = st.source === 'dora';
  const qpv = dora && t.publics !== null && !t.publics.includes('tous-publics') && rng.chance(0.25);
  return {
    source: st.source,
    localId,
    structureLocalId: st.localId,
    nom: t.nom,
    description: rng.chance(0.1) ? t.description.split('.')[0]! + '.' : t.description,
    dateMaj: ctx.date(rng),
    type: t.type,
    thematiques: t.thematiques,
    publics: qpv ? [...t.publics!, 'residents-qpv-frr'] : t.publics,
    publicsPrecisions: qpv ? 'Priorité aux habitants des quartiers prioritaires.' : null,
    frais: t.frais,
    fraisPrecisions: t.fraisPrecisions ?? null,
    modesAccueil: t.modes,
    zone,
    modesMobilisation: t.mobilisation,
    mobilisablePar: t.mobilisablePar,
    lienMobilisation: t.mobilisation.includes('utiliser-lien-mobilisation') ? lien(st.source, st, localId) : null,
    conditionsAcces: t.conditions ?? null,
    telephone: st.telephone,
    courriel: st.courriel,
    contactNomPrenom: dora && rng.chance(0.3) ? personName(rng) : null,
    contactPublic: !dora || rng.chance(0.85),
    adresse: placeless ? null : st.adresse,
    codePostal: placeless ? null : st.codePostal,
    codeInsee: placeless ? null : st.codeInsee,
    commune: placeless ? null : st.commune,
    latitude: placeless ? null : st.latitude,
    longitude: placeless ? null : st.longitude,
    horairesAccueil: placeless ? null : st.horairesAccueil,
    volumeHoraireHebdomadaire: t.volume ?? null,
    nombreSemaines: t.semaines ?? null,
    ...(t.sourceCategories ? { sourceCategories: t.sourceCategories } : {}),
  };
}

function memo(ctx: ServiceContext, key: string, make: () => SourceTemplate): SourceTemplate {
  let t = ctx.memo.get(key);
  if (!t) ctx.memo.set(key, (t = make()));
  return t;
}

function dora(e: Entity, st: SandboxStructure, ctx: ServiceContext, newId: () => string): SandboxService[] {
  const offer = SERVICES_BY_KIND[e.code === 'asso' ? `asso:${e.ident.sub}` : e.code] ?? [];
  return ctx.rng
    .sample(offer, ctx.rng.int(1, Math.min(3, offer.length)))
    .map((t) => build(t, e, st, newId(), zoneOf(ctx.rng.weighted(DORA_ZONES, DORA_ZONE_WEIGHTS), e), ctx));
}

function soliguide(e: Entity, st: SandboxStructure, ctx: ServiceContext, newId: () => string): SandboxService[] {
  const cats = SOLIGUIDE_CATEGORIES[e.code] ?? SOLIGUIDE_CATEGORIES.asso!;
  const paid = e.code === 'epicerie';
  return ctx.rng.sample(cats, ctx.rng.int(1, Math.min(4, cats.length))).map((c) =>
    build(
      memo(ctx, `soli:${c}:${paid}`, () => soliguideTemplate(c, paid)),
      e,
      st,
      newId(),
      zoneOf('departement', e),
      ctx,
    ),
  );
}

/** Services `st.source` publishes for its appearance `st` of `e`. `newId` draws a fresh service id where the source has its own. */
export function servicesFor(
  e: Entity,
  st: SandboxStructure,
  ctx: ServiceContext,
  newId: () => string,
): SandboxService[] {
  const { rng } = ctx;
  switch (st.source) {
    case 'dora':
      return dora(e, st, ctx, newId);
    case 'soliguide':
      return soliguide(e, st, ctx, newId);
    case 'emplois-de-linclusion':
      return [];
    case 'mediation-numerique': {
      const labels = rng.sample(mediationLabels(), rng.int(1, 3)).sort();
      const modalite = rng.pick(['Accompagnement individuel', 'Dans un atelier collectif', 'En autonomie']);
      const t = memo(ctx, `med:${labels.join('|')}:${modalite}`, () => mediationTemplate(labels, modalite));
      return [build(t, e, st, st.localId, zoneOf(rng.chance(0.5) ? 'commune' : null, e), ctx)];
    }
    case 'france-travail':
      return FRANCE_TRAVAIL_NATIONAL.map((t) =>
        build(t, e, st, `${st.localId}-${t.key}`, zoneOf(t.remote ? 'pays' : 'departement', e), ctx),
      );
    case 'mes-aides': {
      if (e.code !== 'organisme-aides')
        return [build(SERVICES_BY_KIND.garage![0]!, e, st, st.localId, zoneOf('departement', e), ctx)];
      const [nom, besoin, type] = rng.pick(MES_AIDES_AIDES);
      const t = memo(ctx, `aide:${nom}`, () => mesAidesTemplate(nom, besoin, type));
      return [build(t, e, st, st.localId, zoneOf(e.ident.sub as 'commune', e), ctx)];
    }
    case 'fredo':
      return rng.sample(FREDO_SERVICES, rng.int(1, 3)).map(([service, category]) => {
        const pub = rng.pick([
          'tout public',
          'jeune',
          'femme',
          'personne âgée',
          'sans domicile fixe',
          'porteur de handicap',
        ]);
        const t = memo(ctx, `fredo:${service}:${pub}`, () => fredoTemplate(service, category, pub));
        return build(t, e, st, `${st.localId}-${slug(service)}`, zoneOf('departement', e), ctx);
      });
    case 'monenfant': {
      const t = memo(ctx, `monenfant:${e.ident.sub}`, () => monenfantTemplate(e.ident.sub === 'avip'));
      return [build(t, e, st, st.localId, zoneOf('commune', e), ctx)];
    }
  }
}
