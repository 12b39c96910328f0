"""Builders shared by the network tests: "Pôle Étoile", a hand-built pole whose projects
form a star around one structure.

The reference date is 31/12/2024 and the default window the 12 months before it (from
01/01/2024). Actors (member structures since 2015):

* H, the hub (ESS, NAF 88.10C → section Q), partner of four one-to-one projects with A, B, C
  and D in 2024: with projects alone, the graph is a star around H;
* A (ESS, NAF 56.10A → I), B (non-ESS, NAF 56.10A → I), C (public body, no NAF),
  D (research, NAF 72.19Z → M) and E (not classified, no tie at all).

Besides the star: an old project of A and B (2018–2019, outside the window), a seminar on
01/06/2024 where people of A and B were present (and one of C only excused), a pooling of A
and C that C left on 30/06/2023, and an inactive working group of A, D and Zoé Habitante (a
person in her own name) that met on 01/03/2024.

Governance: a board where the chair is a man of H since 2016 (after another man, 2012–2015),
A's woman representative and Zoé sit as members, and a person of B with no declared gender.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ptce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, WorkingGroup
from ptce.poles.models import Pole
from ptce.pooling.models import Pooling, PoolingKind, PoolingParticipant
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import (
    ActorFamily,
    BodyKind,
    Gender,
    GovernanceBody,
    Mandate,
    Membership,
    Office,
    Organisation,
    OrganisationYear,
    Person,
)

ON = dt.date(2024, 12, 31)
FAMILIES = {
    "H": (ActorFamily.ESS_ENTERPRISE, "8810C"),
    "A": (ActorFamily.ESS_ENTERPRISE, "56.10A"),
    "B": (ActorFamily.NON_ESS_ENTERPRISE, "56.10A"),
    "C": (ActorFamily.PUBLIC_BODY, ""),
    "D": (ActorFamily.RESEARCH, "72.19Z"),
    "E": (ActorFamily.OTHER, ""),
}
NAMES = {
    "H": "Maison Pivot",
    "A": "Atelier Abeille",
    "B": "Boulangerie Blé SAS",
    "C": "Commune de Cèdres",
    "D": "Laboratoire Delta",
    "E": "Entreprise Écho",
}


@dataclass
class Etoile:
    pole: Pole
    orgs: dict[str, Organisation]
    people: dict[str, Person]
    projects: dict[str, Project] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def node(self, key: str) -> str:
        return f"o{self.orgs[key].pk}"


def _project(pole, name, partners, **fields) -> Project:
    project = Project.objects.create(pole=pole, name=name, **fields)
    for index, organisation in enumerate(partners):
        ProjectPartner.objects.create(
            pole=pole,
            project=project,
            organisation=organisation,
            role=PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER,
        )
    return project


def build_etoile(pole: Pole) -> Etoile:
    orgs = {}
    for key, (family, naf) in FAMILIES.items():
        orgs[key] = Organisation.objects.create(
            pole=pole,
            name=NAMES[key],
            naf_code=naf,
            family_override=family,
            override_reason="Famille connue du pôle",
        )
        Membership.objects.create(pole=pole, organisation=orgs[key], start_date=dt.date(2015, 1, 1))
    people = {
        "H": Person.objects.create(
            pole=pole, first_name="Hugo", last_name="Pivot", organisation=orgs["H"],
            gender=Gender.MAN, consent_directory=True,
        ),
        "H0": Person.objects.create(
            pole=pole, first_name="Henri", last_name="Ancien", organisation=orgs["H"],
            gender=Gender.MAN,
        ),
        "A": Person.objects.create(
            pole=pole, first_name="Alice", last_name="Abeille", organisation=orgs["A"],
            gender=Gender.WOMAN, consent_directory=True,
        ),
        "B": Person.objects.create(
            pole=pole, first_name="Bao", last_name="Blé", organisation=orgs["B"],
        ),
        "C": Person.objects.create(
            pole=pole, first_name="Chloé", last_name="Cèdre", organisation=orgs["C"],
            gender=Gender.WOMAN,
        ),
        "D": Person.objects.create(
            pole=pole, first_name="Driss", last_name="Delta", organisation=orgs["D"],
            gender=Gender.MAN, consent_directory=True,
        ),
        "Z": Person.objects.create(
            pole=pole, first_name="Zoé", last_name="Habitante", gender=Gender.WOMAN,
        ),
    }  # fmt: skip
    etoile = Etoile(pole=pole, orgs=orgs, people=people)
    for index, key in enumerate("ABCD", start=1):
        etoile.projects[key] = _project(
            pole,
            f"Projet H-{key}",
            [orgs["H"], orgs[key]],
            status=ProjectStatus.ACTIVE,
            started_on=dt.date(2024, index, 15),
        )
    etoile.projects["old"] = _project(
        pole,
        "Ancien projet A-B",
        [orgs["A"], orgs["B"]],
        status=ProjectStatus.COMPLETED,
        started_on=dt.date(2018, 1, 1),
        ended_on=dt.date(2019, 6, 30),
    )
    seminar = Meeting.objects.create(
        pole=pole, title="Séminaire", kind=MeetingKind.SEMINAR, date=dt.date(2024, 6, 1)
    )
    for key, status in (("A", "present"), ("B", "present"), ("C", "excused")):
        Attendance.objects.create(
            pole=pole, meeting=seminar, person=people[key], status=AttendanceStatus(status)
        )
    pooling = Pooling.objects.create(
        pole=pole, kind=PoolingKind.EQUIPMENT, name="Camion partagé",
        started_on=dt.date(2022, 1, 1),
    )  # fmt: skip
    PoolingParticipant.objects.create(pole=pole, pooling=pooling, organisation=orgs["A"])
    PoolingParticipant.objects.create(
        pole=pole, pooling=pooling, organisation=orgs["C"], left_on=dt.date(2023, 6, 30)
    )
    group = WorkingGroup.objects.create(pole=pole, theme="Alimentation", is_active=False)
    group.members.set([people["A"], people["D"], people["Z"]])
    Meeting.objects.create(
        pole=pole, title="GT alimentation", kind=MeetingKind.WORKING_GROUP,
        date=dt.date(2024, 3, 1), working_group=group,
    )  # fmt: skip
    etoile.extra.update(seminar=seminar, pooling=pooling, group=group)

    OrganisationYear.objects.create(pole=pole, organisation=orgs["H"], year=2023, fte=25)
    OrganisationYear.objects.create(pole=pole, organisation=orgs["A"], year=2022, fte=3)
    OrganisationYear.objects.create(pole=pole, organisation=orgs["A"], year=2023, fte=None)
    board = GovernanceBody.objects.create(pole=pole, name="CA", kind=BodyKind.BOARD)
    for person, organisation, office, start, end in (
        (people["H0"], orgs["H"], Office.CHAIR, dt.date(2012, 1, 1), dt.date(2015, 12, 31)),
        (people["H"], orgs["H"], Office.CHAIR, dt.date(2016, 1, 1), None),
        (people["A"], orgs["A"], Office.MEMBER, dt.date(2020, 1, 1), None),
        (people["Z"], None, Office.MEMBER, dt.date(2020, 1, 1), None),
        (people["B"], orgs["B"], Office.MEMBER, dt.date(2020, 1, 1), None),
    ):
        Mandate.objects.create(
            pole=pole, body=board, person=person, organisation=organisation, office=office,
            start_date=start, end_date=end,
        )  # fmt: skip
    etoile.extra["board"] = board
    return etoile
