"""« Pôle Mesure », a hand-built pole whose every measured indicator is computed by hand.

Reference date ON = 30/06/2025; the last complete year is 2024; the 12-month window runs from
01/07/2024, the 36-month window from 01/07/2022. The pole's charter is dated 01/01/2019 and its
territory is two communes, T1 (31555) and T2 (31446); OUT (31069) lies outside.

Members on ON (every role): A, B, C, D and E. Structures of the registry:

====  ============================  ======  =======  =====  ==========  =========================
key   structure                     legal   family   NAF    commune     membership, charter
====  ============================  ======  =======  =====  ==========  =========================
A     association                   9220    ESS      Q      T1          member, signed 10/01/2020
B     SCOP                          5458    ESS      A      T2          member, signed 01/05/2018
C     SARL                          5499    non-ESS  I      OUT         member, signed 01/03/2021
D     association                   9220    ESS      Q      —           member, not signed
E     commune (authority)           7210    public   O      T1          partner, not signed
H     association                   9220    ESS      Q      T1          left on 31/12/2023
F     university                    7383    research —      OUT         none (project partner)
G     SAS                           5710    non-ESS  —      —           none (project partner)
T     public school (training)      7331    training —      —           none (at a seminar)
U     university                    7383    research —      —           none (at a 2023 meeting)
I     CCAS (public, no authority)   7361    public   —      —           none (funder)
K     communauté de communes        7346    public   —      —           none (funder in 2023)
L     commune                       7210    public   —      —           none (funder in 2021)
====  ============================  ======  =======  =====  ==========  =========================

Yearly figures (FTE / turnover): A 2021 5 / 100 000, 2024 6 / 130 000; B 2021 2 / 50 000,
2024 2 / —; C 2021 4 / —, 2024 2.45 / 80 000; D 2024 10 / —; H 2021 100, 2024 0.

Projects (status, dates, partners; jobs created + consolidated; new activities + enterprises;
innovation; goals; study):

* P1 active from 01/01/2023, A (lead), E, F; 2 + 1 FTE; 1 + —; social; economic and
  environmental; none;
* P2 completed 01/09/2022–30/06/2023, B, G; — + —; — + —; none; social; study;
* P3 completed 2019–2020, C; 10 FTE; technological; R&D (before every window);
* P4 idea without dates, D; evaluation;
* P5 active 01/09/2024–31/12/2026, C; 0.5 + —; 0 + 1; unknown; no goal ticked; action research;
* P7 active from 01/01/2025, B; — + —; — + —; none; social; none.

Poolings: PL1 premises from 2020 (A since 2020, C until 31/12/2024); PL2 purchasing that ended
on 31/03/2024 (D); PL3 employer group from 2021 (B) with three full-time employees under
contract on ON (151.67 h each), one whose contract ended on 31/12/2024 and one hired on
01/07/2025; PL4 services starting on 01/09/2025.

Meetings: plenary M4 on 01/05/2024 (everyone present; before the window), plenary M1 on
01/10/2024 (A and B present), seminar M3 on 01/02/2025 (D and T present), plenary M2 on
01/03/2025 (A and E present, C excused), meeting M5 on 01/05/2025, a 2023 meeting where U was
present. Decisions and actions: see `B3_2_ACTIONS`.

Governance (a board): A's woman representative as chair, Zoé (a woman, in her own name), two
men representing D; a man of B whose mandate ended on 31/12/2024.

Funding lines: see `FUNDING`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django_scopes import scope

from ptce.core.text import search_key
from ptce.economics.models import FundingLine
from ptce.evaluation.measures import Measure, measure_one
from ptce.meetings.models import (
    Action,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMode,
    Meeting,
    MeetingKind,
)
from ptce.poles.models import Pole
from ptce.pooling.models import Pooling, PoolingKind, PoolingParticipant, SharedEmployee
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import (
    BodyKind,
    Gender,
    GovernanceBody,
    Mandate,
    Membership,
    MembershipRole,
    Office,
    Organisation,
    OrganisationYear,
    Person,
)
from ptce.territory.models import Commune, Departement, Region
from ptce_analytics.referential import packaged_referential

D = dt.date
ON = D(2025, 6, 30)
REF = packaged_referential()
T1, T2, OUT = "31555", "31446", "31069"
# The queries `measure_all` may run, whatever the size of the pole.
QUERY_BOUND = 40

ORGANISATIONS: dict[str, tuple[str, str, str, str | None]] = {
    # key: (name, legal category, NAF, commune)
    "A": ("Atelier Abeille", "9220", "88.10C", T1),
    "B": ("Bio Bocage", "5458", "01.13Z", T2),
    "C": ("Conseil Cèdre SARL", "5499", "56.10A", OUT),
    "D": ("Dépôt Dune", "9220", "88.10C", None),
    "E": ("Commune d'Étang", "7210", "84.11Z", T1),
    "H": ("Héron (ancien membre)", "9220", "88.10C", T1),
    "F": ("Université Falaise", "7383", "", OUT),
    "G": ("Garage Genêt SAS", "5710", "", None),
    "T": ("Lycée Tilleul", "7331", "", None),
    "U": ("Université Ulmes", "7383", "", None),
    "I": ("CCAS d'Iris", "7361", "", None),
    "K": ("Communauté de communes du Kaolin", "7346", "", None),
    "L": ("Commune de Lys", "7210", "", None),
}
MEMBERSHIPS = {
    # key: (role, start, end, charter signed on)
    "A": (MembershipRole.FOUNDER, D(2015, 1, 1), None, D(2020, 1, 10)),
    "B": (MembershipRole.MEMBER, D(2015, 1, 1), None, D(2018, 5, 1)),
    "C": (MembershipRole.MEMBER, D(2020, 1, 1), None, D(2021, 3, 1)),
    "D": (MembershipRole.MEMBER, None, None, None),
    "E": (MembershipRole.PARTNER, D(2015, 1, 1), None, None),
    "H": (MembershipRole.MEMBER, D(2015, 1, 1), D(2023, 12, 31), D(2019, 6, 1)),
}
YEARS = {
    # key: {year: (fte, turnover)}
    "A": {2021: ("5", "100000"), 2024: ("6", "130000")},
    "B": {2021: ("2", "50000"), 2024: ("2", None)},
    "C": {2021: ("4", None), 2024: ("2.45", "80000")},
    "D": {2024: ("10", None)},
    "H": {2021: ("100", None), 2024: ("0", None)},
}
FUNDING = [
    # (year, kind, section, funder key or None, funder name, amount, agreement start, end)
    (2024, "dues", "operating", "A", "", "2000", None, None),
    (2024, "dues", "operating", "C", "", "1000", None, None),
    (2024, "own_revenue", "operating", None, "", "7000", None, None),
    (
        2024,
        "grant_region",
        "operating",
        None,
        "Région Occitanie",
        "20000",
        D(2024, 1, 1),
        D(2025, 12, 31),
    ),
    (2024, "grant_state", "operating", None, "État — DREETS", "10000", None, None),
    (2024, "grant_other_public", "operating", "I", "", "10000", D(2023, 1, 1), D(2024, 12, 31)),
    (2024, "loan", "operating", None, "France Active", "50000", None, None),
    (2024, "grant_region", "investment", None, "Région Occitanie", "30000", None, None),
    (2023, "grant_epci", "operating", "K", "", "5000", None, None),
    (2023, "grant_region", "operating", None, "Region occitanie", "15000", None, None),
    (2021, "grant_commune", "operating", "L", "", "3000", None, None),
]
# B3.2: (meeting, action key, status, due date, completed on)
B3_2_ACTIONS = [
    ("M1", "a1", "done", D(2024, 11, 1), D(2024, 11, 20)),  # 19 days late: in time
    ("M1", "a2", "done", D(2024, 11, 1), D(2024, 12, 15)),  # 44 days late: not in time
    ("M1", "a3", "open", D(2024, 12, 1), None),  # due + 30 = 31/12/2024, past: not done
    ("M1", "a4", "dropped", D(2024, 12, 1), None),  # dropped: left out
    ("M1", "a5", "done", None, D(2024, 12, 1)),  # done, no due date: in time
    ("M1", "a6", "open", None, None),  # no due date, not done: left out
    ("M1", "a7", "done", D(2024, 12, 1), None),  # done on an unknown day: left out
    ("M2", "a8", "open", D(2025, 6, 15), None),  # due + 30 still to come: left out
    ("M2", "a9", "done", D(2025, 4, 1), D(2025, 7, 15)),  # done after ON: not done on ON
    ("M5", "a10", "done", D(2025, 5, 10), D(2025, 5, 10)),  # decided < 3 months ago
    ("M4", "a11", "done", D(2024, 5, 10), D(2024, 5, 10)),  # decided before the window
]


def measure(pole: Pole, code: str, *, on: dt.date = ON, **kwargs: Any) -> Measure:
    """One indicator, measured as pages and commands do: inside the pole's scope."""
    with scope(pole=pole):
        return measure_one(pole, code, on=on, referential=kwargs.pop("referential", REF), **kwargs)


