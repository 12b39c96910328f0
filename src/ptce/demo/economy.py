"""Poolings, employer groups, bookings, projects and budgets of the demo poles (`ptce demo`).

What the sources say is kept as it is and is not flagged as synthetic: the shared premises of
the poles that have a documented place (`premises` in `data/poles_temoins.yaml`) and the two
investment grants that built Le Périscope (`investment`). Everything else is synthetic
(`is_synthetic=True`), drawn from a random generator seeded with the pole's slug: the
participants and their shares, the employer groups and their staff, the rooms and their
bookings, the cooperative projects, the yearly budgets, volunteering and contributions in kind.
Unknown stays unknown here too: some projects have no job count, some premises no area.

The builder below (`PoleEconomy`) is shared with `ptce generate` (`generate_economy`), which
runs it for a thousand poles; the demo adds what is specific to the documented poles.
Running the demo again creates nothing for a pole that already has poolings, projects or
funding lines.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from ptce.core.text import fold
from ptce.demo.synthetic import (
    ASSOCIATION,
    COMMUNE,
    EMPLOYER_GROUP,
    EPCI_LEGAL_CATEGORY,
    LAST_NAMES,
    UNIVERSITY,
    declared_gender,
    first_name,
)
from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    InKindKind,
    Section,
    SourceKind,
    VolunteerActivity,
    VolunteerRate,
    VolunteerTime,
)
from ptce.meetings.models import WorkingGroup
from ptce.poles.models import Pole
from ptce.pooling.models import (
    Booking,
    ContractKind,
    CostSharing,
    HourAllocation,
    Pooling,
    PoolingCost,
    PoolingKind,
    PoolingParticipant,
    QuantityUnit,
    ResourceKind,
    SharedEmployee,
    SharedResource,
)
from ptce.projects.models import (
    Innovation,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    StudyKind,
)
from ptce.registry.models import Mandate, Membership, MembershipRole, Person
from ptce_analytics.allocation import split_cents
from ptce_analytics.economics import default_volunteer_rate

# The demo's budgets: four closed years, the same whatever the day the demo runs.
DEMO_BUDGET_YEARS = (2022, 2023, 2024, 2025)
# Months of employer-group allocations, up to the month of `today`.
DEMO_ALLOCATION_MONTHS = 18
# Bookings from four weeks ago to six weeks ahead of `today`.
DEMO_BOOKINGS_PAST_DAYS, DEMO_BOOKINGS_FUTURE_DAYS = 28, 42

OBSERVED_POLE = "le-periscope"
# The source of Le Périscope's premises and investment figures (see the YAML `premises` and
# `investment` keys of le-periscope): ToulÉco Green, 10 March 2016, on the inauguration.
PERISCOPE_SOURCE = (
    "http://www.touleco-green.fr/Coup-d-envoi-pour-le-Periscope-le-cluster-de-l-economie-"
    "sociale,18707"
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
_PUBLIC = frozenset({COMMUNE, UNIVERSITY, *EPCI_LEGAL_CATEGORY.values()})
_EPCI = frozenset(EPCI_LEGAL_CATEGORY.values())

# Département names with their article, for the départements of the documented poles.
DEPARTEMENTS = {
    "01": "Département de l'Ain", "14": "Département du Calvados",
    "21": "Département de la Côte-d'Or", "26": "Département de la Drôme",
    "31": "Département de la Haute-Garonne", "40": "Département des Landes",
    "42": "Département de la Loire", "56": "Département du Morbihan",
    "59": "Département du Nord", "75": "Ville de Paris",
}

# Volunteer time is valued with the analytics' default rate; the pole states the basis.
VOLUNTEER_RATE_BASIS = (
    "SMIC horaire brut au 1er janvier, majoré de 45 % de charges patronales (taux par défaut "
    "de la plateforme)"
)


# --- counting and writing rows ------------------------------------------------------------------


@dataclass
class EconomyCounts:
    """Rows created, by kind; all zero when nothing was created."""

    poolings: int = 0
    participants: int = 0
    costs: int = 0
    employees: int = 0
    allocations: int = 0
    resources: int = 0
    bookings: int = 0
    projects: int = 0
    partners: int = 0
    funding_lines: int = 0
    volunteer_times: int = 0
    volunteer_rates: int = 0
    in_kind: int = 0

    def add(self, other: EconomyCounts) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))


# Parents before children: `bulk_create` fills the primary keys the children then point at.
_ORDER: tuple[tuple[type[models.Model], str], ...] = (
    (Pooling, "poolings"),
    (PoolingParticipant, "participants"),
    (PoolingCost, "costs"),
    (SharedEmployee, "employees"),
    (HourAllocation, "allocations"),
    (SharedResource, "resources"),
    (Booking, "bookings"),
    (Project, "projects"),
    (ProjectPartner, "partners"),
    (FundingLine, "funding_lines"),
    (VolunteerTime, "volunteer_times"),
    (VolunteerRate, "volunteer_rates"),
    (InKindContribution, "in_kind"),
)


class Rows:
    """Unsaved rows of every kind, written in dependency order by `flush`."""

    def __init__(self) -> None:
        self.pending: dict[type[models.Model], list[models.Model]] = {m: [] for m, _ in _ORDER}

    def add(self, row: Any) -> Any:
        self.pending[type(row)].append(row)
        return row

    def flush(self, batch_size: int | None = None) -> EconomyCounts:
        counts = EconomyCounts()
        for model, name in _ORDER:
            rows = self.pending[model]
            if rows:
                model.objects.bulk_create(rows, batch_size=batch_size)
            setattr(counts, name, len(rows))
            self.pending[model] = []
        return counts


# --- what the builder knows about a pole ----------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A member structure, as its membership row tells it."""

    organisation_id: int
    name: str
    legal_category: str
    role: str
    dues_eur: Decimal | None
    start_date: dt.date | None
    end_date: dt.date | None

    @property
    def is_public(self) -> bool:
        return self.legal_category in _PUBLIC

    @property
    def is_enterprise(self) -> bool:
        """A structure that can lend staff hours, rent an office or lead a project."""
        return not self.is_public and self.legal_category != EMPLOYER_GROUP

    def active_in(self, year: int) -> bool:
        started = self.start_date is None or self.start_date.year <= year
        return started and (self.end_date is None or self.end_date.year >= year)


MEMBER_FIELDS = (
    "pole_id", "organisation_id", "organisation__name", "organisation__legal_category", "role",
    "dues_eur", "start_date", "end_date",
)


def member_from_values(row: Sequence[Any]) -> Member:
    """A `Member` from a `values_list(*MEMBER_FIELDS)` row."""
    return Member(*row[1:])


@dataclass
class PoleFacts:
    """What the economy of one pole is drawn from. Unknowns are None."""

    pole_id: int
    members: list[Member]
    years: tuple[int, ...]  # budget years, oldest first
    months: tuple[dt.date, ...]  # first days of the employer group's allocation months
    booking_days: tuple[dt.date, ...]  # working days bookings may fall on
    today: dt.date  # bookings before it are past ones
    budget_eur: int  # operating budget of a typical year, before dues
    employer_group: bool = False
    showcase_place: bool | None = None
    region: str | None = None  # "Région Occitanie"
    departement: str | None = None  # "Département de la Haute-Garonne"
    ended_on: dt.date | None = None  # a pole that ceased
    working_group_ids: Sequence[int] = ()

    def by_category(self, *categories: str) -> list[Member]:
        return [m for m in self.members if m.legal_category in categories]

    @property
    def epci(self) -> Member | None:
        return next(iter(self.by_category(*_EPCI)), None)

    @property
    def commune(self) -> Member | None:
        return next(iter(self.by_category(COMMUNE)), None)

    @property
    def enterprises(self) -> list[Member]:
        return [m for m in self.members if m.is_enterprise]


