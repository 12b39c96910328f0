"""Plausible, clearly fictitious member structures, people and identifiers.

Shared by `ptce demo` (the 13 documented poles) and `ptce generate` (national-scale data).
Everything is drawn from a `random.Random` the caller seeds, so the same seed gives the same
rows on every machine; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify
from stdnum import luhn

from ptce.core.text import fold
from ptce.registry.models import (
    ActorFamily,
    Gender,
    MembershipRole,
    Organisation,
    PersonKind,
)

# Membership dates of the documented poles stop at the year of their latest published figures,
# so the demo never depends on the day it runs.
DEMO_LAST_YEAR = 2016

COLLEGE_ESS = "Structures de l'ESS"
COLLEGE_COMPANIES = "Entreprises"
COLLEGE_PUBLIC = "Collectivités"
COLLEGE_RESEARCH = "Recherche et formation"

COLLEGE_OF_FAMILY = {
    ActorFamily.ESS_ENTERPRISE.value: COLLEGE_ESS,
    ActorFamily.NON_ESS_ENTERPRISE.value: COLLEGE_COMPANIES,
    ActorFamily.PUBLIC_BODY.value: COLLEGE_PUBLIC,
    ActorFamily.RESEARCH.value: COLLEGE_RESEARCH,
    ActorFamily.TRAINING.value: COLLEGE_RESEARCH,
}

# INSEE legal categories used below.
ASSOCIATION = "9220"
EMPLOYER_GROUP = "9223"
FOUNDATION = "9300"
MUTUAL = "8210"
SCOP = "5458"
SCIC_SARL = "5460"
SCIC_SA = "5560"
SAS = "5710"
SARL = "5499"
COMMUNE = "7210"
UNIVERSITY = "7383"
# EPCI kind (as in the official geography) → legal category of the EPCI itself.
EPCI_LEGAL_CATEGORY = {"CC": "7346", "CA": "7348", "CU": "7343", "METRO": "7344", "MET69": "7344"}

# NAF rév. 2 codes and labels; the label doubles as the structure's short activity text.
NAF_LABELS = {
    "0113Z": "Maraîchage",
    "0150Z": "Culture et élevage associés",
    "1071C": "Boulangerie",
    "1520Z": "Fabrication de chaussures",
    "2511Z": "Fabrication de structures métalliques",
    "3511Z": "Production d'électricité",
    "3832Z": "Récupération de déchets triés",
    "4321A": "Installation électrique",
    "4339Z": "Travaux de finition du bâtiment",
    "4761Z": "Librairie",
    "4779Z": "Commerce de biens d'occasion (ressourcerie)",
    "5621Z": "Services des traiteurs",
    "5811Z": "Édition de livres",
    "5920Z": "Enregistrement sonore et édition musicale",
    "6201Z": "Programmation informatique",
    "6512Z": "Assurance (mutuelle)",
    "7022Z": "Conseil aux organisations",
    "7112B": "Ingénierie, études techniques",
    "7410Z": "Design",
    "7830Z": "Mise à disposition de personnel",
    "8121Z": "Nettoyage des bâtiments",
    "8130Z": "Aménagement paysager et entretien d'espaces verts",
    "8411Z": "Administration publique générale",
    "8542Z": "Enseignement supérieur",
    "8552Z": "Enseignement culturel",
    "8559A": "Formation continue d'adultes",
    "8810A": "Aide à domicile",
    "8899B": "Action sociale sans hébergement",
    "9001Z": "Spectacle vivant",
    "9002Z": "Soutien au spectacle vivant",
    "9004Z": "Gestion d'une salle de spectacles",
    "9499Z": "Vie associative",
}
NAF_BY_ACTIVITY = {
    "production": ["0113Z", "0150Z", "1071C", "1520Z", "2511Z", "3511Z", "3832Z", "4321A", "7112B"],
    "services_engineering": ["7022Z", "8130Z", "8121Z", "8810A", "8899B", "5621Z", "6201Z", "4339Z",
                             "4779Z"],
    "creative_cultural": ["9001Z", "9002Z", "9004Z", "5811Z", "5920Z", "4761Z", "8552Z", "7410Z"],
}
_ALL_ACTIVITY_NAF = sorted({code for codes in NAF_BY_ACTIVITY.values() for code in codes})
_ASSOCIATION_NAF = ["9499Z", "8899B", "8559A", "9499Z"]
_FIXED_NAF = {
    EMPLOYER_GROUP: "7830Z", FOUNDATION: "8899B", MUTUAL: "6512Z", COMMUNE: "8411Z",
    UNIVERSITY: "8542Z", **dict.fromkeys(EPCI_LEGAL_CATEGORY.values(), "8411Z"),
}

_ASSOCIATION_HEADS = [
    "Atelier", "Les Ateliers", "Collectif", "La Fabrique", "Maison", "Réseau", "Compagnie",
    "Espace", "Le Relais", "La Ressourcerie", "Les Jardins", "Comité", "Les Amis", "Cercle",
    "Café associatif", "La Boussole", "Le Chantier", "Pépinière", "Tiers-lieu", "L'Escale",
]
_ASSOCIATION_TAILS = [
    "du Lien", "des Savoirs", "Solidaire", "des Possibles", "du Partage", "des Communs",
    "de l'Entraide", "des Initiatives", "du Faubourg", "des Quatre Vents", "des Coteaux",
    "du Bocage", "de la Vallée", "du Canal", "des Tilleuls", "du Plateau", "des Rives",
    "de la Gare", "du Marché", "des Mille Mains", "de la Halle", "du Vieux Moulin",
]
_COOP_NAMES = [
    "L'Établi", "Ouvrage Commun", "La Navette", "Copeaux et Cie", "Terre d'Ocre", "L'Échappée",
    "Le Grain de Sel", "Fil Rouge", "Les Tisserands", "Mosaïque", "Cap Ouvert",
    "La Coopérative du Pré", "Bois Debout", "Les Compagnons du Pain", "Vent Debout",
    "L'Arbre à Palabres", "La Main Verte",
    "Pignon sur Rue", "Les Artisans Réunis", "Sillons", "Le Rucher", "Plein Champ",
]
# A company's name says its trade, so it follows the NAF code drawn for it.
_TRADE_BY_NAF = {
    "0113Z": ["Les Potagers", "Maraîchage"], "0150Z": ["Ferme", "GAEC"],
    "1071C": ["Boulangerie", "Fournil"], "1520Z": ["Chaussures", "Manufacture"],
    "2511Z": ["Métallerie", "Serrurerie"], "3511Z": ["Énergies", "Solaire"],
    "3832Z": ["Recyclage", "Valorisation"], "4321A": ["Électricité", "Installations"],
    "7112B": ["Bureau d'études", "Ingénierie"], "7022Z": ["Conseil", "Cabinet"],
    "8130Z": ["Paysages", "Jardins"], "8121Z": ["Propreté", "Nettoyage"],
    "8810A": ["Services à domicile", "Aide et Services"], "8899B": ["Services", "Médiation"],
    "5621Z": ["Traiteur", "Cuisine"], "6201Z": ["Logiciels", "Numérique"],
    "4339Z": ["Rénovation", "Bâtiment"], "4779Z": ["Brocante", "Seconde Main"],
    "9001Z": ["Productions", "Spectacles"], "9002Z": ["Régie", "Technique Scène"],
    "9004Z": ["Salle", "Scène"], "5811Z": ["Éditions"], "5920Z": ["Studio", "Disques"],
    "4761Z": ["Librairie"], "8552Z": ["École de musique", "Cours"], "7410Z": ["Design", "Atelier"],
}
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel",
    "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
    "Vincent", "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Henry", "Roussel",
    "Masson", "Benali", "Nguyen", "Diallo", "Le Gall", "Ferrand", "Ollivier", "Marchal", "Carré",
    "Brunet", "Texier", "Delorme", "Aubert", "Barbier",
]
_WOMEN = ["Camille", "Léa", "Manon", "Chloé", "Sophie", "Nathalie", "Isabelle", "Claire", "Julie",
          "Aurélie", "Élodie", "Sandrine", "Hélène", "Fatima", "Amina", "Mélanie", "Anne", "Marie",
          "Lucie", "Sarah", "Martine", "Nadia"]
_MEN = ["Thomas", "Nicolas", "Julien", "Pierre", "Laurent", "Olivier", "Mathieu", "David", "Karim",
        "Stéphane", "Éric", "Philippe", "Antoine", "Vincent", "Yannick", "Bruno", "Mehdi", "Jean",
        "François", "Hugo", "Gérard", "Patrick"]
_EPICENE = ["Camille", "Dominique", "Claude", "Sacha", "Alex", "Charlie", "Maxime", "Morgan"]
_UNIVERSITIES = ["Université des Deux Rives", "Université du Val d'Ocre", "Université Paul-Bosc",
                 "Université des Trois Monts"]
_FOUNDATIONS = ["Fondation pour l'Initiative Locale", "Fondation Solidarités de Proximité",
                "Fondation Garnier-Roux", "Fondation du Lien Social"]
_MUTUALS = ["Mutuelle des Artisans Associés", "Mutuelle Solidaire du Territoire",
            "Mutuelle Entraide Santé", "Mutuelle des Travailleurs Sociaux"]
_EMPLOYER_GROUPS = ["Groupement d'employeurs Solidaire", "Groupement d'employeurs des Métiers",
                    "Groupement d'employeurs du Bassin", "Groupement d'employeurs Culture"]


# --- Identifiers -------------------------------------------------------------------------


def make_siren(rng: random.Random) -> str:
    """Nine digits whose last one is the Luhn key. Never starts with 0 or La Poste's 356000000."""
    while True:
        base = str(rng.randint(10_000_000, 99_999_999))
        if not base.startswith("35600000"):
            return base + luhn.calc_check_digit(base)


