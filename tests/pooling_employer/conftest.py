"""Fixtures for the employer group tests: a pole, its coordinator, a group with staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from employer_helpers import allocate

from ptce.pooling.models import (
    Pooling,
    PoolingKind,
    PoolingParticipant,
    SharedEmployee,
)
from ptce.registry.models import Membership, Organisation


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-canal", "Pôle du Canal")


@pytest.fixture
def coordinator(make_user, pole):
    return make_user("coord", pole=pole, role="coordinator")


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def make_group(pole) -> Callable[..., Pooling]:
    def make(name: str = "Groupement Emploi Canal", *, target_pole: Any = None, **fields):
        return Pooling.objects.create(
            pole=target_pole or pole, kind=PoolingKind.EMPLOYER_GROUP, name=name, **fields
        )

    return make


@pytest.fixture
def make_employee(pole) -> Callable[..., SharedEmployee]:
    def make(group: Pooling, name: str, hours: str = "151.67", cost: str = "22.50", **fields):
        values: dict[str, Any] = {"started_on": dt.date(2025, 1, 1), "job_title": "Comptable"}
        values.update(fields)
        return SharedEmployee.objects.create(
            pole=group.pole,
            pooling=group,
            name=name,
            monthly_hours=Decimal(hours),
            hourly_cost=Decimal(cost),
            **values,
        )

    return make


@pytest.fixture
def make_member(pole) -> Callable[..., Organisation]:
    def make(name: str, group: Pooling | None = None, *, target_pole: Any = None):
        owner = target_pole or pole
        organisation = Organisation.objects.create(pole=owner, name=name)
        Membership.objects.create(pole=owner, organisation=organisation)
        if group is not None:
            PoolingParticipant.objects.create(pole=owner, pooling=group, organisation=organisation)
        return organisation

    return make


@pytest.fixture
def group_setup(make_group, make_employee, make_member):
    """A group with two employees and three participating structures, hours in March 2026."""
    group = make_group()
    camille = make_employee(group, "Camille Martin", "151.67", "22.50")
    lou = make_employee(group, "Lou Bernard", "75", "18.00", job_title="Animatrice")
    bois = make_member("Atelier Bois", group)
    velo = make_member("Scop Vélo", group)
    regie = make_member("Régie de quartier", group)
    allocate(camille, bois, "100")
    allocate(camille, velo, "51.67")
    allocate(lou, velo, "40")
    allocate(lou, regie, "35")
    return {
        "group": group,
        "camille": camille,
        "lou": lou,
        "bois": bois,
        "velo": velo,
        "regie": regie,
    }