@dataclass(frozen=True)
class PremisesSpec:
    """A shared place: from the sources (`sourced`) or drawn."""

    name: str
    description: str = ""
    area_m2: int | None = None
    opened_on: dt.date | None = None
    tenants: int | None = None
    carrier_id: int | None = None
    sourced: bool = False


@dataclass(frozen=True)
class Grant:
    """One funder's money over the budget years: amount by year, and its agreement if any."""

    kind: str
    label: str
    amounts: dict[int, int]
    funder_id: int | None = None
    funder_name: str = ""
    agreement: tuple[dt.date, dt.date] | None = None
    section: str = Section.OPERATING
    project: Project | None = None


# --- labels ---------------------------------------------------------------------------------------

_JOBS = (
    ("Assistant·e administratif·ve et comptable", 14.2, 17.5),
    ("Chargé·e de communication", 15.5, 19.5),
    ("Agent·e d'entretien et de maintenance", 12.0, 13.5),
    ("Animateur·rice de réseau", 15.0, 18.5),
    ("Comptable", 16.0, 21.0),
    ("Chargé·e de mission ressources humaines", 17.0, 22.0),
    ("Médiateur·rice numérique", 13.5, 16.5),
    ("Technicien·ne son et lumière", 15.0, 19.0),
)
# Contract hours a month: full time (35 h), 80 %, 24 h, 20 h and 17,5 h a week.
_CONTRACT_HOURS = (Decimal("151.67"), Decimal("121.33"), Decimal("104.00"), Decimal("86.67"),
                   Decimal("75.83"))
# Employer charges on top of the gross hourly wage, for an employer group's full hourly cost.
_CHARGES = Decimal("1.42")

_OTHER_POOLINGS = (
    (PoolingKind.EQUIPMENT, "Matériel événementiel partagé", QuantityUnit.UNITS),
    (PoolingKind.EQUIPMENT, "Véhicules partagés", QuantityUnit.UNITS),
    (PoolingKind.PURCHASING, "Achats groupés de fournitures", QuantityUnit.EUROS),
    (PoolingKind.PURCHASING, "Achat groupé d'énergie", QuantityUnit.EUROS),
    (PoolingKind.SERVICES, "Comptabilité et paie mutualisées", QuantityUnit.HOURS),
    (PoolingKind.SERVICES, "Service informatique partagé", QuantityUnit.HOURS),
    (PoolingKind.SKILLS, "Banque de compétences entre membres", QuantityUnit.HOURS),
    (PoolingKind.SKILLS, "Juriste partagé", QuantityUnit.HOURS),
)
_EQUIPMENT_RESOURCES = {
    "Matériel événementiel partagé": (
        ("Sonorisation mobile", ResourceKind.EQUIPMENT),
        ("Vidéoprojecteur portable", ResourceKind.EQUIPMENT),
        ("Barnums et tables pliantes", ResourceKind.EQUIPMENT),
    ),
    "Véhicules partagés": (
        ("Véhicule utilitaire 9 places", ResourceKind.VEHICLE),
        ("Camionnette 12 m³", ResourceKind.VEHICLE),
    ),
}
_COST_LABELS = {
    PoolingKind.PREMISES: ("Loyer et charges", "Entretien et ménage des parties communes",
                           "Assurance des locaux"),
    PoolingKind.EQUIPMENT: ("Entretien et assurance du matériel", "Carburant et péages"),
    PoolingKind.PURCHASING: ("Commande groupée", "Frais de livraison"),
    PoolingKind.SERVICES: ("Contrat de prestation mutualisé", "Licences logicielles"),
    PoolingKind.SKILLS: ("Temps de coordination de la banque de compétences",),
}
_ROOMS = (
    ("Grande salle de réunion", ResourceKind.ROOM, 30, 55),
    ("Salle de formation", ResourceKind.ROOM, 18, 40),
    ("Petite salle de réunion", ResourceKind.ROOM, 8, 18),
    ("Atelier partagé", ResourceKind.WORKSHOP, 10, 60),
    ("Bureau de passage", ResourceKind.OFFICE, 2, 12),
)
_BOOKING_TITLES = {
    ResourceKind.ROOM: ("Réunion d'équipe", "Conseil d'administration", "Formation des bénévoles",
                        "Rendez-vous partenaire", "Atelier collectif", "Comité de projet",
                        "Permanence d'accueil", "Assemblée générale", "Entretiens de recrutement"),
    ResourceKind.WORKSHOP: ("Atelier réparation", "Session de fabrication", "Atelier collectif",
                            "Initiation au numérique"),
    ResourceKind.OFFICE: ("Rendez-vous individuel", "Permanence juridique", "Journée de travail"),
    ResourceKind.EQUIPMENT: ("Soirée débat", "Forum des associations", "Tournage vidéo",
                             "Fête de quartier"),
    ResourceKind.VEHICLE: ("Livraison", "Déménagement de matériel", "Collecte d'objets",
                           "Sortie avec le public"),
}

# (name, description, goals economic/social/environmental, innovation, study kind)
_PROJECTS = (
    ("Conciergerie d'entreprises solidaire", "Services aux salariés des entreprises voisines "
     "rendus par des structures d'insertion.", (1, 1, 0), Innovation.SOCIAL, StudyKind.STUDY),
    ("Atelier vélo et mobilité douce", "Réparation, location et apprentissage du vélo.",
     (0, 1, 1), Innovation.SOCIAL, StudyKind.NONE),
    ("Épicerie solidaire itinérante", "Un camion qui dessert les quartiers et villages sans "
     "commerce.", (1, 1, 0), Innovation.SOCIAL, StudyKind.NONE),
    ("Plateforme de formation aux métiers de la transition", "Parcours communs de formation "
     "des salariés des membres.", (1, 1, 1), Innovation.SOCIAL, StudyKind.STUDY),
    ("Recyclerie du territoire", "Collecte, tri et revente d'objets de seconde main.",
     (1, 0, 1), Innovation.SOCIAL, StudyKind.NONE),
    ("Cantine coopérative", "Restauration collective en circuit court pour les résidents et "
     "les voisins.", (1, 1, 1), Innovation.NONE, StudyKind.NONE),
    ("Recherche-action sur les coopérations économiques", "Mesurer ce que la coopération "
     "apporte aux structures membres.", (1, 1, 0), Innovation.SOCIAL, StudyKind.ACTION_RESEARCH),
    ("Outil numérique de réservation partagé", "Un calendrier commun pour les salles et le "
     "matériel.", (1, 0, 0), Innovation.TECHNOLOGICAL, StudyKind.NONE),
    ("Diagnostic des besoins de garde d'enfants", "Étude des horaires atypiques des salariés "
     "du territoire.", (0, 1, 0), Innovation.NONE, StudyKind.STUDY),
    ("Filière de matériaux biosourcés", "Isolants à base de chanvre et de paille produits "
     "localement.", (1, 0, 1), Innovation.TECHNOLOGICAL, StudyKind.RESEARCH),
    ("Jardins partagés et tiers-lieu nourricier", "Potagers ouverts aux habitant·es et ateliers "
     "de cuisine.", (0, 1, 1), Innovation.SOCIAL, StudyKind.NONE),
    ("Évaluation de l'utilité sociale du pôle", "Indicateurs partagés et enquête auprès des "
     "membres.", (0, 1, 0), Innovation.NONE, StudyKind.EVALUATION),
    ("Chantier d'insertion en écoconstruction", "Rénovation de bâtiments publics par des "
     "salariés en insertion.", (1, 1, 1), Innovation.SOCIAL, StudyKind.NONE),
    ("Groupement d'achats alimentaires locaux", "Commandes groupées auprès des producteurs du "
     "territoire.", (1, 0, 1), Innovation.NONE, StudyKind.NONE),
    ("Festival coopératif de territoire", "Un week-end de rencontres organisé par les "
     "membres.", (0, 1, 0), Innovation.NONE, StudyKind.NONE),
    ("Coopérative d'activités et d'emploi", "Accompagner des porteurs de projet salariés de "
     "la coopérative.", (1, 1, 0), Innovation.SOCIAL, StudyKind.NONE),
    ("Réseau de réparation et de réemploi", "Ateliers de réparation itinérants et repair "
     "cafés.", (1, 0, 1), Innovation.SOCIAL, StudyKind.NONE),
    ("Plateforme de covoiturage rural", "Mise en relation des salariés et des habitant·es.",
     (0, 1, 1), Innovation.TECHNOLOGICAL, StudyKind.STUDY),
)
RESEARCH_PROJECT = "Recherche-action sur les coopérations économiques"
TRAINING_PROJECT = "Plateforme de formation aux métiers de la transition"
_OWN_REVENUE = (
    "Prestations d'accompagnement", "Formations dispensées", "Locations de salles",
    "Ventes de la boutique", "Refacturation de frais communs", "Prestations événementielles",
)
_FOUNDATIONS = ("Fondation pour l'Initiative Locale", "Fondation Solidarités de Proximité",
                "Fondation du Lien Social")