def make_siret(rng: random.Random, siren: str | None = None) -> str:
    """A SIRET whose 14 digits pass the Luhn check, as INSEE requires."""
    siren = siren or make_siren(rng)
    nic = f"{rng.choice((1, 1, 1, 2, 3, 12, 21)):04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def make_rna(rng: random.Random, departement: str | None) -> str:
    """W + 9 digits; real RNA numbers start with the prefecture's code, so we do the same."""
    prefix = departement if departement and departement.isdigit() else str(rng.randint(10, 95))
    prefix = (prefix + "1")[:3] if len(prefix) == 2 else prefix[:3]
    return "W" + prefix + f"{rng.randint(0, 999_999):06d}"


# --- Poles and their members ---------------------------------------------------------------


@dataclass(frozen=True)
class PoleContext:
    """What the member builder needs to know about a pole; unknowns stay None."""

    slug: str
    activity_family: str | None = None
    employer_group: bool | None = None
    grouping_since: int | None = None
    ceased_in: int | None = None
    town: str | None = None
    departement: str | None = None
    home_commune: str | None = None  # INSEE code, None when unknown or not loaded
    territory: Sequence[str] = ()  # INSEE codes the members are drawn from
    epci_name: str | None = None
    epci_kind: str | None = None
    last_year: int = DEMO_LAST_YEAR


