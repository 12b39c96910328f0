"""Le Périscope's cooperative life from October 2012 to February 2014, as the paper tells it.

Podlewski (2014, section II.2) followed the pole through 80 working meetings, six working
groups and three cooperation seminars whose attendance doubled, the third gathering 60 people
from about twenty structures and elected officials. Those facts come from the `observation`
block of `data/poles_temoins.yaml`. Everything else (who was invited, who came, what was
decided, which actions were carried out) is synthetic, `is_synthetic=True`, drawn from a
random generator seeded with the pole's slug: every machine gets the same story.

The story has the shape the paper describes: a founding core of structures, newcomers at each
seminar, a few structures drifting away (still invited, no longer coming), and decisions whose
actions are partly done on time, partly late, partly forgotten. Beyond the paper's window, a
recent steering committee and a plenary next month give the demo accounts something to do
today: `membre` has an invitation to answer and open actions, `coordination` too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from ptce.core.text import fold
from ptce.demo.synthetic import (
    ASSOCIATION,
    COMMUNE,
    EPCI_LEGAL_CATEGORY,
    UNIVERSITY,
    PersonSpec,
    declared_gender,
    draw_person,
)
from ptce.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMode,
    Meeting,
    MeetingKind,
    WorkingGroup,
)
from ptce.poles.models import Pole
from ptce.registry.models import Membership, Organisation, Person, PersonKind

# Seminar 3 gathered people "from about twenty structures" (paper): we make it exactly twenty.
SEMINAR_3_STRUCTURES = 20
# Structures represented at seminars 1 and 2: the pole grows from its founding core.
SEMINAR_STRUCTURES = (12, 17, SEMINAR_3_STRUCTURES)
# Working meetings other than working groups; the working groups hold the rest of the 80.
PLENARY_MONTHS = ((2012, 10), (2012, 12), (2013, 2), (2013, 4), (2013, 7), (2013, 10),
                  (2013, 12), (2014, 2))
SEMINAR_MONTHS = ((2012, 11), (2013, 6), (2014, 1))
TRAINING_MONTHS = ((2013, 3), (2013, 5), (2013, 9), (2013, 11))
CONVIVIAL_MONTHS = ((2012, 12), (2013, 7), (2014, 1))
# Structures in the founding core, then arriving before seminar 2, then before seminar 3; the
# others join the pole after the observed period.
COHORTS = (14, 6, 6)
DRIFTING_STRUCTURES = 3
# The accounts of `ptce demo` that are someone in the pole; their person's e-mail is theirs.
ACCOUNT_PEOPLE = ("coordination", "membre")
# People of a structure taking part in the pole's life (besides the board already drawn).
PEOPLE_PER_STRUCTURE = {1: (3, 5), 2: (3, 5), 3: (2, 3), None: (1, 1)}
# Elected officials per local authority, and the intercommunality's ESS officer.
ELECTED_PER_EPCI, ELECTED_PER_COMMUNE = 4, 3
INHABITANTS = 3

SEMINAR_TITLES = (
    "Séminaire de coopération n°1 : se connaître pour coopérer",
    "Séminaire de coopération n°2 : des projets à porter ensemble",
    "Séminaire de coopération n°3 : le Périscope, un lieu et un projet",
)
TRAINING_TITLES = (
    "Formation : la gouvernance coopérative",
    "Formation : monter un projet collectif",
    "Formation : les statuts de SCIC",
    "Formation : animer une réunion participative",
)
CONVIVIAL_TITLES = ("Apéritif de fin d'année", "Pique-nique de l'été", "Galette des rois")
FIRST_PLENARY = "Réunion de lancement du pôle"
FOUNDING_ASSEMBLY = ((2013, 4), "Assemblée générale constitutive")

# Decision texts and action titles. Keys are folded working-group themes; "" is the pole-wide
# pool used by plenaries, seminars and steering committees.
DECISIONS: dict[str, tuple[str, ...]] = {
    "charte de fonctionnement": (
        "Adopter le principe d'une charte commune à toutes les structures membres",
        "Retenir une gouvernance par collèges pour le futur pôle",
        "Soumettre le projet de charte à la prochaine plénière",
        "Inscrire la place des habitant·es dans la charte",
        "Alerter une structure après trois absences consécutives aux plénières",
        "Valider la deuxième version de la charte après relecture",
    ),
    "projets a porter": (
        "Recenser les projets que les structures souhaitent porter ensemble",
        "Retenir trois projets prioritaires : épicerie solidaire, atelier vélo, conciergerie",
        "Créer un fonds d'amorçage pour les projets collectifs",
        "Confier l'étude de faisabilité de la conciergerie à deux structures volontaires",
        "Présenter les projets retenus au séminaire de coopération",
        "Reporter le projet de restauration collective faute de structure porteuse",
    ),
    "aspect financier": (
        "Fixer les cotisations selon la taille des structures",
        "Déposer une demande de subvention auprès de la Région",
        "Répondre à l'appel à projets national pour les PTCE",
        "Ouvrir un compte bancaire au nom du collectif",
        "Adopter le budget prévisionnel de la première année",
        "Solliciter une mise à disposition de personnel par l'intercommunalité",
    ),
    "communication": (
        "Créer une lettre d'information mensuelle",
        "Ouvrir un site internet commun",
        "Réaliser une plaquette de présentation des structures membres",
        "Organiser une journée portes ouvertes",
        "Désigner un binôme chargé des relations avec la presse",
        "Adopter une identité visuelle commune",
    ),
    "aspect juridique": (
        "Retenir la forme associative pour la structure porteuse",
        "Étudier un passage en SCIC à moyen terme",
        "Rédiger les statuts de l'association",
        "Consulter un juriste sur la mise à disposition des locaux",
        "Préparer la convention d'occupation avec l'intercommunalité",
        "Valider le règlement intérieur",
    ),
    "agencement des locaux": (
        "Valider le programme des surfaces du futur lieu",
        "Prévoir un espace de restauration partagé",
        "Répartir les bureaux selon les besoins exprimés par les structures",
        "Associer un architecte aux ateliers de conception",
        "Prévoir une salle de réunion mutualisée ouverte aux habitant·es",
        "Demander un chiffrage des travaux d'accessibilité",
    ),
    "": (
        "Réunir le comité de pilotage chaque mois",
        "Accueillir les nouvelles structures lors d'un temps dédié",
        "Organiser un nouveau séminaire de coopération",
        "Valider le calendrier des plénières",
        "Désigner les représentant·es du pôle auprès de l'intercommunalité",
        "Mandater la coordination pour préparer le dossier de candidature",
        "Relancer les structures qui ne viennent plus aux réunions",
        "Mettre en place un annuaire partagé des membres",
        "Valider la feuille de route des groupes de travail",
        "Organiser la visite d'un autre pôle territorial de coopération",
        "Proposer une formation à la gouvernance coopérative",
        "Adopter le rapport d'activité",
        "Élire le conseil d'administration",
    ),
}
ACTIONS: dict[str, tuple[str, ...]] = {
    "charte de fonctionnement": (
        "Rédiger une première version de la charte",
        "Recueillir les remarques des structures sur la charte",
        "Intégrer les amendements de la plénière",
        "Faire signer la charte par les structures membres",
    ),
    "projets a porter": (
        "Envoyer le questionnaire de recensement des projets",
        "Rédiger la fiche projet de l'atelier vélo",
        "Rencontrer les entreprises intéressées par la conciergerie",
        "Chiffrer le besoin d'amorçage des projets retenus",
    ),
    "aspect financier": (
        "Préparer le dossier de demande de subvention",
        "Établir le tableau des cotisations",
        "Rassembler les bilans des structures pour le dossier",
        "Prendre rendez-vous avec la banque",
    ),
    "communication": (
        "Rédiger le premier numéro de la lettre d'information",
        "Demander des devis pour la plaquette",
        "Collecter les logos et présentations des structures",
        "Réserver le nom de domaine du site",
    ),
    "aspect juridique": (
        "Rédiger un projet de statuts",
        "Comparer association et SCIC dans une note",
        "Transmettre le projet de convention au service juridique",
        "Déposer les statuts en préfecture",
    ),
    "agencement des locaux": (
        "Recenser les besoins en surface de chaque structure",
        "Organiser la visite du bâtiment",
        "Transmettre le programme à l'architecte",
        "Demander le chiffrage des travaux",
    ),
    "": (
        "Rédiger et diffuser le compte rendu",
        "Envoyer les invitations",
        "Préparer une note de synthèse",
        "Contacter les structures concernées",
        "Présenter le point à la prochaine plénière",
        "Réserver la salle",
        "Faire un retour au comité de pilotage",
        "Mettre à jour le tableau de suivi des actions",
        "Appeler les structures absentes",
    ),
}

# Seminar 1 launched the working groups (paper): its first decision says so.
FIRST_SEMINAR_DECISION = "Constituer six groupes de travail thématiques"
# Working groups the demo accounts' people sit in (folded themes).
ACCOUNT_GROUPS = {
    "coordination": ("charte de fonctionnement", "aspect financier"),
    "membre": ("projets a porter", "communication"),
}

_OWNER_KINDS = (PersonKind.EMPLOYEE, PersonKind.VOLUNTEER, PersonKind.ELECTED)


@dataclass
class LifeReport:
    """Rows created for the pole's cooperative life; all zero when it already existed."""

    working_groups: int = 0
    people: int = 0
    meetings: int = 0
    working_meetings_in_period: int = 0
    attendances: int = 0
    decisions: int = 0
    actions: int = 0
    skipped: bool = False


