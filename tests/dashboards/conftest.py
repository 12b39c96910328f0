"""A small hand-made pole whose every indicator is computed by hand in the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from ptce.meetings.models import Action, Attendance, Decision, Meeting, WorkingGroup
from ptce.registry.models import Membership, MembershipRole, Organisation, Person

D = dt.date
# The execution figures are read at this date; the pole's life is all before it.
ON = D(2024, 12, 31)


@dataclass
class Coop:
    pole: Any
    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    group: WorkingGroup | None = None


@pytest.fixture
def coop(make_pole) -> Coop:
    """Seven meetings in 2024, four member structures and a partner, three decisions.

    Seminars: 2 then 4 then 4 participants, so the 3rd seminar over the 1st is 2.0. Structure
    D is a member that never comes: with k=3 it is the only one drifting away. Plenaries: 2 of
    4 members, then 1 of 4 (mean 0.375).
    """
    pole = make_pole("coop", "Pôle Coop")
    c = Coop(pole=pole)
    for key in "ABCD":
        c.orgs[key] = Organisation.objects.create(pole=pole, name=f"Structure {key}")
        Membership.objects.create(pole=pole, organisation=c.orgs[key])
    c.orgs["P"] = Organisation.objects.create(pole=pole, name="Partenaire P")
    Membership.objects.create(pole=pole, organisation=c.orgs["P"], role=MembershipRole.PARTNER)
    for key, first, last, org, kind in [
        ("p1", "Camille", "Aubertin", "A", "employee"),
        ("p2", "Dominique", "Bellamy", "A", "volunteer"),
        ("p3", "Sacha", "Charpentier", "B", "elected"),
        ("p4", "Lou", "Delacroix", "C", "employee"),
        ("p5", "Noa", "Etcheverry", None, "inhabitant"),
    ]:
        c.people[key] = Person.objects.create(
            pole=pole,
            first_name=first,
            last_name=last,
            kind=kind,
            organisation=c.orgs[org] if org else None,
        )
    c.group = WorkingGroup.objects.create(pole=pole, theme="Mobilité solidaire")
    presences = {
        "m1": (D(2024, 1, 10), "plenary", ["p1", "p3"], ["p4"]),
        "m2": (D(2024, 2, 10), "seminar", ["p1", "p3"], []),
        "m3": (D(2024, 4, 10), "seminar", ["p1", "p2", "p3", "p4"], []),
        "m4": (D(2024, 5, 10), "working_group", ["p1", "p5"], []),
        "m5": (D(2024, 6, 10), "seminar", ["p1", "p2", "p3", "p4"], []),
        "m6": (D(2024, 7, 10), "plenary", ["p1"], ["p3"]),
        "m7": (D(2024, 9, 10), "convivial", ["p3"], []),
    }
    for key, (day, kind, present, excused) in presences.items():
        meeting = Meeting.objects.create(
            pole=pole,
            title=f"Réunion {key}",
            kind=kind,
            date=day,
            working_group=c.group if kind == "working_group" else None,
        )
        c.meetings[key] = meeting
        for status, people in (("present", present), ("excused", excused)):
            for person_key in people:
                person = c.people[person_key]
                Attendance.objects.create(
                    pole=pole,
                    meeting=meeting,
                    person=person,
                    organisation=person.organisation,
                    status=status,
                )
    for key, meeting in (("d1", "m1"), ("d2", "m4"), ("d3", "m5")):
        c.decisions[key] = Decision.objects.create(
            pole=pole, meeting=c.meetings[meeting], mode="consensus", text=f"Décision {key}"
        )
    for key, decision, title, fields in [
        ("a1", "d1", "Rédiger la charte", dict(due_date=D(2024, 2, 1), status="done",
                                              completed_on=D(2024, 1, 30), owner="p1")),
        ("a2", "d1", "Relancer la mairie", dict(due_date=D(2024, 3, 1), status="open",
                                               owner="p3")),
        ("a3", "d2", "Chiffrer le minibus", dict(due_date=D(2024, 6, 1), status="done",
                                                completed_on=D(2024, 6, 11), org="B")),
        ("a4", "d2", "Sonder les habitants", dict(status="in_progress", owner="p2")),
        ("a5", "d2", "Abandonner l'autopartage", dict(due_date=D(2024, 5, 1),
                                                     status="dropped")),
    ]:  # fmt: skip
        owner, org = fields.pop("owner", None), fields.pop("org", None)
        c.actions[key] = Action.objects.create(
            pole=pole,
            decision=c.decisions[decision],
            title=title,
            owner_person=c.people[owner] if owner else None,
            owner_organisation=c.orgs[org] if org else None,
            **fields,
        )
    return c
