/**
 * Service templates in v1 terms, grouped by what a kind of structure typically offers (DORA-like
 * producers), plus France Travail's national offer. Values are checked against the v1
 * nomenclatures by sandbox/generate.test.ts.
 */

/** A service as a producer typically describes it. */
export interface ServiceTemplate {
  readonly nom: string;
  readonly type: string | null;
  readonly thematiques: readonly string[];
  readonly publics: readonly string[] | null;
  readonly frais: 'gratuit' | 'payant' | null;
  readonly fraisPrecisions?: string;
  readonly modes: readonly ('en-presentiel' | 'a-distance')[];
  readonly mobilisation: readonly string[];
  readonly mobilisablePar: readonly string[];
  readonly description: string;
  readonly conditions?: string;
  readonly volume?: number;
  readonly semaines?: number;
}

const T = (t: ServiceTemplate): ServiceTemplate => t;
const PRES = ['en-presentiel'] as const;
const BOTH = ['en-presentiel', 'a-distance'] as const;
const ALL_MOB = ['telephoner', 'se-presenter', 'envoyer-un-courriel'];
const BOTH_P = ['usagers', 'professionnels'];

const DEMARCHES = T({
  nom: 'Accompagnement aux démarches administratives',
  type: 'accompagnement',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: [
    'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
    'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
  ],
  mobilisation: ALL_MOB,
  mobilisablePar: BOTH_P,
  conditions: 'Pièce d’identité et justificatif de domicile.',
  description:
    'Aide pour constituer vos dossiers (CAF, CPAM, retraite, logement), comprendre un courrier ou faire valoir vos droits. Un agent vous reçoit sur rendez-vous ou lors des permanences.',
});
const ALIMENTAIRE = T({
  nom: 'Aide alimentaire d’urgence',
  type: 'aide-materielle',
  publics: ['personnes-en-situation-durgence', 'beneficiaires-des-minimas-sociaux'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['equipement-et-alimentation--alimentation'],
  mobilisation: ['telephoner', 'se-presenter'],
  mobilisablePar: BOTH_P,
  description:
    'Attribution de bons alimentaires ou de colis après évaluation de la situation par un travailleur social.',
});
const DOMICILIATION = T({
  nom: 'Domiciliation administrative',
  type: 'accompagnement',
  publics: ['personnes-en-situation-durgence'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'],
  mobilisation: ['se-presenter'],
  mobilisablePar: ['usagers'],
  description:
    'Une adresse pour recevoir votre courrier et accéder à vos droits lorsque vous n’avez pas de domicile stable. Permanence courrier du lundi au vendredi.',
  conditions: 'Avoir un lien avec la commune.',
});
const BUDGET = T({
  nom: 'Accompagnement budgétaire',
  type: 'accompagnement',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: BOTH,
  thematiques: [
    'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
    'difficultes-financieres--situation-dendettement-surendettement',
  ],
  mobilisation: ['telephoner', 'envoyer-un-courriel'],
  mobilisablePar: BOTH_P,
  description:
    'Faire le point sur votre budget, prévenir les impayés, préparer un dossier de surendettement avec un conseiller. Entretiens individuels et confidentiels.',
});
const LOGEMENT = T({
  nom: 'Aide au maintien dans le logement',
  type: 'accompagnement',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: [
    'logement-hebergement--se-maintenir-dans-le-logement',
    'logement-hebergement--reduire-les-impayes-de-loyer',
  ],
  mobilisation: ['telephoner'],
  mobilisablePar: ['professionnels'],
  description:
    'Accompagnement des ménages en difficulté pour payer leur loyer : mobilisation du FSL, médiation avec le bailleur.',
});
const RSA = T({
  nom: 'Accompagnement des allocataires du RSA',
  type: 'accompagnement',
  publics: ['beneficiaires-des-minimas-sociaux'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: [
    'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
    'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
  ],
  mobilisation: ['telephoner'],
  mobilisablePar: ['professionnels'],
  description:
    'Suivi social et professionnel des personnes orientées par le Département dans le cadre de leur contrat d’engagement réciproque.',
});
const PARENTALITE = T({
  nom: 'Ateliers parents-enfants',
  type: 'atelier',
  publics: ['familles'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
  mobilisation: ['se-presenter', 'telephoner'],
  mobilisablePar: ['usagers'],
  description:
    'Temps d’échange et d’activités partagées entre parents et enfants de 0 à 6 ans, animés par une éducatrice de jeunes enfants.',
});
const LIEN_SOCIAL = T({
  nom: 'Accueil et animations de quartier',
  type: 'atelier',
  publics: ['tous-publics'],
  frais: 'payant',
  fraisPrecisions: 'Adhésion annuelle de 5 €.',
  modes: PRES,
  thematiques: ['remobilisation--lien-social', 'remobilisation--activites-sportives-et-culturelles'],
  mobilisation: ['se-presenter'],
  mobilisablePar: ['usagers'],
  description: 'Sorties familiales, ateliers cuisine, jardin partagé et fêtes de quartier pour rompre l’isolement.',
});
const FLE = T({
  nom: 'Cours de français langue étrangère',
  type: 'formation',
  publics: ['personnes-exilees'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['lecture-ecriture-calcul--maitriser-le-francais'],
  mobilisation: ['se-presenter', 'telephoner'],
  mobilisablePar: BOTH_P,
  description:
    'Cours collectifs de français à l’oral et à l’écrit, du niveau débutant au niveau B1, animés par des bénévoles formés.',
  volume: 4,
  semaines: 30,
});
const NUMERIQUE = T({
  nom: 'Atelier numérique',
  type: 'atelier',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique', 'numerique--acceder-a-des-services-en-ligne'],
  mobilisation: ['telephoner', 'se-presenter'],
  mobilisablePar: ['usagers'],
  description:
    'Apprendre à utiliser un ordinateur, une tablette ou un smartphone, créer une adresse e-mail et accéder aux services publics en ligne.',
});
const EMPLOI = T({
  nom: 'Accompagnement vers l’emploi',
  type: 'accompagnement',
  publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
  frais: 'gratuit',
  modes: BOTH,
  thematiques: [
    'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
    'trouver-un-emploi--repondre-a-des-offres-demploi',
    'preparer-sa-candidature--valoriser-ses-competences',
  ],
  mobilisation: ['telephoner', 'envoyer-un-courriel'],
  mobilisablePar: BOTH_P,
  description:
    'Un conseiller vous accompagne pour définir votre projet, rédiger votre CV, préparer vos entretiens et suivre vos candidatures.',
});
const FEMMES = T({
  nom: 'Écoute et accompagnement des femmes victimes de violences',
  type: 'accompagnement',
  publics: ['femmes'],
  frais: 'gratuit',
  modes: BOTH,
  thematiques: [
    'famille--surmonter-conflits-separation-violence',
    'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
  ],
  mobilisation: ['telephoner'],
  mobilisablePar: BOTH_P,
  description: 'Accueil confidentiel, information juridique et accompagnement dans les démarches de mise en sécurité.',
});
const MOBILITE = T({
  nom: 'Auto-école sociale',
  type: 'formation',
  publics: ['demandeurs-emploi', 'jeunes'],
  frais: 'payant',
  fraisPrecisions: 'Participation selon les ressources.',
  modes: PRES,
  thematiques: ['mobilite--preparer-un-permis'],
  mobilisation: ['telephoner'],
  mobilisablePar: ['professionnels'],
  description:
    'Préparation au code et à la conduite pour des personnes en parcours d’insertion, avec une pédagogie adaptée.',
  volume: 6,
  semaines: 16,
});
const SANTE_MENTALE = T({
  nom: 'Groupe de parole et soutien psychologique',
  type: 'accompagnement',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['sante--sante-mentale', 'remobilisation--bien-etre-confiance-en-soi'],
  mobilisation: ['telephoner'],
  mobilisablePar: BOTH_P,
  description: 'Entretiens avec une psychologue et groupes de parole mensuels.',
});
const JEUNES = T({
  nom: 'Contrat d’engagement jeune',
  type: 'accompagnement',
  publics: ['jeunes'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: [
    'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite',
    'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
    'se-former--trouver-sa-formation',
  ],
  mobilisation: ['se-presenter', 'telephoner'],
  mobilisablePar: BOTH_P,
  conditions: 'Avoir entre 16 et 25 ans (29 ans pour les jeunes en situation de handicap).',
  volume: 15,
  semaines: 52,
  description:
    'Accompagnement intensif de 15 à 20 heures par semaine vers l’emploi ou la formation, avec une allocation selon les ressources.',
});
const LOGEMENT_JEUNES = T({
  nom: 'Accès au logement des jeunes',
  type: 'information',
  publics: ['jeunes'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: [
    'logement-hebergement--louer-un-logement',
    'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement',
  ],
  mobilisation: ['se-presenter'],
  mobilisablePar: ['usagers'],
  description: 'Information sur les aides au logement (Loca-Pass, Visale) et orientation vers les résidences jeunes.',
});
const SIAE = T({
  nom: 'Contrat à durée déterminée d’insertion',
  type: 'accompagnement',
  publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['trouver-un-emploi--maintien-dans-lemploi', 'preparer-sa-candidature--valoriser-ses-competences'],
  mobilisation: ['telephoner', 'envoyer-un-courriel'],
  mobilisablePar: ['professionnels'],
  description:
    'Un emploi salarié en parcours d’insertion avec un accompagnement socio-professionnel et des formations.',
  conditions: 'Éligibilité IAE validée par un prescripteur.',
  volume: 26,
  semaines: 24,
});
const EPICERIE = T({
  nom: 'Épicerie solidaire',
  type: 'aide-materielle',
  publics: ['beneficiaires-des-minimas-sociaux', 'familles'],
  frais: 'payant',
  fraisPrecisions: 'Produits à 10 à 30 % du prix.',
  modes: PRES,
  thematiques: ['equipement-et-alimentation--alimentation'],
  mobilisation: ['telephoner'],
  mobilisablePar: ['professionnels'],
  description:
    'Produits alimentaires et d’hygiène à prix réduit, sur orientation d’un travailleur social, pour une durée de trois à six mois.',
});
const DISTRIBUTION = T({
  nom: 'Distribution alimentaire',
  type: 'aide-materielle',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['equipement-et-alimentation--alimentation'],
  mobilisation: ['se-presenter'],
  mobilisablePar: ['usagers'],
  description: 'Distribution de repas et de colis alimentaires pendant la campagne d’hiver et l’été.',
});
const VESTIAIRE = T({
  nom: 'Vestiaire solidaire',
  type: 'aide-materielle',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: PRES,
  thematiques: ['equipement-et-alimentation--habillement'],
  mobilisation: ['se-presenter'],
  mobilisablePar: ['usagers'],
  description: 'Vêtements et chaussures pour adultes et enfants.',
});
const AVIP = T({
  nom: 'Accueil en crèche à vocation d’insertion professionnelle',
  type: 'accompagnement',
  publics: ['familles', 'demandeurs-emploi'],
  frais: 'payant',
  fraisPrecisions: 'Tarif selon le barème CAF.',
  modes: PRES,
  thematiques: ['famille--garde-denfants'],
  mobilisation: ['telephoner'],
  mobilisablePar: BOTH_P,
  description:
    'Places réservées aux parents en recherche d’emploi ou en formation, avec un accompagnement vers l’emploi en lien avec France Travail.',
});
const GARAGE = T({
  nom: 'Réparation de véhicules à tarif solidaire',
  type: 'aide-materielle',
  publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
  frais: 'payant',
  fraisPrecisions: 'Main-d’œuvre à tarif réduit.',
  modes: PRES,
  thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
  mobilisation: ['telephoner'],
  mobilisablePar: BOTH_P,
  description: 'Entretien et réparation de voitures et deux-roues pour les personnes en insertion.',
});
const PERMANENCE_TEL = T({
  nom: 'Permanence téléphonique d’accès aux droits',
  type: 'information',
  publics: ['tous-publics'],
  frais: 'gratuit',
  modes: ['a-distance'],
  thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
  mobilisation: ['telephoner'],
  mobilisablePar: ['usagers'],
  description:
    'Réponses par téléphone à vos questions sur les prestations sociales et orientation vers le bon interlocuteur.',
});

/** What a kind of structure offers, in DORA-like producers. */
export const SERVICES_BY_KIND: Readonly<Record<string, readonly ServiceTemplate[]>> = {
  ccas: [DEMARCHES, ALIMENTAIRE, DOMICILIATION, BUDGET, LOGEMENT, RSA, PERMANENCE_TEL],
  'centre-social': [PARENTALITE, LIEN_SOCIAL, FLE, NUMERIQUE, DEMARCHES],
  'france-services': [DEMARCHES, NUMERIQUE, PERMANENCE_TEL],
  'mission-locale': [JEUNES, LOGEMENT_JEUNES, EMPLOI, MOBILITE],
  siae: [SIAE],
  epicerie: [EPICERIE, BUDGET],
  'aide-alimentaire': [DISTRIBUTION, VESTIAIRE],
  epn: [NUMERIQUE],
  'ft-agence': [EMPLOI],
  creche: [AVIP],
  garage: [GARAGE],
  'organisme-aides': [PERMANENCE_TEL],
  'asso:emploi': [EMPLOI, NUMERIQUE],
  'asso:femmes': [FEMMES, PARENTALITE],
  'asso:logement': [LOGEMENT, DEMARCHES],
  'asso:jeunes': [LOGEMENT_JEUNES, EMPLOI],
  'asso:budget': [BUDGET],
  'asso:fle': [FLE],
  'asso:mobilite': [MOBILITE, GARAGE],
  'asso:sante': [SANTE_MENTALE],
  'asso:exiles': [FLE, DEMARCHES],
};

/** France Travail's national offer, attached to every agency (d·i cross join); `key` is the sheet id. */
export const FRANCE_TRAVAIL_NATIONAL: ReadonlyArray<
  ServiceTemplate & { readonly key: string; readonly remote?: boolean }
> = [
  {
    ...EMPLOI,
    key: 'accompagnement-guide',
    nom: 'Accompagnement guidé vers l’emploi',
    mobilisation: ['se-presenter', 'utiliser-lien-mobilisation'],
  },
  {
    ...JEUNES,
    key: 'aij',
    nom: 'Accompagnement intensif des jeunes (AIJ)',
    mobilisation: ['utiliser-lien-mobilisation'],
  },
  {
    ...MOBILITE,
    key: 'aide-permis',
    nom: 'Aide au permis de conduire',
    type: 'aide-financiere',
    frais: 'gratuit',
    thematiques: ['mobilite--financer-ma-mobilite', 'mobilite--preparer-un-permis'],
    mobilisation: ['utiliser-lien-mobilisation'],
    remote: true,
  },
  {
    ...EMPLOI,
    key: 'activ-crea',
    nom: 'Activ’Créa',
    type: 'atelier',
    thematiques: [
      'creer-une-entreprise--definir-son-projet-de-creation-dentreprise',
      'creer-une-entreprise--structurer-son-projet-de-creation-dentreprise',
    ],
    description:
      'Un accompagnement de trois mois pour explorer l’idée de créer ou reprendre une entreprise et structurer votre projet.',
    mobilisation: ['utiliser-lien-mobilisation'],
  },
  {
    ...EMPLOI,
    key: 'ateliers-cv',
    nom: 'Ateliers CV et lettre de motivation',
    type: 'atelier',
    thematiques: ['preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'],
    mobilisation: ['utiliser-lien-mobilisation'],
    remote: true,
  },
];