@dataclass(frozen=True)
class Observation:
    """What the paper observed (YAML `observation` block), with the dates it implies."""

    start: dt.date
    end: dt.date
    working_meetings: int
    themes: tuple[str, ...]
    seminar_participants: tuple[int, int, int]

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Observation:
        block = record["observation"]
        first, last = (_month(value) for value in block["period"])
        end = _month_end(*last)
        third = int(block["seminar_3_participants"])
        first_seminar = round(third / float(block["seminar_3_vs_seminar_1"]))
        return cls(
            start=dt.date(first[0], first[1], 1),
            end=end,
            working_meetings=int(block["working_meetings"]),
            themes=tuple(block["working_group_themes"]),
            # The paper gives the first and third; the second sits half-way.
            seminar_participants=(first_seminar, (first_seminar + third) // 2, third),
        )


def _month(value: Any) -> tuple[int, int]:
    year, month = str(value).split("-")[:2]
    return int(year), int(month)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# Fixed public holidays (month, day), and the end-of-year break from the 24th of December.
_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11)}


def _closed(day: dt.date) -> bool:
    return (
        day.weekday() >= 5
        or (day.month, day.day) in _HOLIDAYS
        or (day.month == 12 and day.day >= 24)
    )


def _workday(day: dt.date) -> dt.date:
    """The nearest working day: the pole does not meet on weekends, holidays or at Christmas.

    Early in the month it moves forward, later backward, so that it stays in its month.
    """
    step = dt.timedelta(days=1 if day.day <= 10 else -1)
    while _closed(day):
        day += step
    return day