_COMPANY_SPONSORS = ("Mécénat d'entreprises du territoire", "Club d'entreprises partenaires",
                     "Mécénat de compétences d'une banque coopérative")
_VOLUNTEER_NOTES = {
    VolunteerActivity.GOVERNANCE: "Conseil d'administration, bureau et assemblée générale",
    VolunteerActivity.COORDINATION: "Animation des groupes de travail",
    VolunteerActivity.PROJECTS: "Participation aux projets coopératifs",
    VolunteerActivity.POOLING: "Suivi des mutualisations",
    VolunteerActivity.EVENTS: "Forum annuel et portes ouvertes",
    VolunteerActivity.OTHER: "",
}
# Hours per member structure and year, by activity: low and high.
_VOLUNTEER_HOURS = {
    VolunteerActivity.GOVERNANCE: (20, 40),
    VolunteerActivity.COORDINATION: (8, 20),
    VolunteerActivity.PROJECTS: (15, 45),
    VolunteerActivity.POOLING: (4, 12),
    VolunteerActivity.EVENTS: (8, 25),
    VolunteerActivity.OTHER: (1, 5),
}


# --- time ---------------------------------------------------------------------------------------

_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
_MORNINGS = ((dt.time(9), dt.time(12)), (dt.time(9, 30), dt.time(12, 30)),
             (dt.time(10), dt.time(12)), (dt.time(9), dt.time(10, 30)))
_AFTERNOONS = ((dt.time(14), dt.time(17)), (dt.time(14), dt.time(16)),
               (dt.time(15), dt.time(17, 30)), (dt.time(14, 30), dt.time(16, 30)))
_FULL_DAY = (dt.time(9), dt.time(17, 30))