def scored(result: Measure) -> tuple:
    return result.value, result.score, result.band, result.missing


@dataclass
class Mesure:
    pole: Pole
    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    poolings: dict[str, Pooling] = field(default_factory=dict)


def commune(code: str) -> Commune:
    """The data migration loads real communes, but a flushed database may lack them."""
    region, _ = Region.objects.get_or_create(code="76", defaults={"name": "Occitanie"})
    departement, _ = Departement.objects.get_or_create(
        code="31", defaults={"name": "Haute-Garonne", "region": region}
    )
    name = f"Commune {code}"
    found, _ = Commune.objects.get_or_create(
        code=code,
        defaults={"name": name, "departement": departement, "search_name": search_key(name)},
    )
    return found


def organisation(pole: Pole, name: str, legal: str = "9220", naf: str = "", code=None):
    return Organisation.objects.create(
        pole=pole,
        name=name,
        legal_category=legal,
        naf_code=naf,
        commune=commune(code) if code else None,
    )


def member(pole: Pole, org: Organisation, **fields: Any) -> Membership:
    return Membership.objects.create(pole=pole, organisation=org, **fields)


def project(pole: Pole, name: str, partners: list[Organisation], **fields: Any) -> Project:
    created = Project.objects.create(pole=pole, name=name, **fields)
    for rank, partner in enumerate(partners):
        ProjectPartner.objects.create(
            pole=pole,
            project=created,
            organisation=partner,
            role=PartnerRole.LEAD if rank == 0 else PartnerRole.PARTNER,
        )
    return created


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def build(make_pole) -> Mesure:
    pole = make_pole("mesure", "Pôle Mesure", charter_signed_on=D(2019, 1, 1))
    pole.communes.set([commune(T1), commune(T2)])
    commune(OUT)
    m = Mesure(pole=pole)
    for key, (name, legal, naf, code) in ORGANISATIONS.items():
        m.orgs[key] = organisation(pole, name, legal, naf, code)
    for key, (role, start, end, signed) in MEMBERSHIPS.items():
        member(
            pole, m.orgs[key], role=role, start_date=start, end_date=end, charter_signed_on=signed
        )
    for key, years in YEARS.items():
        for year, (fte, turnover) in years.items():
            OrganisationYear.objects.create(
                pole=pole,
                organisation=m.orgs[key],
                year=year,
                fte=_decimal(fte),
                turnover_eur=_decimal(turnover),
            )
    _projects(m)
    _poolings(m)
    _meetings(m)
    _governance(m)
    for year, kind, section, funder, name, amount, start, end in FUNDING:
        FundingLine.objects.create(
            pole=pole,
            year=year,
            source_kind=kind,
            section=section,
            funder=m.orgs[funder] if funder else None,
            funder_name=name,
            label=f"{kind} {year}",
            amount=Decimal(amount),
            agreement_start=start,
            agreement_end=end,
        )
    return m