def _day_in(rng: random.Random, year: int, month: int) -> dt.date:
    return _workday(dt.date(year, month, rng.randint(3, 26)))


# eq=False: structures, actors and plans are told apart (and hashed) by identity.
@dataclass(eq=False)
class _Structure:
    organisation: Organisation
    cohort: int | None  # 1, 2, 3, or None: joins after the observed period
    arrival: dt.date | None
    drift: dt.date | None = None  # from then on, invited but no longer coming
    people: list[_Actor] = field(default_factory=list)

    @property
    def is_local_authority(self) -> bool:
        category = self.organisation.legal_category
        return category == COMMUNE or category in EPCI_LEGAL_CATEGORY.values()


@dataclass(eq=False)
class _Actor:
    person: Person
    structure: _Structure | None
    arrival: dt.date | None
    zeal: float  # chance of coming when invited and still involved

    @property
    def organisation_id(self) -> int | None:
        return self.structure.organisation.pk if self.structure else None

    def arrived(self, day: dt.date) -> bool:
        return self.arrival is not None and self.arrival <= day

    def involved(self, day: dt.date) -> bool:
        drift = self.structure.drift if self.structure else None
        return self.arrived(day) and (drift is None or day < drift)


@dataclass(eq=False)
class _Plan:
    kind: str
    date: dt.date
    title: str
    start: dt.time
    end: dt.time
    place: str
    theme: str = ""  # folded theme of the working group, "" otherwise
    group_index: int | None = None
    seminar_index: int | None = None
    meeting: Meeting | None = None


def build_cooperative_life(
    pole: Pole, record: dict[str, Any], *, today: dt.date | None = None
) -> LifeReport:
    """Create the pole's cooperative life, unless it has meetings already (then link accounts).

    `today` places the recent steering committee and next month's plenary; it defaults to the
    local date. Everything inside the paper's period is the same whatever `today` is.
    """
    today = today or timezone.localdate()
    observation = Observation.from_record(record)
    if today <= observation.end + dt.timedelta(days=30):
        # The recent and upcoming meetings would fall inside the paper's period.
        raise ValueError(f"today ({today}) must come after the observed period")
    with transaction.atomic(), scope(pole=pole):
        if Meeting.objects.exists():
            _link_accounts()
            return LifeReport(skipped=True)
        return _Builder(pole, observation, today).build()


def _link_accounts() -> None:
    """Re-link a demo account to its person when the link was lost (account recreated)."""
    for user in get_user_model().objects.filter(username__in=ACCOUNT_PEOPLE).order_by("pk"):
        if Person.objects.filter(user=user).exists():
            continue
        person = Person.objects.filter(email=user.email, user__isnull=True).first()
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])