@dataclass
class MemberSpec:
    """One synthetic member structure and its membership, before it becomes rows."""

    name: str
    legal_category: str
    naf_code: str
    description: str = ""  # short activity text, from the NAF code
    siret: str = ""
    rna: str = ""
    commune_code: str | None = None
    email: str = ""
    role: str = MembershipRole.MEMBER
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    charter_signed_on: dt.date | None = None
    dues_eur: Decimal | None = None
    college: str = ""
    family: str = ""


def legal_mix(rng: random.Random, count: int, ctx: PoleContext) -> list[str]:
    """Legal categories of a PTCE's members: mostly associations, a few cooperatives and
    companies, the local authorities, and sometimes a university, foundation or mutual."""
    specials: list[str] = []
    epci_category = EPCI_LEGAL_CATEGORY.get(ctx.epci_kind or "") or (
        "7348" if ctx.activity_family == "creative_cultural" else "7346"
    )
    if count >= 8:
        specials += [COMMUNE, epci_category]
    else:
        specials.append(epci_category)
    if ctx.employer_group:
        specials.append(EMPLOYER_GROUP)
    if count >= 15 and rng.random() < 0.6:
        specials.append(UNIVERSITY)
    if count >= 10 and rng.random() < 0.4:
        specials.append(FOUNDATION)
    if count >= 10 and rng.random() < 0.4:
        specials.append(MUTUAL)
    specials += [SCOP] * round(count * 0.12)
    specials += [rng.choice((SCIC_SARL, SCIC_SA)) for _ in range(round(count * 0.06))]
    specials += [rng.choice((SAS, SARL)) for _ in range(round(count * 0.12))]
    # Associations stay the majority whatever the size: drop specials from the end if needed.
    specials = specials[: max(0, count - (count + 1) // 2)]
    mix = specials + [ASSOCIATION] * (count - len(specials))
    rng.shuffle(mix)
    return mix


def _unique(rng: random.Random, taken: set[str], make) -> str:
    for _ in range(30):
        name = make()
        if fold(name) not in taken:
            taken.add(fold(name))
            return name
    # Large poles exhaust the combinations: a numbered name is still plausible ("… 2").
    base = make()
    n = 2
    while fold(f"{base} {n}") in taken:
        n += 1
    taken.add(fold(f"{base} {n}"))
    return f"{base} {n}"


def member_name(
    rng: random.Random, category: str, ctx: PoleContext, taken: set[str], naf_code: str = "",
) -> str:
    def association() -> str:
        return f"{rng.choice(_ASSOCIATION_HEADS)} {rng.choice(_ASSOCIATION_TAILS)}"

    if category == ASSOCIATION:
        return _unique(rng, taken, association)
    if category == SCOP:
        return _unique(rng, taken, lambda: f"SCOP {rng.choice(_COOP_NAMES)}")
    if category in (SCIC_SARL, SCIC_SA):
        return _unique(rng, taken, lambda: f"SCIC {rng.choice(_COOP_NAMES)}")
    if category in (SAS, SARL):
        suffix = "SAS" if category == SAS else "SARL"
        return _unique(rng, taken, lambda: (
            f"{rng.choice(_TRADE_BY_NAF.get(naf_code, ['Atelier']))} {rng.choice(LAST_NAMES)} "
            f"{suffix}"
        ))
    if category == COMMUNE:
        town = ctx.town or "Val-Fictif"
        return _unique(rng, taken, lambda: f"Commune de {town}")
    if category in EPCI_LEGAL_CATEGORY.values():
        epci = ctx.epci_name or "Communauté de communes du Pays (fictive)"
        return _unique(rng, taken, lambda: epci)
    if category == UNIVERSITY:
        return _unique(rng, taken, lambda: rng.choice(_UNIVERSITIES))
    if category == FOUNDATION:
        return _unique(rng, taken, lambda: rng.choice(_FOUNDATIONS))
    if category == MUTUAL:
        return _unique(rng, taken, lambda: rng.choice(_MUTUALS))
    if category == EMPLOYER_GROUP:
        return _unique(rng, taken, lambda: rng.choice(_EMPLOYER_GROUPS))
    return _unique(rng, taken, association)


def _naf(rng: random.Random, category: str, ctx: PoleContext) -> str:
    if category in _FIXED_NAF:
        return _FIXED_NAF[category]
    pool = NAF_BY_ACTIVITY.get(ctx.activity_family or "", _ALL_ACTIVITY_NAF)
    if category == ASSOCIATION and rng.random() < 0.4:
        return rng.choice(_ASSOCIATION_NAF)
    return rng.choice(pool)


def _day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


_PUBLIC_OR_RESEARCH = {COMMUNE, UNIVERSITY, *EPCI_LEGAL_CATEGORY.values()}


def build_members(rng: random.Random, ctx: PoleContext, count: int) -> list[MemberSpec]:
    """`count` member structures of the pole, with identifiers, commune and membership."""
    taken: set[str] = set()
    identifiers: set[str] = set()
    territory = list(ctx.territory)
    founders_left = rng.randint(3, 5)
    specs: list[MemberSpec] = []
    for category in legal_mix(rng, count, ctx):
        naf_code = _naf(rng, category, ctx)
        spec = MemberSpec(
            name=member_name(rng, category, ctx, taken, naf_code),
            legal_category=category,
            naf_code=naf_code,
            description=NAF_LABELS.get(naf_code, ""),
        )
        # Identifiers: unique within the pole, as the registry's constraints require.
        if category == ASSOCIATION and rng.random() < 0.3:
            spec.rna = _fresh(identifiers, lambda: make_rna(rng, ctx.departement))
        else:
            spec.siret = _fresh(identifiers, lambda: make_siret(rng))
            if category == ASSOCIATION and rng.random() < 0.5:
                spec.rna = _fresh(identifiers, lambda: make_rna(rng, ctx.departement))
        # Communes: local authorities sit in the pole's town, others anywhere in its territory.
        if category in _PUBLIC_OR_RESEARCH - {UNIVERSITY} or (territory and rng.random() < 0.35):
            spec.commune_code = ctx.home_commune or (rng.choice(territory) if territory else None)
        elif territory:
            spec.commune_code = rng.choice(territory)
        if rng.random() < 0.5:
            spec.email = f"contact@{slugify(spec.name)[:40].strip('-')}.example.org"
        founder = founders_left > 0 and category not in _PUBLIC_OR_RESEARCH
        _membership(rng, ctx, spec, founder=founder)
        if spec.role == MembershipRole.FOUNDER:
            founders_left -= 1
        specs.append(spec)
    return specs


def _fresh(taken: set[str], make) -> str:
    while True:
        value = make()
        if value not in taken:
            taken.add(value)
            return value


def _membership(rng: random.Random, ctx: PoleContext, spec: MemberSpec, *, founder: bool) -> None:
    if founder:
        spec.role = MembershipRole.FOUNDER
    elif spec.legal_category in _PUBLIC_OR_RESEARCH or (
        spec.legal_category in (FOUNDATION, MUTUAL) and rng.random() < 0.5
    ):
        spec.role = MembershipRole.PARTNER
    else:
        spec.role = MembershipRole.MEMBER
    since = ctx.grouping_since
    if since is not None:
        last = max(since, ctx.last_year)
        # Local authorities are there from the start: PTCEs are built with them.
        at_start = founder or spec.legal_category in _PUBLIC_OR_RESEARCH - {UNIVERSITY}
        year = since if at_start else rng.randint(since, last)
        spec.start_date = _day(rng, year)
        if rng.random() < 0.75:
            spec.charter_signed_on = min(
                spec.start_date + dt.timedelta(days=rng.randint(0, 90)), dt.date(last, 12, 31)
            )
    # A pole that ceased takes its memberships with it (month unknown: the end of that year).
    if ctx.ceased_in is not None:
        spec.end_date = dt.date(ctx.ceased_in, 12, 31)
        if spec.start_date and spec.start_date > spec.end_date:
            spec.start_date = spec.end_date
    if spec.role != MembershipRole.PARTNER and rng.random() < 0.9:
        if spec.legal_category in (ASSOCIATION, EMPLOYER_GROUP):
            spec.dues_eur = Decimal(rng.choice((20, 50, 50, 80, 100, 150)))
        else:
            spec.dues_eur = Decimal(rng.choice((150, 300, 300, 500, 1000)))


def organisation_from_spec(spec: MemberSpec, *, pole_id: int) -> Organisation:
    """An unsaved Organisation with its derived columns filled, ready for `bulk_create`.

    `bulk_create` does not call `save()`, so the columns `save()` derives are set here, with
    the model's own `classify()`.
    """
    organisation = Organisation(
        pole_id=pole_id, is_synthetic=True, name=spec.name, siret=spec.siret, rna=spec.rna,
        legal_category=spec.legal_category, naf_code=spec.naf_code,
        commune_id=spec.commune_code, email=spec.email, description=spec.description,
    )
    prepare_for_bulk(organisation)
    spec.family = organisation.actor_family
    spec.college = COLLEGE_OF_FAMILY.get(organisation.actor_family, "")
    return organisation


def prepare_for_bulk(organisation: Organisation) -> Organisation:
    """Set what `Organisation.save()` would derive; `bulk_create` skips `save()`."""
    organisation.name_key = fold(organisation.name)
    if organisation.siret and not organisation.siren:
        organisation.siren = organisation.siret[:9]
    organisation.classify()
    return organisation


# --- People ----------------------------------------------------------------------------------


@dataclass
class PersonSpec:
    first_name: str
    last_name: str
    gender: str
    kind: str
    office: str | None = None  # board office, None when not on the board
    organisation_index: int | None = None
    consent_directory: bool = False
    consent_contact: bool = False
    consent_research: bool = False
    email: str = ""
    phone: str = ""


def _first_name(rng: random.Random, gender: str) -> str:
    if gender == Gender.WOMAN:
        return rng.choice(_WOMEN)
    if gender == Gender.MAN:
        return rng.choice(_MEN)
    return rng.choice(_EPICENE + _WOMEN + _MEN) if gender == "" else rng.choice(_EPICENE)


def first_name(rng: random.Random, gender: str) -> str:
    """A first name matching a self-declared gender (any name when it is not declared)."""
    return _first_name(rng, gender)


def _declared_gender(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.45:
        return Gender.WOMAN
    if draw < 0.85:
        return Gender.MAN
    if draw < 0.88:
        return Gender.NON_BINARY
    return ""  # not declared: parity counts keep it apart


def build_people(
    rng: random.Random, *, members: int, chair_gender: str | None, public_indexes: Sequence[int],
) -> list[PersonSpec]:
    """A handful of people: the board (chair, vice-chair, treasurer, secretary, members) and
    one or two employees of the pole's carrying structure.

    `chair_gender` None draws it like anyone else's; the paper's poles pass "man".
    """
    offices = ["chair", "vice_chair", "treasurer", "secretary"] + ["member"] * rng.randint(2, 4)
    people: list[PersonSpec] = []
    used: set[tuple[str, str]] = set()
    for office in offices + [None] * rng.randint(1, 2):
        gender = chair_gender if office == "chair" and chair_gender else _declared_gender(rng)
        if office is None:
            kind = PersonKind.EMPLOYEE
            organisation_index = 0 if members else None
        elif public_indexes and office == "member" and rng.random() < 0.4:
            kind = PersonKind.ELECTED
            organisation_index = rng.choice(list(public_indexes))
        else:
            kind = PersonKind.VOLUNTEER
            organisation_index = rng.randrange(members) if members else None
        people.append(draw_person(
            rng, gender=gender, kind=kind, used=used, office=office,
            organisation_index=organisation_index,
        ))
    return people


def declared_gender(rng: random.Random) -> str:
    """A self-declared gender, blank ("not declared") for about one person in eight."""
    return _declared_gender(rng)


def draw_person(
    rng: random.Random,
    *,
    gender: str,
    kind: str,
    used: set[tuple[str, str]],
    office: str | None = None,
    organisation_index: int | None = None,
) -> PersonSpec:
    """One person: a name not in `used` (added to it), consents, and contact details when
    they accept to be contacted."""
    while True:
        first, last = _first_name(rng, gender), rng.choice(LAST_NAMES)
        if (first, last) not in used:
            used.add((first, last))
            break
    directory, contact = rng.random() < 0.6, rng.random() < 0.7
    person = PersonSpec(
        first_name=first, last_name=last, gender=gender, kind=kind, office=office,
        organisation_index=organisation_index, consent_directory=directory,
        consent_contact=contact, consent_research=rng.random() < 0.4,
    )
    if contact:
        person.email = f"{slugify(first)}.{slugify(last)}@example.org"
        # ARCEP keeps 01 99 00 xx xx for fiction: these numbers reach nobody.
        if rng.random() < 0.5:
            person.phone = f"01 99 00 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    return person


def build_years(rng: random.Random, *, category: str, last_year: int) -> list[dict]:
    """Yearly figures for some structures; a figure not reported stays None, never 0."""
    if category in _PUBLIC_OR_RESEARCH or rng.random() > 0.4:
        return []
    rows = []
    fte = Decimal(rng.choice((0.5, 1, 2, 3.5, 6, 12, 25, 48))).quantize(Decimal("0.01"))
    for year in range(last_year - rng.randint(0, 2), last_year + 1):
        reported_fte = fte if rng.random() < 0.85 else None
        turnover = (
            Decimal(int(float(fte) * rng.randint(35_000, 70_000))) if rng.random() < 0.7 else None
        )
        rows.append({"year": year, "fte": reported_fte, "turnover_eur": turnover})
    return rows