def _projects(m: Mesure) -> None:
    o, pole = m.orgs, m.pole
    active, completed = ProjectStatus.ACTIVE, ProjectStatus.COMPLETED
    m.projects["P1"] = project(
        pole,
        "Recyclerie",
        [o["A"], o["E"], o["F"]],
        status=active,
        started_on=D(2023, 1, 1),
        jobs_created_fte=Decimal(2),
        jobs_consolidated_fte=Decimal(1),
        new_activities=1,
        innovation="social",
        goal_economic=True,
        goal_environmental=True,
    )
    m.projects["P2"] = project(
        pole,
        "Étude de marché",
        [o["B"], o["G"]],
        status=completed,
        started_on=D(2022, 9, 1),
        ended_on=D(2023, 6, 30),
        innovation="none",
        goal_social=True,
        study_kind="study",
    )
    m.projects["P3"] = project(
        pole,
        "Ancien projet",
        [o["C"]],
        status=completed,
        started_on=D(2019, 1, 1),
        ended_on=D(2020, 12, 31),
        jobs_created_fte=Decimal(10),
        innovation="technological",
        goal_economic=True,
        goal_social=True,
        study_kind="rd",
    )
    m.projects["P4"] = project(pole, "Évaluation à venir", [o["D"]], study_kind="evaluation")
    m.projects["P5"] = project(
        pole,
        "Cantine",
        [o["C"]],
        status=active,
        started_on=D(2024, 9, 1),
        ended_on=D(2026, 12, 31),
        jobs_created_fte=Decimal("0.5"),
        new_activities=0,
        new_enterprises=1,
        study_kind="action_research",
    )
    m.projects["P7"] = project(
        pole,
        "Atelier vélo",
        [o["B"]],
        status=active,
        started_on=D(2025, 1, 1),
        innovation="none",
        goal_social=True,
    )


