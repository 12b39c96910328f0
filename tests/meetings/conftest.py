"""Fixtures for the meetings tests: a pole with member structures, people and meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from ptce.meetings.models import Meeting, MeetingKind
from ptce.registry.models import Membership, Organisation, Person


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-canal", "Pôle du Canal")


@pytest.fixture
def coordinator(make_user, pole):
    return make_user("coord", pole=pole, role="coordinator")


@pytest.fixture
def member_user(make_user, pole):
    """A member account linked to its person in the pole's registry."""
    user = make_user("membre", pole=pole, role="member")
    organisation = Organisation.objects.create(pole=pole, name="Scop Vélo")
    Person.objects.create(
        pole=pole, first_name="Inès", last_name="Membre", organisation=organisation, user=user
    )
    return user


@pytest.fixture
def member_person(member_user):
    return Person.objects.get(user=member_user)


@pytest.fixture
def make_meeting(pole) -> Callable[..., Meeting]:
    def make(days: int = 10, *, target_pole: Any = None, **fields: Any) -> Meeting:
        values: dict[str, Any] = {
            "title": "Séminaire de coopération",
            "kind": MeetingKind.SEMINAR,
            "date": dt.date.today() + dt.timedelta(days=days),
            "start_time": dt.time(9, 30),
            "end_time": dt.time(12, 0),
            "place": "Maison des associations",
        }
        values.update(fields)
        return Meeting.objects.create(pole=target_pole or pole, **values)

    return make


@pytest.fixture
def make_structures(pole) -> Callable[..., list[Organisation]]:
    """`structures` member structures of `per_structure` people each."""

    def make(structures: int, per_structure: int, *, prefix: str = "Structure") -> list:
        organisations = []
        for i in range(structures):
            organisation = Organisation.objects.create(pole=pole, name=f"{prefix} {i:02d}")
            Membership.objects.create(
                pole=pole, organisation=organisation, start_date=dt.date(2020, 1, 1)
            )
            Person.objects.bulk_create(
                Person(
                    pole=pole,
                    first_name=f"Prénom{j:02d}",
                    last_name=f"{prefix[:3]}{i:02d}",
                    organisation=organisation,
                )
                for j in range(per_structure)
            )
            organisations.append(organisation)
        return organisations

    return make