class _Builder:
    def __init__(self, pole: Pole, observation: Observation, today: dt.date) -> None:
        self.pole = pole
        self.obs = observation
        self.today = today
        self.rng = random.Random(f"ptce-demo-life:{pole.slug}")
        self.report = LifeReport()
        self.structures: list[_Structure] = []
        self.actors: list[_Actor] = []
        self.accounts: dict[str, _Actor] = {}
        self.attendance: list[Attendance] = []
        self.present: dict[_Plan, list[_Actor]] = {}  # who came to each meeting
        self.pools: dict[str, list[str]] = {}
        self.seminar_days = [_day_in(self.rng, *month) for month in SEMINAR_MONTHS]
        self.committee: list[_Actor] = []
        self.recent: _Plan | None = None  # the steering committee held two weeks ago
        self.carrying: _Structure | None = None  # employs the pole's staff

    # --- people and structures ------------------------------------------------------------

    def build(self) -> LifeReport:
        existing = list(Person.objects.order_by("pk"))
        self._structures(existing)
        self._people(existing)
        groups, members = self._working_groups()
        plans = self._schedule(groups)
        plans += self._today_meetings()
        Meeting.objects.bulk_create([plan.meeting for plan in plans])
        for plan in plans:
            self._invite(plan, members)
        Attendance.objects.bulk_create(self.attendance)
        decisions, actions = self._decisions(plans)
        self.report.meetings = len(plans)
        self.report.working_meetings_in_period = sum(
            1 for plan in plans
            if plan.kind != MeetingKind.CONVIVIAL and self.obs.start <= plan.date <= self.obs.end
        )
        self.report.attendances = len(self.attendance)
        self.report.decisions, self.report.actions = decisions, actions
        return self.report

    def _structures(self, existing: list[Person]) -> None:
        start: dict[int, dt.date] = {}  # each structure's first day of membership
        for organisation_id, day in Membership.objects.values_list("organisation_id", "start_date"):
            if day is not None and day < start.get(organisation_id, dt.date.max):
                start[organisation_id] = day
        far = dt.date.max

        def seniority(organisation: Organisation) -> tuple[int, dt.date, int]:
            # Local authorities founded the pole with the ESS actors (paper: "avec le Sicoval").
            local = organisation.legal_category == COMMUNE or (
                organisation.legal_category in EPCI_LEGAL_CATEGORY.values()
            )
            return (0 if local else 1, start.get(organisation.pk) or far, organisation.pk)

        organisations = sorted(Organisation.objects.all(), key=seniority)
        cohorts = [number for number, size in enumerate(COHORTS, start=1) for _ in range(size)]
        for position, organisation in enumerate(organisations):
            cohort = cohorts[position] if position < len(cohorts) else None
            if cohort is None:
                arrival = None
            elif cohort == 1:
                arrival = self.obs.start
            else:
                # Newcomers arrive in the months before the seminar they first attend.
                seminar = self.seminar_days[cohort - 1]
                arrival = seminar - dt.timedelta(days=self.rng.randint(30, 120))
            self.structures.append(_Structure(organisation, cohort, arrival))
        # The carrying structure employs the pole's staff (the board's employees).
        employer = next(
            (p.organisation_id for p in existing if p.kind == PersonKind.EMPLOYEE), None
        )
        founding = [s for s in self.structures if s.cohort == 1 and not s.is_local_authority]
        self.carrying = next(
            (s for s in founding if s.organisation.pk == employer), founding[0]
        )
        # Some of the founding core drift away over the second half of 2013.
        candidates = [s for s in founding if s is not self.carrying]
        for structure in self.rng.sample(candidates, DRIFTING_STRUCTURES):
            structure.drift = dt.date(2013, 7, 1) + dt.timedelta(days=self.rng.randint(0, 100))

    def _people(self, existing: list[Person]) -> None:
        by_id = {s.organisation.pk: s for s in self.structures}
        used = {(p.first_name, p.last_name) for p in existing}
        for person in existing:
            self._actor(person, by_id.get(person.organisation_id))
        carrying = self.carrying
        new: list[_Actor] = []
        for structure in self.structures:
            for kind in self._kinds_to_add(structure):
                new.append(self._new_actor(structure, kind, used))
        new += [self._new_actor(None, PersonKind.INHABITANT, used) for _ in range(INHABITANTS)]
        volunteer_homes = [
            s for s in self.structures
            if s.cohort == 1 and s.drift is None and s is not carrying
            and s.organisation.legal_category == ASSOCIATION
        ]
        homes = {"coordination": carrying, "membre": self.rng.choice(volunteer_homes)}
        kinds = {"coordination": PersonKind.EMPLOYEE, "membre": PersonKind.VOLUNTEER}
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=ACCOUNT_PEOPLE)}
        for username in ACCOUNT_PEOPLE:
            actor = self._new_actor(homes[username], kinds[username], used)
            actor.zeal = 0.97 if username == "coordination" else 0.85
            user = users.get(username)
            if user is not None:
                actor.person.user = user
                actor.person.email = user.email or actor.person.email
                actor.person.consent_contact = actor.person.consent_directory = True
                actor.person.consent_recorded_on = dt.date(2012, 10, 1)
            self.accounts[username] = actor
            new.append(actor)
        Person.objects.bulk_create([actor.person for actor in new])
        self.report.people = len(new)

    def _kinds_to_add(self, structure: _Structure) -> list[str]:
        have = [a.person.kind for a in structure.people]
        category = structure.organisation.legal_category
        if category in EPCI_LEGAL_CATEGORY.values():
            elected = ELECTED_PER_EPCI - have.count(PersonKind.ELECTED)
            # The intercommunality's ESS officer follows the pole day to day.
            return [PersonKind.ELECTED] * max(0, elected) + [PersonKind.EMPLOYEE]
        if category == COMMUNE:
            elected = ELECTED_PER_COMMUNE - have.count(PersonKind.ELECTED)
            return [PersonKind.ELECTED] * max(0, elected)
        low, high = PEOPLE_PER_STRUCTURE[structure.cohort]
        wanted = self.rng.randint(low, high) - len(have)
        kinds = []
        for _ in range(max(0, wanted)):
            if category == UNIVERSITY:
                kinds.append(PersonKind.EMPLOYEE)
            elif category == ASSOCIATION:
                kinds.append(
                    PersonKind.VOLUNTEER if self.rng.random() < 0.6 else PersonKind.EMPLOYEE
                )
            else:
                kinds.append(
                    PersonKind.EMPLOYEE if self.rng.random() < 0.85 else PersonKind.VOLUNTEER
                )
        return kinds

    def _new_actor(self, structure: _Structure | None, kind: str, used: set) -> _Actor:
        spec = draw_person(self.rng, gender=declared_gender(self.rng), kind=kind, used=used)
        person = _person(self.pole, spec, structure.organisation if structure else None, self.rng)
        actor = self._actor(person, structure)
        if structure is None:
            # Inhabitants come along during the period, to plenaries and convivial moments.
            actor.arrival = self.obs.start + dt.timedelta(days=self.rng.randint(30, 400))
        return actor

    def _actor(self, person: Person, structure: _Structure | None) -> _Actor:
        first = structure is not None and not structure.people
        # A structure's first person is its usual representative: they come most often.
        zeal = self.rng.uniform(0.75, 0.95) if first else self.rng.uniform(0.35, 0.8)
        if person.kind == PersonKind.ELECTED:
            zeal = self.rng.uniform(0.4, 0.7)
        actor = _Actor(person, structure, structure.arrival if structure else None, zeal)
        if structure is not None:
            structure.people.append(actor)
        self.actors.append(actor)
        return actor

    # --- working groups and calendar ----------------------------------------------------

    def _working_groups(self) -> tuple[list[WorkingGroup], list[list[_Actor]]]:
        core = [
            a for a in self.actors
            if a.structure and a.structure.cohort == 1 and a.structure.drift is None
            and a.person.kind in (PersonKind.EMPLOYEE, PersonKind.VOLUNTEER)
            and a not in self.accounts.values()
        ]
        leads = self.rng.sample(sorted(core, key=lambda a: -a.zeal)[:12], len(self.obs.themes))
        groups, members = [], []
        founding = [a for a in self.actors if a.structure and a.structure.cohort == 1
                    and a.person.kind != PersonKind.ELECTED]
        later = [a for a in self.actors if a.structure and a.structure.cohort in (2, 3)]
        for theme, lead in zip(self.obs.themes, leads, strict=True):
            chosen = [lead]
            chosen += self.rng.sample([a for a in founding if a not in chosen],
                                      self.rng.randint(4, 6))
            chosen += self.rng.sample(later, self.rng.randint(1, 3))
            folded = fold(theme)
            if folded == "agencement des locaux":
                # The intercommunality owns the building: its ESS officer sits in this group.
                chosen += [a for a in self.actors if a.structure and a.structure.organisation
                           .legal_category in EPCI_LEGAL_CATEGORY.values()
                           and a.person.kind == PersonKind.EMPLOYEE][:1]
            chosen += [
                actor for username, actor in self.accounts.items()
                if folded in ACCOUNT_GROUPS[username]
            ]
            chosen = list(dict.fromkeys(chosen))
            groups.append(WorkingGroup(
                pole=self.pole, is_synthetic=True, theme=theme[:1].upper() + theme[1:],
                description=f"Groupe de travail issu du premier séminaire de coopération : "
                            f"{theme}.",
                lead=lead.person,
            ))
            members.append(chosen)
        WorkingGroup.objects.bulk_create(groups)
        through = WorkingGroup.members.through
        through.objects.bulk_create([
            through(workinggroup_id=group.pk, person_id=actor.person.pk)
            for group, chosen in zip(groups, members, strict=True) for actor in chosen
        ])
        self.report.working_groups = len(groups)
        return groups, members

    def _schedule(self, groups: list[WorkingGroup]) -> list[_Plan]:
        rng = self.rng
        town = self.pole.town or "la commune"
        plans: list[_Plan] = []
        for month in PLENARY_MONTHS:
            title = "Plénière"
            if month == PLENARY_MONTHS[0]:
                title = FIRST_PLENARY
            elif month == FOUNDING_ASSEMBLY[0]:
                title = FOUNDING_ASSEMBLY[1]
            plans.append(_Plan(MeetingKind.PLENARY, _day_in(rng, *month), title,
                               dt.time(18, 0), dt.time(20, 30), f"Salle municipale, {town}"))
        for index, (day, title) in enumerate(zip(self.seminar_days, SEMINAR_TITLES, strict=True)):
            plans.append(_Plan(MeetingKind.SEMINAR, day, title,
                               dt.time(9, 0), dt.time(17, 0), "Locaux de l'intercommunalité",
                               seminar_index=index))
        copil_months = [
            (year, month) for year, month in _months(self.obs.start, self.obs.end)
            if (year, month) > (2012, 10) and month != 8
        ]
        for month in copil_months:
            plans.append(_Plan(MeetingKind.STEERING_COMMITTEE, _day_in(rng, *month),
                               "Comité de pilotage", dt.time(12, 0), dt.time(14, 0),
                               "Locaux de la coordination"))
        for month, title in zip(TRAINING_MONTHS, TRAINING_TITLES, strict=True):
            plans.append(_Plan(MeetingKind.TRAINING, _day_in(rng, *month), title,
                               dt.time(9, 30), dt.time(12, 30), "Locaux de la coordination"))
        left = self.obs.working_meetings - len(plans)
        counts = [left // len(groups) + (i < left % len(groups)) for i in range(len(groups))]
        hosts = [s for s in self.structures if s.cohort == 1 and not s.is_local_authority]
        for index, (group, count) in enumerate(zip(groups, counts, strict=True)):
            # The groups start after seminar 1; the premises group once the building is found.
            first = (2013, 6) if fold(group.theme) == "agencement des locaux" else (2013, 1)
            months = [
                m for m in _months(self.obs.start, self.obs.end) if m >= first and m[1] != 8
            ]
            chosen = sorted(rng.sample(months, count)) if count <= len(months) else sorted(
                rng.choices(months, k=count)
            )
            for month in chosen:
                evening = rng.random() < 0.5
                host = rng.choice(hosts).organisation.name
                plans.append(_Plan(
                    MeetingKind.WORKING_GROUP, _day_in(rng, *month),
                    f"Groupe de travail « {group.theme} »",
                    dt.time(18, 0) if evening else dt.time(14, 0),
                    dt.time(20, 0) if evening else dt.time(16, 0),
                    f"Chez {host}", theme=fold(group.theme), group_index=index,
                ))
        for month, title in zip(CONVIVIAL_MONTHS, CONVIVIAL_TITLES, strict=True):
            plans.append(_Plan(MeetingKind.CONVIVIAL, _day_in(rng, *month), title,
                               dt.time(19, 0), dt.time(23, 0), f"Salle municipale, {town}"))
        for plan in plans:
            plan.meeting = self._meeting(plan, groups)
        plans.sort(key=lambda plan: (plan.date, plan.start, plan.title))
        return plans

    def _today_meetings(self) -> list[_Plan]:
        """A steering committee two weeks ago and a plenary next month, relative to today."""
        recent = _Plan(MeetingKind.STEERING_COMMITTEE,
                       _workday(self.today - dt.timedelta(days=12)), "Comité de pilotage",
                       dt.time(12, 0), dt.time(14, 0), "Locaux de la coordination")
        upcoming = _Plan(MeetingKind.PLENARY, _workday(self.today + dt.timedelta(days=30)),
                         "Plénière de rentrée des structures membres", dt.time(18, 0),
                         dt.time(20, 30), f"Salle municipale, {self.pole.town or 'la commune'}")
        for plan in (recent, upcoming):
            plan.meeting = self._meeting(plan, [])
        self.recent = recent
        return [recent, upcoming]

    def _meeting(self, plan: _Plan, groups: list[WorkingGroup]) -> Meeting:
        agenda = {
            MeetingKind.PLENARY: "Tour de table des structures\nPoint d'étape des groupes de "
                                 "travail\nDécisions à prendre",
            MeetingKind.SEMINAR: "Accueil et interconnaissance\nAteliers en sous-groupes\n"
                                 "Restitution et suites",
            MeetingKind.STEERING_COMMITTEE: "Suivi des actions\nPréparation de la prochaine "
                                            "plénière",
            MeetingKind.WORKING_GROUP: "Suivi des actions\nAvancement du livrable du groupe",
            MeetingKind.TRAINING: "Apports\nCas pratiques",
            MeetingKind.CONVIVIAL: "",
        }[plan.kind]
        past = plan.date < self.today
        return Meeting(
            pole=self.pole, is_synthetic=True, title=plan.title, kind=plan.kind, date=plan.date,
            start_time=plan.start, end_time=plan.end, place=plan.place, agenda=agenda,
            working_group=groups[plan.group_index] if plan.group_index is not None else None,
            minutes=(
                "Compte rendu fictif (données de démonstration)."
                if past and plan.kind != MeetingKind.CONVIVIAL else ""
            ),
        )

    # --- attendance -----------------------------------------------------------------------

    def _invite(self, plan: _Plan, members: list[list[_Actor]]) -> None:
        day, rng = plan.date, self.rng
        if plan.date >= self.today:
            self._invite_future(plan)
            return
        if plan.seminar_index is not None:
            self._seminar(plan)
            return
        if plan.kind == MeetingKind.STEERING_COMMITTEE:
            invited = self._steering_committee(day)
            if plan is self.recent:
                invited.append(self.accounts["membre"])  # asked to present the premises
            chance = 0.85
        elif plan.kind == MeetingKind.WORKING_GROUP:
            invited = [a for a in members[plan.group_index] if a.arrived(day)]
            chance = 1.0
        elif plan.kind == MeetingKind.TRAINING:
            pool = [a for a in self.actors if a.involved(day)
                    and a.person.kind != PersonKind.ELECTED]
            invited = rng.sample(pool, min(len(pool), rng.randint(12, 16)))
            chance = 0.9
        elif plan.kind == MeetingKind.CONVIVIAL:
            invited = [a for a in self.actors if a.arrived(day)]
            chance = 0.6
        else:  # plenary: every structure that has joined the pole's life, drifters included
            invited = [a for a in self.actors if a.arrived(day)]
            chance = 0.85
        came = []
        for actor in invited:
            coming = actor.involved(day) and rng.random() < actor.zeal * chance
            if plan.kind == MeetingKind.STEERING_COMMITTEE and (
                actor is self.accounts["coordination"] or plan is self.recent
            ):
                coming = True  # the coordination runs the committee
            self._attend(plan, actor, self._status(coming, actor, day))
            if coming:
                came.append(actor)
        self.present[plan] = came

    def _status(self, coming: bool, actor: _Actor, day: dt.date) -> str:
        if coming:
            return AttendanceStatus.PRESENT
        # People who drifted away no longer send apologies, most of the time.
        excuse = 0.2 if not actor.involved(day) else 0.5
        return AttendanceStatus.EXCUSED if self.rng.random() < excuse else AttendanceStatus.ABSENT

    def _steering_committee(self, day: dt.date) -> list[_Actor]:
        if not self.committee:
            local = [s for s in self.structures if s.is_local_authority]
            elected = [a for s in local for a in s.people if a.person.kind == PersonKind.ELECTED]
            core = [s for s in self.structures if s.cohort == 1 and s.drift is None
                    and not s.is_local_authority]
            representatives = [s.people[0] for s in self.rng.sample(core, 5) if s.people]
            self.committee = list(dict.fromkeys(
                [self.accounts["coordination"], *elected[:2], *representatives]
            ))
        later = [s.people[0] for s in self.structures if s.cohort == 2 and s.people][:1]
        # A newcomer structure joins the committee once it has arrived.
        return self.committee + [a for a in later if a.arrived(day)]

    def _seminar(self, plan: _Plan) -> None:
        day, rng, index = plan.date, self.rng, plan.seminar_index
        target_people = self.obs.seminar_participants[index]
        target_structures = SEMINAR_STRUCTURES[index]
        soon = day + dt.timedelta(days=120)
        involved = [s for s in self.structures if s.people and s.arrival and s.arrival <= day
                    and (s.drift is None or day < s.drift)]
        local = [s for s in involved if s.is_local_authority]
        others = [s for s in involved if not s.is_local_authority]
        # The newest structures are the likeliest to miss one: keep the seniors first.
        keep = sorted(others, key=lambda s: (s.cohort or 9, rng.random()))
        chosen = local + keep[: target_structures - len(local)]
        if len(chosen) != target_structures:
            raise RuntimeError(f"seminar {index + 1}: {len(chosen)} structures involved")
        present: list[_Actor] = []
        for structure in chosen:
            people = structure.people
            if structure.is_local_authority:
                # Elected officials come for the pole's big moments.
                people = sorted(people, key=lambda a: a.person.kind != PersonKind.ELECTED)
            present.append(people[0])
        pool = [a for s in chosen for a in s.people if a not in present]
        # Weighted draw without replacement (Efraimidis-Spirakis): zealous people come first.
        pool.sort(key=lambda a: -(rng.random() ** (1 / a.zeal)))
        missing = target_people - len(present)
        if missing < 0 or len(pool) < missing:
            raise RuntimeError(f"seminar {index + 1}: cannot seat {target_people} people")
        present += pool[:missing]
        came = set(present)
        invited = [a for a in self.actors if a.arrival is not None and a.arrival <= soon]
        for actor in invited:
            coming = actor in came
            self._attend(plan, actor, self._status(coming, actor, day))
        self.present[plan] = present

    def _invite_future(self, plan: _Plan) -> None:
        """Next month's plenary: everyone is invited, and the answers are coming in."""
        membre, coordination = self.accounts["membre"], self.accounts["coordination"]
        # By now every structure has joined; those that drifted are still invited.
        for actor in self.actors:
            if actor is membre:
                status = AttendanceStatus.INVITED  # left for the demo user to answer
            elif actor is coordination:
                status = AttendanceStatus.REGISTERED
            else:
                draw = self.rng.random()
                status = (
                    AttendanceStatus.REGISTERED if draw < 0.3
                    else AttendanceStatus.EXCUSED if draw < 0.4
                    else AttendanceStatus.INVITED
                )
            self._attend(plan, actor, status)
        self.present[plan] = []

    def _attend(self, plan: _Plan, actor: _Actor, status: str) -> None:
        self.attendance.append(Attendance(
            pole=self.pole, is_synthetic=True, meeting=plan.meeting, person=actor.person,
            organisation_id=actor.organisation_id, status=status,
        ))

    # --- decisions and actions ------------------------------------------------------------

    def _decisions(self, plans: Sequence[_Plan]) -> tuple[int, int]:
        rng = self.rng
        decisions: list[Decision] = []
        pending: list[tuple[Decision, _Plan]] = []
        recent = self.recent
        assert recent is not None
        for plan in plans:
            if plan.date >= self.today or plan is recent:
                continue
            for number in range(self._decision_count(plan)):
                pool = plan.theme if plan.kind == MeetingKind.WORKING_GROUP else ""
                text = self._draw(f"decision:{pool}", DECISIONS[pool])
                if plan.seminar_index == 0 and number == 0:
                    text = FIRST_SEMINAR_DECISION
                decision = Decision(pole=self.pole, is_synthetic=True, meeting=plan.meeting,
                                    mode=self._mode(plan.kind), text=text)
                decisions.append(decision)
                pending.append((decision, plan))
        recent_decision = Decision(
            pole=self.pole, is_synthetic=True, meeting=recent.meeting,
            mode=DecisionMode.CONSENSUS,
            text="Préparer la plénière de rentrée : ordre du jour, invitations, présentation",
        )
        decisions.append(recent_decision)
        Decision.objects.bulk_create(decisions)

        actions: list[Action] = []
        for decision, plan in pending:
            # One decision in five is never followed by any action: it is forgotten.
            if rng.random() < 0.2:
                continue
            for _ in range(rng.choices((1, 2, 3), weights=(55, 30, 15))[0]):
                actions.append(self._action(decision, plan))
        actions += self._today_actions(recent_decision)
        Action.objects.bulk_create(actions)
        return len(decisions), len(actions)

    def _decision_count(self, plan: _Plan) -> int:
        weights = {
            MeetingKind.PLENARY: ((1, 2, 3), (20, 50, 30)),
            MeetingKind.SEMINAR: ((1, 2), (50, 50)),
            MeetingKind.STEERING_COMMITTEE: ((0, 1, 2, 3), (10, 35, 40, 15)),
            MeetingKind.WORKING_GROUP: ((0, 1, 2), (30, 50, 20)),
        }.get(plan.kind)
        if weights is None:
            return 0  # trainings and convivial moments decide nothing
        return self.rng.choices(weights[0], weights=weights[1])[0]

    def _mode(self, kind: str) -> str:
        options = {
            MeetingKind.PLENARY: ((DecisionMode.VOTE, DecisionMode.CONSENSUS), (50, 50)),
            MeetingKind.SEMINAR: ((DecisionMode.CONSENSUS,), (1,)),
            MeetingKind.STEERING_COMMITTEE: (
                (DecisionMode.CONSENSUS, DecisionMode.DELEGATED, DecisionMode.VOTE), (40, 40, 20)
            ),
            MeetingKind.WORKING_GROUP: ((DecisionMode.CONSENSUS, DecisionMode.DELEGATED),
                                        (75, 25)),
        }[kind]
        return self.rng.choices(options[0], weights=options[1])[0]

    def _draw(self, key: str, texts: Sequence[str]) -> str:
        """The next text of a shuffled pool, reshuffled once used up: few repeats."""
        pool = self.pools.get(key)
        if not pool:
            pool = list(texts)
            self.rng.shuffle(pool)
            self.pools[key] = pool
        return pool.pop()

    def _action(self, decision: Decision, plan: _Plan) -> Action:
        rng = self.rng
        title = self._draw(f"action:{plan.theme}", ACTIONS[plan.theme])
        action = Action(pole=self.pole, is_synthetic=True, decision=decision, title=title)
        came = self.present.get(plan) or []
        owners = [a for a in came if a.person.kind in _OWNER_KINDS]
        if plan.kind == MeetingKind.STEERING_COMMITTEE and rng.random() < 0.4:
            action.owner_person = self.accounts["coordination"].person
        elif owners and rng.random() < 0.8:
            action.owner_person = rng.choice(owners).person
        else:
            structures = sorted({a.organisation_id for a in came if a.organisation_id})
            if structures:
                action.owner_organisation_id = rng.choice(structures)
            elif owners:
                action.owner_person = rng.choice(owners).person
        action.due_date, action.status, action.completed_on = action_fate(rng, plan.date)
        return action

    def _today_actions(self, decision: Decision) -> list[Action]:
        """Open actions for the demo accounts, due in the coming weeks."""
        membre = self.accounts["membre"].person
        coordination = self.accounts["coordination"].person
        rows = [
            (membre, "Relancer les structures qui n'ont pas répondu à l'invitation",
             ActionStatus.OPEN, 14),
            (membre, "Préparer la présentation du projet de lieu", ActionStatus.IN_PROGRESS, 25),
            (coordination, "Envoyer l'ordre du jour de la plénière", ActionStatus.OPEN, 7),
        ]
        return [
            Action(pole=self.pole, is_synthetic=True, decision=decision, title=title,
                   owner_person=owner, status=status,
                   due_date=self.today + dt.timedelta(days=days))
            for owner, title, status, days in rows
        ]


def action_fate(
    rng: random.Random, decided_on: dt.date
) -> tuple[dt.date | None, str, dt.date | None]:
    """What became of an action decided on a day: (due date, status, completion date).

    Done on time or late, forgotten (still open long after it was due), dropped, done with no
    date written down, or never given a due date. The shares follow the paper's observation
    that decisions were often not carried out. Shared with `ptce generate`.
    """
    if rng.random() < 0.12:
        # No due date: nobody can say it is late; some were done anyway.
        if rng.random() < 0.5:
            return None, ActionStatus.DONE, decided_on + dt.timedelta(days=rng.randint(10, 120))
        return None, rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)), None
    due = decided_on + dt.timedelta(days=rng.randint(14, 75))
    draw = rng.random()
    if draw < 0.40:
        # Due two weeks or more after the meeting: done up to ten days early stays after it.
        return due, ActionStatus.DONE, due - dt.timedelta(days=rng.randint(0, 10))
    if draw < 0.62:
        return due, ActionStatus.DONE, due + dt.timedelta(days=rng.randint(5, 90))
    if draw < 0.87:
        status = ActionStatus.OPEN if rng.random() < 0.7 else ActionStatus.IN_PROGRESS
        return due, status, None
    if draw < 0.95:
        return due, ActionStatus.DROPPED, None
    return due, ActionStatus.DONE, None


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _person(
    pole: Pole, spec: PersonSpec, organisation: Organisation | None, rng: random.Random
) -> Person:
    consented = spec.consent_directory or spec.consent_contact or spec.consent_research
    return Person(
        pole=pole, is_synthetic=True, first_name=spec.first_name, last_name=spec.last_name,
        kind=spec.kind, gender=spec.gender, email=spec.email, phone=spec.phone,
        organisation=organisation, consent_directory=spec.consent_directory,
        consent_contact=spec.consent_contact, consent_research=spec.consent_research,
        # Consent is collected when people join the pole's life, during the observed period.
        consent_recorded_on=(
            dt.date(2012, 10, 1) + dt.timedelta(days=rng.randint(0, 500)) if consented else None
        ),
    )