def _poolings(m: Mesure) -> None:
    o, pole = m.orgs, m.pole

    def pooling(key: str, kind: str, start, end=None) -> Pooling:
        m.poolings[key] = Pooling.objects.create(
            pole=pole, kind=kind, name=key, started_on=start, ended_on=end
        )
        return m.poolings[key]

    def join(pooling_: Pooling, org: Organisation, joined=None, left=None) -> None:
        PoolingParticipant.objects.create(
            pole=pole, pooling=pooling_, organisation=org, joined_on=joined, left_on=left
        )

    pl1 = pooling("PL1", PoolingKind.PREMISES, D(2020, 1, 1))
    join(pl1, o["A"], D(2020, 1, 1))
    join(pl1, o["C"], D(2020, 1, 1), D(2024, 12, 31))
    join(pooling("PL2", PoolingKind.PURCHASING, D(2021, 1, 1), D(2024, 3, 31)), o["D"])
    pl3 = pooling("PL3", PoolingKind.EMPLOYER_GROUP, D(2021, 1, 1))
    join(pl3, o["B"])
    pooling("PL4", PoolingKind.SERVICES, D(2025, 9, 1))
    for name, start, end in [
        ("S1", D(2022, 1, 1), None),
        ("S2", D(2023, 1, 1), D(2025, 12, 31)),
        ("S5", D(2025, 6, 30), None),
        ("S3", D(2021, 1, 1), D(2024, 12, 31)),  # contract ended
        ("S4", D(2025, 7, 1), None),  # hired after ON
    ]:
        SharedEmployee.objects.create(
            pole=pole,
            pooling=pl3,
            name=name,
            monthly_hours=Decimal("151.67"),
            hourly_cost=Decimal("25"),
            started_on=start,
            ended_on=end,
        )


def _meetings(m: Mesure) -> None:
    o, pole = m.orgs, m.pole
    for key in ("A", "B", "C", "D", "E", "T", "U"):
        m.people[key] = Person.objects.create(
            pole=pole, first_name="Repr.", last_name=key, organisation=o[key]
        )
    present, excused = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED
    plan = [
        ("M4", MeetingKind.PLENARY, D(2024, 5, 1), {k: present for k in "ABCDE"}),
        ("M1", MeetingKind.PLENARY, D(2024, 10, 1), {"A": present, "B": present}),
        ("M3", MeetingKind.SEMINAR, D(2025, 2, 1), {"D": present, "T": present}),
        ("M2", MeetingKind.PLENARY, D(2025, 3, 1), {"A": present, "E": present, "C": excused}),
        ("M5", MeetingKind.STEERING_COMMITTEE, D(2025, 5, 1), {}),
        ("M0", MeetingKind.SEMINAR, D(2023, 5, 1), {"U": present}),
    ]
    for key, kind, day, who in plan:
        meeting = Meeting.objects.create(pole=pole, title=key, kind=kind, date=day)
        m.meetings[key] = meeting
        for person_key, status in who.items():
            Attendance.objects.create(
                pole=pole,
                meeting=meeting,
                person=m.people[person_key],
                organisation=o[person_key],
                status=status,
            )
    decisions: dict[str, Decision] = {}
    for meeting_key, title, status, due, completed in B3_2_ACTIONS:
        if meeting_key not in decisions:
            decisions[meeting_key] = Decision.objects.create(
                pole=pole,
                meeting=m.meetings[meeting_key],
                mode=DecisionMode.CONSENSUS,
                text=f"Décision {meeting_key}",
            )
        Action.objects.create(
            pole=pole,
            decision=decisions[meeting_key],
            title=title,
            status=status,
            due_date=due,
            completed_on=completed,
        )


def _governance(m: Mesure) -> None:
    o, pole = m.orgs, m.pole
    board = GovernanceBody.objects.create(pole=pole, name="Conseil", kind=BodyKind.BOARD)

    def seat(first: str, gender: str, org: Organisation | None, office: str, end=None) -> None:
        person = Person.objects.create(
            pole=pole, first_name=first, last_name="Siège", gender=gender, organisation=org
        )
        Mandate.objects.create(
            pole=pole,
            body=board,
            person=person,
            organisation=org,
            office=office,
            start_date=D(2020, 1, 1),
            end_date=end,
        )

    seat("Alice", Gender.WOMAN, o["A"], Office.CHAIR)
    seat("Zoé", Gender.WOMAN, None, Office.MEMBER)
    seat("Denis", Gender.MAN, o["D"], Office.TREASURER)
    seat("David", Gender.MAN, o["D"], Office.MEMBER)
    seat("Bruno", Gender.MAN, o["B"], Office.MEMBER, end=D(2024, 12, 31))