def workdays(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Monday to Friday from `first` to `last`, fixed public holidays excluded."""
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and (day.month, day.day) not in _HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return tuple(days)


def month_starts(last: dt.date, count: int) -> tuple[dt.date, ...]:
    """The first days of the `count` months ending with the month of `last`."""
    year, month = last.year, last.month
    first = add_months(dt.date(year, month, 1), 1 - count)
    return tuple(add_months(first, i) for i in range(count))


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after the month of `month`."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _money(value: float, step: int = 10) -> Decimal:
    """Euros rounded to `step`, as budgets are written."""
    return Decimal(max(step, round(value / step) * step))


def _split_total(rng: random.Random, total: int, count: int, low: int, high: int) -> list[int]:
    """`count` whole numbers drawn between `low` and `high`, scaled to sum exactly to `total`."""
    weights = {i: rng.randint(low, high) for i in range(count)}
    return list(split_cents(total, weights).values())


# --- the builder -------------------------------------------------------------------------------


class PoleEconomy:
    """Draws the economy of one pole into `rows` (unsaved, see `Rows.flush`)."""

    def __init__(self, rows: Rows, rng: random.Random, facts: PoleFacts) -> None:
        self.rows, self.rng, self.facts = rows, rng, facts
        self.pole_id = facts.pole_id
        # Structures renting space in the shared premises: their rent is own revenue.
        self.rents: list[tuple[int, Decimal]] = []  # (organisation id, m²)
        self.projects: list[Project] = []

    def _row(self, model: type[models.Model], *, synthetic: bool = True, **values: Any) -> Any:
        return self.rows.add(model(pole_id=self.pole_id, is_synthetic=synthetic, **values))

    def _pick(self, members: Sequence[Member], low: int, high: int) -> list[Member]:
        count = min(len(members), self.rng.randint(low, high))
        return self.rng.sample(list(members), count) if count > 0 else []

    # --- poolings ---------------------------------------------------------------------------

    def premises(self, spec: PremisesSpec) -> Pooling:
        """The shared place: participants take m² when the area is known, keys otherwise."""
        rng, facts = self.rng, self.facts
        by_use = spec.area_m2 is not None
        pooling = self._row(
            Pooling, synthetic=not spec.sourced, kind=PoolingKind.PREMISES, name=spec.name,
            description=spec.description, carrier_id=spec.carrier_id,
            unit=QuantityUnit.SQUARE_METRES if by_use else "",
            # Rent follows the m² each tenant occupies; the rooms are booked on top.
            cost_sharing=CostSharing.BY_QUANTITY if by_use else CostSharing.FIXED_KEYS,
            started_on=spec.opened_on, ended_on=facts.ended_on,
        )
        tenants = self._pick(
            facts.enterprises, spec.tenants or 3, spec.tenants or min(7, len(facts.enterprises))
        )
        tenants.sort(key=lambda m: m.organisation_id)
        areas = (
            _split_total(rng, spec.area_m2, len(tenants), 40, 160) if by_use and tenants
            else [None] * len(tenants)
        )
        for member, area in zip(tenants, areas, strict=True):
            joined = spec.opened_on
            if joined is not None and rng.random() < 0.2:
                joined += dt.timedelta(days=rng.randint(90, 900))
            self._row(
                PoolingParticipant, pooling=pooling, organisation_id=member.organisation_id,
                quantity=Decimal(area) if area is not None else None,
                share_key=None if by_use else Decimal(rng.choice((1, 1, 2, 2, 3, 4))),
                joined_on=joined,
            )
            if area is not None:
                self.rents.append((member.organisation_id, Decimal(area)))
        # Rent and charges of the place: about what the tenants pay back (see `rent_lines`).
        self._costs(pooling, spec.area_m2 * 100 if spec.area_m2 else facts.budget_eur // 5)
        return pooling

    def employer_group(self, *, carrier_id: int | None, name: str,
                       employees: int | None = None) -> Pooling | None:
        """Shared staff lent to 3-6 members every month of `facts.months`, at cost: the first
        employee works for all of them, the others for some."""
        rng, facts = self.rng, self.facts
        users = [m for m in facts.enterprises if m.organisation_id != carrier_id]
        if len(users) < 3 or not facts.months:
            return None
        first_month = facts.months[0]
        pooling = self._row(
            Pooling, kind=PoolingKind.EMPLOYER_GROUP, name=name, carrier_id=carrier_id,
            unit=QuantityUnit.HOURS, cost_sharing=CostSharing.BY_USE,
            started_on=dt.date(first_month.year - rng.randint(2, 8), rng.randint(1, 12), 1),
            ended_on=facts.ended_on,
            description="Salarié·es embauché·es par le groupement et mis·es à disposition des "
                        "membres, refacturé·es au coût réel, sans marge.",
        )
        members = self._pick(users, 3, 6)
        count = employees or rng.randint(1, 3)
        jobs = rng.sample(_JOBS, count)
        used: set[tuple[str, str]] = set()
        members_total: dict[int, Decimal] = {}
        for number, (title, low, high) in enumerate(jobs):
            gender = declared_gender(rng)
            while True:
                first, last = first_name(rng, gender), rng.choice(LAST_NAMES)
                if (first, last) not in used:
                    used.add((first, last))
                    break
            hours = _CONTRACT_HOURS[0] if number == 0 else rng.choice(_CONTRACT_HOURS)
            gross = Decimal(str(round(rng.uniform(low, high), 2)))
            # The first employee is there for all months; the others may arrive or leave.
            months = list(facts.months)
            started = dt.date(first_month.year - rng.randint(0, 4), rng.randint(1, 12), 1)
            started = min(max(started, pooling.started_on), first_month)  # hired by the group
            ended = None
            contract = ContractKind.CDI
            if number > 0 and rng.random() < 0.5:
                cut = rng.randint(3, max(3, len(months) // 2))
                started = months[cut]
                months = months[cut:]
                if rng.random() < 0.5:
                    # A fixed-term contract still running after the last month shown.
                    contract = ContractKind.CDD
                    ended = add_months(months[-1], rng.randint(2, 6)) - dt.timedelta(days=1)
            employee = self._row(
                SharedEmployee, pooling=pooling, name=f"{first} {last}", job_title=title,
                contract=contract, monthly_hours=hours,
                hourly_cost=(gross * _CHARGES).quantize(CENT), started_on=started,
                ended_on=ended,
            )
            lent_to = members if number == 0 else self._pick(members, 2, len(members))
            base = {m.organisation_id: rng.randint(2, 10) for m in lent_to}
            for month in months:
                # Summer: fewer hours lent; the contract is charged all the same.
                share = Decimal("0.85") if month.month == 8 else Decimal(1)
                total = int(hours * share * 100)
                weights = {org: weight * rng.uniform(0.7, 1.3) for org, weight in base.items()}
                for org, hundredths in split_cents(total, weights).items():
                    if hundredths <= 0:
                        continue
                    value = Decimal(hundredths) / 100
                    members_total[org] = members_total.get(org, ZERO) + value
                    self._row(HourAllocation, employee=employee, organisation_id=org,
                              month=month, hours=value)
        for org in sorted(members_total):
            self._row(PoolingParticipant, pooling=pooling, organisation_id=org,
                      quantity=members_total[org].quantize(CENT), joined_on=pooling.started_on)
        return pooling

    def other_poolings(self, count: int, *, names: Sequence[str] = ()) -> list[Pooling]:
        """`count` poolings drawn among equipment, purchasing, services and skills (or the
        ones named)."""
        rng, facts = self.rng, self.facts
        poolings = []
        chosen = ([p for p in _OTHER_POOLINGS if p[1] in names] if names
                  else rng.sample(_OTHER_POOLINGS, count))
        for kind, name, unit in chosen:
            by_keys = kind == PoolingKind.SKILLS or rng.random() < 0.25
            started = dt.date(facts.years[0] - rng.randint(0, 5), rng.randint(1, 12),
                              rng.randint(1, 28))
            pooling = self._row(
                Pooling, kind=kind, name=name, unit=unit,
                cost_sharing=CostSharing.FIXED_KEYS if by_keys else CostSharing.BY_USE,
                carrier_id=rng.choice(facts.enterprises).organisation_id
                if facts.enterprises and rng.random() < 0.7 else None,
                started_on=started, ended_on=facts.ended_on,
            )
            for member in sorted(self._pick(facts.enterprises, 3, 9),
                                 key=lambda m: m.organisation_id):
                quantity = None
                if rng.random() < 0.9:  # some participants never said how much they use
                    quantity = Decimal({
                        QuantityUnit.EUROS: rng.randint(4, 60) * 100,
                        QuantityUnit.HOURS: rng.randint(5, 120),
                        QuantityUnit.UNITS: rng.randint(1, 12),
                    }[unit])
                self._row(
                    PoolingParticipant, pooling=pooling, organisation_id=member.organisation_id,
                    quantity=quantity,
                    share_key=Decimal(rng.randint(1, 5)) if by_keys else None,
                    joined_on=started + dt.timedelta(days=rng.randint(0, 400)),
                )
            self._costs(pooling, rng.randint(3, 25) * 1000)
            poolings.append(pooling)
        return poolings

    def _costs(self, pooling: Pooling, yearly: int) -> None:
        """Quarterly costs over the last two budget years."""
        rng = self.rng
        labels = _COST_LABELS[pooling.kind]
        for year in self.facts.years[-2:]:
            for quarter in range(4):
                start = dt.date(year, 3 * quarter + 1, 1)
                end = (dt.date(year + 1, 1, 1) if quarter == 3
                       else dt.date(year, 3 * quarter + 4, 1)) - dt.timedelta(days=1)
                for number, label in enumerate(labels):
                    if number > 0 and rng.random() < 0.5:
                        continue
                    part = 0.7 if number == 0 else 0.15
                    amount = _money(yearly * part / 4 * rng.uniform(0.9, 1.1), 1)
                    self._row(PoolingCost, pooling=pooling,
                              label=f"{label} — T{quarter + 1} {year}", period_start=start,
                              period_end=end, amount=amount.quantize(CENT))

    # --- resources and bookings -------------------------------------------------------------

    def rooms(self, pooling: Pooling, specs: Sequence[tuple[str, str, int, int]],
              *, bookable: Sequence[bool] | None = None) -> list[SharedResource]:
        resources = []
        for number, (name, kind, capacity, area) in enumerate(specs):
            resources.append(self._row(
                SharedResource, pooling=pooling, name=name, kind=kind, capacity=capacity,
                area_m2=Decimal(area), is_bookable=bookable[number] if bookable else True,
            ))
        return resources

    def equipment(self, pooling: Pooling) -> list[SharedResource]:
        specs = _EQUIPMENT_RESOURCES.get(pooling.name, ())
        return [self._row(SharedResource, pooling=pooling, name=name, kind=kind)
                for name, kind in specs]

    def bookings(self, resource: SharedResource, count: int, *,
                 organisations: Sequence[int], future: int = 0,
                 booked_by: Sequence[tuple[int | None, int]] = ()) -> list[Booking]:
        """`count` bookings of `resource` on distinct half-days: live ones never overlap.

        `future` of them fall on or after `facts.today`. `booked_by` lists (user id, the
        structure that user books for); other bookings are made for a random structure.
        """
        rng, facts = self.rng, self.facts
        past_days = [d for d in facts.booking_days if d < facts.today]
        next_days = [d for d in facts.booking_days if d > facts.today]
        future = min(future, 2 * len(next_days))
        taken: set[tuple[dt.date, int]] = set()
        chosen = self._half_days(past_days, count - future, taken)
        chosen += self._half_days(next_days, future, taken)
        kind = resource.kind
        bookings = []
        for day, half in sorted(chosen):
            times = rng.choice(_MORNINGS if half == 0 else _AFTERNOONS)
            if kind in (ResourceKind.ROOM, ResourceKind.VEHICLE) and rng.random() < 0.15 \
                    and (day, 1 - half) not in taken:
                taken.add((day, 1 - half))  # a whole day: both halves are taken
                times = _FULL_DAY
            user, organisation = (
                rng.choice(booked_by) if booked_by and rng.random() < 0.4
                else (None, rng.choice(organisations))
            )
            bookings.append(self._row(
                Booking, resource=resource, organisation_id=organisation, booked_by_id=user,
                title=rng.choice(_BOOKING_TITLES[kind]), starts_at=_aware(day, times[0]),
                ends_at=_aware(day, times[1]),
            ))
        return bookings

    def _half_days(self, days: Sequence[dt.date], count: int,
                   taken: set[tuple[dt.date, int]]) -> list[tuple[dt.date, int]]:
        free = [(d, h) for d in days for h in (0, 1) if (d, h) not in taken]
        chosen = self.rng.sample(free, min(max(count, 0), len(free)))
        taken.update(chosen)
        return chosen

    def cancelled_copy(self, booking: Booking) -> Booking:
        """A booking cancelled a few days before, on the slot a live booking now holds."""
        return self._row(
            Booking, resource=booking.resource, organisation_id=booking.organisation_id,
            booked_by_id=booking.booked_by_id, title=booking.title, starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            cancelled_at=booking.starts_at - dt.timedelta(days=self.rng.randint(2, 10)),
        )

    # --- projects ---------------------------------------------------------------------------

    def cooperative_projects(self, count: int, *, include: Sequence[str] = ()) -> list[Project]:
        """`count` projects: the ones named in `include`, then drawn ones."""
        rng, facts = self.rng, self.facts
        research = facts.by_category(UNIVERSITY)
        first, last = facts.years[0], facts.years[-1]
        chosen = [p for p in _PROJECTS if p[0] in include]
        chosen += rng.sample([p for p in _PROJECTS if p[0] not in include],
                             max(0, count - len(chosen)))
        for name, description, goals, innovation, study in chosen:
            status = rng.choices(
                (ProjectStatus.IDEA, ProjectStatus.ACTIVE, ProjectStatus.COMPLETED,
                 ProjectStatus.ABANDONED), weights=(15, 45, 30, 10))[0]
            if facts.ended_on and status in (ProjectStatus.IDEA, ProjectStatus.ACTIVE):
                status = ProjectStatus.COMPLETED
            started = ended = None
            if status != ProjectStatus.IDEA:
                started = dt.date(rng.randint(first - 3, last), rng.randint(1, 12),
                                  rng.randint(1, 28))
            if status in (ProjectStatus.COMPLETED, ProjectStatus.ABANDONED) and started:
                limit = facts.ended_on or dt.date(last, 12, 31)
                ended = min(started + dt.timedelta(days=rng.randint(120, 1000)), limit)
                ended = max(ended, started)
            elif status == ProjectStatus.ACTIVE and started and rng.random() < 0.5:
                ended = dt.date(last + rng.randint(1, 3), rng.randint(1, 12), 28)  # planned
            jobs_created = jobs_consolidated = None
            # Jobs are counted for about two projects in three; the others are not known.
            if status in (ProjectStatus.ACTIVE, ProjectStatus.COMPLETED) and rng.random() < 0.65:
                jobs_created = Decimal(rng.choice((0, 0.5, 1, 1, 1.5, 2, 3, 4.5))).quantize(CENT)
                if rng.random() < 0.6:
                    jobs_consolidated = Decimal(rng.choice((0.5, 1, 2, 3, 5))).quantize(CENT)
            elif status == ProjectStatus.ABANDONED and rng.random() < 0.5:
                jobs_created = ZERO.quantize(CENT)
            project = self._row(
                Project, name=name, description=description, status=status,
                started_on=started, ended_on=ended,
                budget_eur=_money(rng.randint(8, 180) * 1000, 500).quantize(CENT)
                if rng.random() < 0.8 else None,
                jobs_created_fte=jobs_created, jobs_consolidated_fte=jobs_consolidated,
                innovation=innovation if rng.random() < 0.9 else "",
                goal_economic=bool(goals[0]), goal_social=bool(goals[1]),
                goal_environmental=bool(goals[2]), study_kind=study,
                new_activities=rng.randint(0, 3) if status == ProjectStatus.COMPLETED
                and rng.random() < 0.7 else None,
                new_enterprises=rng.randint(0, 1) if status == ProjectStatus.COMPLETED
                and rng.random() < 0.5 else None,
                working_group_id=rng.choice(facts.working_group_ids)
                if facts.working_group_ids and rng.random() < 0.4 else None,
            )
            partners = self._pick(facts.enterprises, 2, 5)
            if study in (StudyKind.ACTION_RESEARCH, StudyKind.RESEARCH) and research:
                partners.append(research[0])
            elif facts.epci and rng.random() < 0.3:
                partners.append(facts.epci)
            seen: set[int] = set()
            for number, member in enumerate(partners):
                if member.organisation_id in seen:
                    continue
                seen.add(member.organisation_id)
                self._row(ProjectPartner, project=project,
                          organisation_id=member.organisation_id,
                          role=PartnerRole.LEAD if number == 0 else PartnerRole.PARTNER)
            self.projects.append(project)
        return self.projects

    # --- budget -------------------------------------------------------------------------------

    def dues(self, *, lump_below: Decimal | None = None) -> None:
        """Each member's dues as a line with the member as funder, from `Membership.dues_eur`.

        With `lump_below`, smaller dues are summed into one line without a funder, as large
        poles' accounts do.
        """
        for year in self.facts.years:
            lumped = ZERO
            for member in self.facts.members:
                if member.dues_eur is None or not member.active_in(year):
                    continue
                if lump_below is not None and member.dues_eur < lump_below:
                    lumped += member.dues_eur
                    continue
                self._row(FundingLine, year=year, source_kind=SourceKind.DUES,
                          funder_id=member.organisation_id, label="Cotisation annuelle",
                          amount=member.dues_eur.quantize(CENT))
            if lumped:
                self._row(FundingLine, year=year, source_kind=SourceKind.DUES,
                          label="Cotisations des autres membres", amount=lumped.quantize(CENT))

    def rent_lines(self, rate_per_m2: int, *, growth: float = 0.02) -> None:
        """Shared rents: each tenant pays for its m², own revenue with the tenant as funder."""
        for index, year in enumerate(self.facts.years):
            rate = rate_per_m2 * (1 + growth) ** index
            for organisation_id, area in self.rents:
                self._row(FundingLine, year=year, source_kind=SourceKind.OWN_REVENUE,
                          funder_id=organisation_id, label="Loyer et charges des locaux",
                          amount=_money(float(area) * rate, 1).quantize(CENT))

    def grants(self, plan: Iterable[Grant], *, synthetic: bool = True) -> None:
        for grant in plan:
            for year, amount in sorted(grant.amounts.items()):
                start, end = grant.agreement or (None, None)
                self._row(
                    FundingLine, synthetic=synthetic, year=year, source_kind=grant.kind,
                    section=grant.section, funder_id=grant.funder_id,
                    funder_name=grant.funder_name, label=grant.label,
                    amount=Decimal(amount).quantize(CENT), agreement_start=start,
                    agreement_end=end, project=grant.project,
                )

    def drawn_grants(self) -> list[Grant]:
        """A plausible mix of public, private and own resources for `facts.budget_eur`."""
        rng, facts = self.rng, self.facts
        years = facts.years
        budget = facts.budget_eur
        plan: list[Grant] = []

        def yearly(share: float, span: Sequence[int], *, drift: float = 0.06) -> dict[int, int]:
            base = budget * share
            return {year: int(_money(base * rng.uniform(1 - drift, 1 + drift), 100))
                    for year in span}

        def agreement(span: Sequence[int]) -> tuple[dt.date, dt.date]:
            return dt.date(span[0], 1, 1), dt.date(span[-1], 12, 31)

        # The intercommunality: a multi-year agreement, ending with the last year for half of
        # the poles (the baseline projection then loses it: a stress test worth reading).
        if facts.epci and rng.random() < 0.9:
            length = rng.randint(2, 4)
            end = years[-1] if rng.random() < 0.5 else years[-1] + rng.randint(1, length - 1)
            agreed = range(end - length + 1, end + 1)
            span = [y for y in agreed if y in years]
            plan.append(Grant(SourceKind.GRANT_EPCI, "Convention d'objectifs pluriannuelle",
                              yearly(rng.uniform(0.15, 0.3), span),
                              funder_id=facts.epci.organisation_id, agreement=agreement(agreed)))
            earlier = [y for y in years if y < span[0]]
            if earlier:
                plan.append(Grant(SourceKind.GRANT_EPCI, "Subvention de fonctionnement",
                                  yearly(0.15, earlier), funder_id=facts.epci.organisation_id))
        if facts.region and rng.random() < 0.9:
            plan.append(Grant(SourceKind.GRANT_REGION, "Soutien aux pôles de coopération",
                              yearly(rng.uniform(0.1, 0.25), years), funder_name=facts.region))
        if rng.random() < 0.6:
            start = rng.choice(years[:-1]) if len(years) > 1 else years[0]
            span = [y for y in (start, start + 1) if y in years]
            region = facts.region.removeprefix("Région ") if facts.region else ""
            plan.append(Grant(
                SourceKind.GRANT_STATE, "Appel à projets PTCE", yearly(0.15, span, drift=0),
                funder_name=f"État — DREETS {region}".strip(" —"),
                agreement=agreement((start, start + 1)),
            ))
        if facts.departement and rng.random() < 0.6:
            plan.append(Grant(SourceKind.GRANT_DEPARTEMENT, "Subvention de fonctionnement",
                              yearly(rng.uniform(0.04, 0.1), years),
                              funder_name=facts.departement))
        if facts.commune and rng.random() < 0.7:
            plan.append(Grant(SourceKind.GRANT_COMMUNE, "Subvention de fonctionnement",
                              yearly(rng.uniform(0.02, 0.06), years),
                              funder_id=facts.commune.organisation_id))
        def project_in(span: Sequence[int]) -> Project | None:
            """A project running during `span`, that a grant can be earmarked for."""
            running = [
                p for p in self.projects
                if p.status in (ProjectStatus.ACTIVE, ProjectStatus.COMPLETED)
                and p.started_on is not None and p.started_on.year <= span[0]
                and (p.ended_on is None or p.ended_on.year >= span[-1])
            ]
            return rng.choice(running) if running else None

        if rng.random() < 0.35:
            span = list(years[-3:])
            plan.append(Grant(
                SourceKind.GRANT_EU, "Fonds social européen (FSE+)", yearly(0.08, span),
                funder_name="Union européenne — FSE+", agreement=agreement(span),
                project=project_in(span),
            ))
        if rng.random() < 0.45:
            span = list(years[-2:])
            plan.append(Grant(
                SourceKind.PRIVATE_FOUNDATION, "Soutien à un projet coopératif",
                yearly(rng.uniform(0.04, 0.1), span), funder_name=rng.choice(_FOUNDATIONS),
                project=project_in(span),
            ))
        if rng.random() < 0.35:
            span = sorted(rng.sample(list(years), min(2, len(years))))
            plan.append(Grant(SourceKind.PRIVATE_COMPANY, "Mécénat",
                              yearly(0.03, span), funder_name=rng.choice(_COMPANY_SPONSORS)))
        for label in rng.sample(_OWN_REVENUE, rng.randint(2, 4)):
            plan.append(Grant(SourceKind.OWN_REVENUE, label,
                              yearly(rng.uniform(0.05, 0.15), years, drift=0.15)))
        if rng.random() < 0.2:
            plan.append(Grant(SourceKind.LOAN, "Prêt associatif pour l'équipement",
                              {rng.choice(years): int(_money(budget * 0.15, 1000))},
                              funder_name="France Active (prêt)", section=Section.INVESTMENT))
        if rng.random() < 0.2:
            year = rng.choice(years)
            plan.append(Grant(SourceKind.GRANT_REGION, "Aide à l'investissement matériel",
                              {year: int(_money(budget * 0.1, 500))},
                              funder_name=facts.region or "Région",
                              section=Section.INVESTMENT))
        return plan

    # --- volunteering and in kind -------------------------------------------------------------

    def volunteering(self, *, people: Sequence[tuple[int, int | None]] = (),
                     rate_years: Iterable[int] | None = None) -> None:
        """Hours by activity each year (collective and per structure), and the yearly rate.

        `people` lists (person id, their structure) whose governance hours are counted one by
        one. `rate_years` are the years the pole set a rate for (default: every year known to
        the analytics' SMIC table).
        """
        rng, facts = self.rng, self.facts
        size = max(len(facts.members), 5)
        for year in facts.years:
            for activity, (low, high) in _VOLUNTEER_HOURS.items():
                if activity == VolunteerActivity.OTHER and rng.random() < 0.5:
                    continue
                hours = Decimal(size * rng.randint(low, high) // 2)
                self._row(VolunteerTime, year=year, activity=activity, hours=hours,
                          note=_VOLUNTEER_NOTES[activity])
            for member in self._pick(facts.enterprises, 1, 3):
                self._row(VolunteerTime, year=year, organisation_id=member.organisation_id,
                          activity=rng.choice((VolunteerActivity.PROJECTS,
                                               VolunteerActivity.POOLING)),
                          hours=Decimal(rng.randint(10, 80)),
                          note="Heures déclarées par la structure")
            for person_id, organisation_id in people:
                self._row(VolunteerTime, year=year, person_id=person_id,
                          organisation_id=organisation_id,
                          activity=VolunteerActivity.GOVERNANCE,
                          hours=Decimal(rng.randint(30, 120)), note="Mandat au bureau")
        for year in facts.years if rate_years is None else rate_years:
            rate = default_volunteer_rate(year)
            if rate is not None:
                self._row(VolunteerRate, year=year, hourly_rate=rate, basis=VOLUNTEER_RATE_BASIS)

    def in_kind(self, *, every_year: bool = False) -> None:
        """Premises, staff time, equipment and goods given for free; some years have none,
        unless `every_year`."""
        rng, facts = self.rng, self.facts
        for year in facts.years:
            before = len(self.rows.pending[InKindContribution])
            if facts.commune and rng.random() < 0.6:
                self._row(InKindContribution, year=year, kind=InKindKind.PREMISES,
                          provider_id=facts.commune.organisation_id,
                          description="Prêt d'une salle municipale pour le forum annuel",
                          value=_money(rng.randint(400, 1500)).quantize(CENT))
            if facts.epci and rng.random() < 0.5:
                self._row(InKindContribution, year=year, kind=InKindKind.SERVICES,
                          provider_id=facts.epci.organisation_id,
                          description="Mise à disposition d'un agent de développement "
                                      "économique (une demi-journée par semaine)",
                          value=_money(rng.randint(6000, 11000), 100).quantize(CENT))
            if facts.enterprises and rng.random() < 0.5:
                donor = rng.choice(facts.enterprises)
                kind, text = rng.choice((
                    (InKindKind.EQUIPMENT, "Prêt de matériel de sonorisation"),
                    (InKindKind.GOODS, "Don de mobilier de bureau"),
                    (InKindKind.SERVICES, "Mise en page gracieuse du rapport d'activité"),
                    (InKindKind.GOODS, "Don d'ordinateurs reconditionnés"),
                ))
                self._row(InKindContribution, year=year, kind=kind,
                          provider_id=donor.organisation_id, description=text,
                          value=_money(rng.randint(200, 3000)).quantize(CENT))
            if rng.random() < 0.3:
                self._row(InKindContribution, year=year, kind=InKindKind.SERVICES,
                          provider_name="Cabinet d'avocats (mécénat de compétences)",
                          description="Conseil juridique pro bono sur les statuts",
                          value=_money(rng.randint(800, 2500)).quantize(CENT))
            if every_year and len(self.rows.pending[InKindContribution]) == before:
                self._row(InKindContribution, year=year, kind=InKindKind.EQUIPMENT,
                          provider_name="Entreprise voisine du pôle",
                          description="Prêt de matériel pour le forum annuel",
                          value=_money(rng.randint(300, 900)).quantize(CENT))


# --- the demo poles ------------------------------------------------------------------------------


@dataclass
class DemoEconomyReport:
    counts: EconomyCounts = field(default_factory=EconomyCounts)
    poles_done: list[str] = field(default_factory=list)
    poles_skipped: list[str] = field(default_factory=list)


def build_demo_economy(
    poles: Sequence[Pole], records: Sequence[dict[str, Any]], *, today: dt.date | None = None
) -> DemoEconomyReport:
    """Create the economy of the demo poles that have none yet (poolings, projects, budgets).

    `today` places the employer group's allocation months and the bookings (default: the
    local date); budgets are the fixed `DEMO_BUDGET_YEARS`.
    """
    today = today or timezone.localdate()
    report = DemoEconomyReport()
    by_slug = {record["slug"]: record for record in records}
    rows = Rows()
    with transaction.atomic(), scopes_disabled():
        for pole in poles:
            if _has_economy(pole):
                report.poles_skipped.append(pole.slug)
                continue
            _demo_pole(rows, pole, by_slug[pole.slug], today)
            report.poles_done.append(pole.slug)
        report.counts = rows.flush()
    return report


def _has_economy(pole: Pole) -> bool:
    return any(model.objects.filter(pole=pole).exists()
               for model in (Pooling, Project, FundingLine))


def _demo_facts(pole: Pole, record: dict[str, Any], today: dt.date) -> PoleFacts:
    members = [
        member_from_values(row) for row in
        Membership.objects.filter(pole=pole).order_by("organisation_id")
        .values_list(*MEMBER_FIELDS)
    ]
    ceased = record.get("ceased")
    years = tuple(y for y in DEMO_BUDGET_YEARS if ceased is None or y < ceased)
    ended_on = dt.date(ceased, 12, 31) if ceased else None  # month unknown: end of the year
    last_day = min(today, ended_on) if ended_on else today
    region = record.get("region")
    return PoleFacts(
        pole_id=pole.pk, members=members, years=years,
        months=month_starts(last_day, DEMO_ALLOCATION_MONTHS),
        booking_days=workdays(today - dt.timedelta(days=DEMO_BOOKINGS_PAST_DAYS),
                              today + dt.timedelta(days=DEMO_BOOKINGS_FUTURE_DAYS))
        if ended_on is None else (),
        today=today,
        budget_eur=40_000 + 3_000 * len(members),
        employer_group=record.get("employer_group") is True,
        showcase_place=record.get("showcase_place"),
        region=f"Région {region}" if region else None,
        departement=DEPARTEMENTS.get(record.get("departement") or ""),
        ended_on=ended_on,
        working_group_ids=list(WorkingGroup.objects.filter(pole=pole).order_by("pk")
                               .values_list("pk", flat=True)),
    )


def _premises_spec(record: dict[str, Any], facts: PoleFacts) -> PremisesSpec | None:
    """The documented place of the pole (YAML `premises`), not synthetic."""
    block = record.get("premises")
    if not block:
        return None
    owner = block.get("owner")
    carrier = None
    if owner:
        # The registry's row for the owner, when the pole has it among its members.
        carrier = next((m for m in facts.members if fold(owner) in fold(m.name)), None)
    return PremisesSpec(
        name=block["name"], description=block.get("description") or "",
        area_m2=block.get("area_m2"), opened_on=block.get("opened_on"),
        tenants=block.get("tenants"), carrier_id=carrier.organisation_id if carrier else None,
        sourced=True,
    )


def _demo_pole(rows: Rows, pole: Pole, record: dict[str, Any], today: dt.date) -> None:
    rng = random.Random(f"ptce-demo-economy:{pole.slug}")
    facts = _demo_facts(pole, record, today)
    if not facts.members:
        return
    if pole.slug == OBSERVED_POLE:
        _periscope(rows, rng, facts, record)
        return
    economy = PoleEconomy(rows, rng, facts)
    spec = _premises_spec(record, facts)
    if spec is not None:
        premises = economy.premises(spec)
        rooms = economy.rooms(premises, rng.sample(_ROOMS, rng.randint(1, 3)))
        _book(economy, rooms, facts, count=(4, 8), future=(1, 3))
    if facts.employer_group:
        carrier = next(iter(facts.by_category(EMPLOYER_GROUP)), None)
        economy.employer_group(
            carrier_id=carrier.organisation_id if carrier else None,
            name=carrier.name if carrier else "Groupement d'employeurs du pôle",
        )
    for pooling in economy.other_poolings(rng.randint(1, 2)):
        _book(economy, economy.equipment(pooling), facts, count=(2, 5), future=(0, 2))
    # The paper notes Les Articulteurs' action research (YAML `action_research`).
    economy.cooperative_projects(
        rng.randint(3, 6),
        include=(RESEARCH_PROJECT,) if record.get("action_research") else (),
    )
    economy.dues(lump_below=Decimal(100) if len(facts.members) > 30 else None)
    economy.rent_lines(rng.randint(90, 140))
    economy.grants(economy.drawn_grants())
    economy.volunteering()
    economy.in_kind()


def _book(economy: PoleEconomy, resources: Sequence[SharedResource], facts: PoleFacts, *,
          count: tuple[int, int], future: tuple[int, int]) -> None:
    organisations = [m.organisation_id for m in facts.enterprises]
    if not organisations or not facts.booking_days:
        return
    for resource in resources:
        economy.bookings(resource, economy.rng.randint(*count), organisations=organisations,
                         future=economy.rng.randint(*future))


# --- Le Périscope --------------------------------------------------------------------------------

_PERISCOPE_ROOMS = (
    ("Salle de réunion Canal", ResourceKind.ROOM, 40, 70),
    ("Salle de formation", ResourceKind.ROOM, 20, 45),
    ("Atelier numérique", ResourceKind.WORKSHOP, 12, 35),
    ("Petite salle Innopole", ResourceKind.ROOM, 8, 18),
    ("Espace de convivialité", ResourceKind.ROOM, 30, 60),
)
_PERISCOPE_POOLINGS = ("Matériel événementiel partagé", "Achats groupés de fournitures",
                       "Comptabilité et paie mutualisées")
# The convivial space is open to all: nobody books it.
_PERISCOPE_BOOKABLE = (True, True, True, True, False)


def _periscope(rows: Rows, rng: random.Random, facts: PoleFacts,
               record: dict[str, Any]) -> None:
    economy = PoleEconomy(rows, rng, facts)
    sicoval = facts.epci if facts.epci and "sicoval" in fold(facts.epci.name) else None
    spec = _premises_spec(record, facts)
    assert spec is not None, "le-periscope has a documented `premises` block"
    if spec.carrier_id is None and sicoval is not None:
        spec = replace(spec, carrier_id=sicoval.organisation_id)
    premises = economy.premises(spec)
    rooms = economy.rooms(premises, _PERISCOPE_ROOMS, bookable=_PERISCOPE_BOOKABLE)

    # Bookings: the demo accounts book for their own structure, so their calendar has rows.
    accounts = _account_structures()
    tenants = [organisation for organisation, _area in economy.rents]
    for number, room in enumerate(r for r in rooms if r.is_bookable):
        made = economy.bookings(room, rng.randint(7, 10), organisations=tenants,
                                future=rng.randint(3, 5), booked_by=accounts)
        upcoming = [b for b in made if b.starts_at.date() > facts.today]
        if number == 0 and upcoming:
            economy.cancelled_copy(upcoming[0])

    group_carrier = next(
        (m for m in facts.enterprises
         if m.role == MembershipRole.FOUNDER and m.legal_category == ASSOCIATION), None)
    economy.employer_group(
        carrier_id=group_carrier.organisation_id if group_carrier else None,
        name="Groupement d'employeurs du Périscope", employees=3,
    )
    for pooling in economy.other_poolings(3, names=_PERISCOPE_POOLINGS):
        for resource in economy.equipment(pooling):
            economy.bookings(resource, rng.randint(3, 6), organisations=tenants or
                             [m.organisation_id for m in facts.enterprises],
                             future=rng.randint(1, 2), booked_by=accounts)

    projects = economy.cooperative_projects(7, include=(RESEARCH_PROJECT, TRAINING_PROJECT))
    # The two funded projects run over their funders' agreements (see `_periscope_grants`).
    for project in projects:
        if project.name == RESEARCH_PROJECT:
            project.status, project.started_on, project.ended_on = (
                ProjectStatus.ACTIVE, dt.date(2024, 3, 1), dt.date(2026, 12, 31))
        elif project.name == TRAINING_PROJECT:
            project.status, project.started_on, project.ended_on = (
                ProjectStatus.COMPLETED, dt.date(2023, 1, 9), dt.date(2025, 6, 30))
    economy.dues()
    economy.rent_lines(110)
    economy.grants(_periscope_grants(facts, sicoval, projects))
    economy.grants(_periscope_investment(record, sicoval), synthetic=False)
    board = list(
        Mandate.objects.filter(pole_id=facts.pole_id, office__in=("chair", "treasurer",
                                                                  "secretary"))
        .order_by("pk").values_list("person_id", "organisation_id")
    )
    economy.volunteering(people=board)
    economy.in_kind(every_year=True)


def _account_structures() -> list[tuple[int | None, int]]:
    """(user id, structure) of the `membre` and `coordination` accounts' people."""
    user_model = get_user_model()
    pairs = []
    for username in ("membre", "coordination"):
        user = user_model.objects.filter(username=username).first()
        person = Person.objects.filter(user=user, pole__slug=OBSERVED_POLE).first() \
            if user else None
        if person is not None and person.organisation_id is not None:
            pairs.append((user.pk, person.organisation_id))
    return pairs


def _periscope_grants(facts: PoleFacts, sicoval: Member | None,
                      projects: Sequence[Project]) -> list[Grant]:
    """Le Périscope's operating resources, 2022-2025 (synthetic figures).

    The Sicoval's three-year agreement ends on 31 December 2025 and is not renewed in the
    data: projected from 2025, the pole loses its largest public funder in 2026.
    """
    y22, y23, y24, y25 = DEMO_BUDGET_YEARS
    by_name = {p.name: p for p in projects}
    research = next((p for p in projects if p.study_kind == StudyKind.ACTION_RESEARCH), None)
    training = by_name.get(TRAINING_PROJECT)
    epci = {"funder_id": sicoval.organisation_id} if sicoval else {"funder_name": "Sicoval"}
    commune = facts.commune
    plan = [
        Grant(SourceKind.GRANT_EPCI, "Subvention de fonctionnement", {y22: 55_000},
              agreement=(dt.date(2020, 1, 1), dt.date(2022, 12, 31)), **epci),
        Grant(SourceKind.GRANT_EPCI, "Convention d'objectifs 2023-2025",
              {y23: 60_000, y24: 60_000, y25: 60_000},
              agreement=(dt.date(2023, 1, 1), dt.date(2025, 12, 31)), **epci),
        Grant(SourceKind.GRANT_REGION, "Soutien régional à l'animation du pôle",
              {y22: 30_000, y23: 30_000}, funder_name="Région Occitanie"),
        Grant(SourceKind.GRANT_REGION, "Convention pluriannuelle 2024-2026",
              {y24: 35_000, y25: 35_000}, funder_name="Région Occitanie",
              agreement=(dt.date(2024, 1, 1), dt.date(2026, 12, 31))),
        Grant(SourceKind.GRANT_STATE, "Appel à manifestation d'intérêt PTCE",
              {y22: 50_000, y23: 50_000}, funder_name="État — DREETS Occitanie",
              agreement=(dt.date(2022, 1, 1), dt.date(2023, 12, 31))),
        Grant(SourceKind.GRANT_STATE, "Dispositif local d'accompagnement", {y25: 8_000},
              funder_name="État — DREETS Occitanie"),
        Grant(SourceKind.GRANT_DEPARTEMENT, "Subvention de fonctionnement",
              {y22: 12_000, y23: 12_000, y24: 10_000, y25: 10_000},
              funder_name="Département de la Haute-Garonne"),
        Grant(SourceKind.GRANT_EU, "Fonds social européen (FSE+)",
              {y23: 25_000, y24: 25_000, y25: 12_500}, funder_name="Union européenne — FSE+",
              agreement=(dt.date(2023, 1, 1), dt.date(2025, 6, 30)), project=training),
        Grant(SourceKind.PRIVATE_FOUNDATION, "Soutien à la recherche-action",
              {y24: 15_000, y25: 15_000}, funder_name="Fondation Solidarités de Proximité",
              agreement=(dt.date(2024, 3, 1), dt.date(2026, 2, 28)), project=research),
        Grant(SourceKind.PRIVATE_COMPANY, "Mécénat", {y23: 5_000, y25: 6_000},
              funder_name="Club d'entreprises du Parc du Canal"),
        Grant(SourceKind.OWN_REVENUE, "Locations de salles à des structures extérieures",
              {y22: 8_400, y23: 9_800, y24: 11_200, y25: 12_100}),
        Grant(SourceKind.OWN_REVENUE, "Prestations d'accompagnement et de formation",
              {y22: 21_000, y23: 24_500, y24: 27_000, y25: 29_500}),
        Grant(SourceKind.LOAN, "Prêt associatif pour l'équipement numérique", {y24: 20_000},
              funder_name="France Active (prêt)", section=Section.INVESTMENT),
    ]
    if commune is not None:
        plan.append(Grant(SourceKind.GRANT_COMMUNE, "Subvention de fonctionnement",
                          {y: 5_000 for y in DEMO_BUDGET_YEARS},
                          funder_id=commune.organisation_id))
    return plan


def _periscope_investment(record: dict[str, Any], sicoval: Member | None) -> list[Grant]:
    """The two sourced investment grants (YAML `investment`): not synthetic.

    Source: ToulÉco Green, 10 March 2016 (PERISCOPE_SOURCE): the Sicoval invested
    €1,200,000 in the building, then fitted out with €600,000 from the Région. The article
    gives no payment year; the RTES interview says the building was delivered at the end of
    2015, so both are dated 2015, the year the works were done (our reading).
    """
    plan = []
    for line in record.get("investment") or []:
        funder: dict[str, Any] = {"funder_name": line["funder"]}
        if line["source_kind"] == SourceKind.GRANT_EPCI and sicoval is not None:
            funder = {"funder_id": sicoval.organisation_id}
        plan.append(Grant(line["source_kind"], line["label"],
                          {int(line["year"]): int(line["amount_eur"])},
                          section=Section.INVESTMENT, **funder))
    return plan
