"""Fixtures for the bookings tests: a tiers-lieu with two rooms and the pole's four roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from ptce.pooling import bookings
from ptce.pooling.models import Booking, Pooling, PoolingKind, ResourceKind, SharedResource
from ptce.registry.models import Organisation, Person


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-bois", "Pôle Bois et Territoire")


@pytest.fixture
def atelier(pole):
    return Organisation.objects.create(pole=pole, name="Atelier Bois")


@pytest.fixture
def cafe(pole):
    return Organisation.objects.create(pole=pole, name="Café Vélo")


@pytest.fixture
def coordinator(make_user, pole):
    user = make_user("coord", pole=pole, role="coordinator")
    user.first_name, user.last_name = "Claire", "Coordinatrice"
    user.save()
    return user


@pytest.fixture
def member(make_user, pole, atelier):
    """A member account representing Atelier Bois."""
    user = make_user("membre", pole=pole, role="member")
    user.first_name, user.last_name = "Malik", "Menuisier"
    user.save()
    Person.objects.create(
        pole=pole, first_name="Malik", last_name="Menuisier", organisation=atelier, user=user
    )
    return user


@pytest.fixture
def other_member(make_user, pole, cafe):
    """A member account representing Café Vélo."""
    user = make_user("membre-cafe", pole=pole, role="member")
    Person.objects.create(
        pole=pole, first_name="Lou", last_name="Cycliste", organisation=cafe, user=user
    )
    return user


@pytest.fixture
def funder(make_user, pole):
    return make_user("financeur", pole=pole, role="funder")


@pytest.fixture
def premises(pole):
    return Pooling.objects.create(pole=pole, kind=PoolingKind.PREMISES, name="Tiers-lieu du Canal")


@pytest.fixture
def room(pole, premises):
    return SharedResource.objects.create(
        pole=pole, pooling=premises, name="Salle du conseil", kind=ResourceKind.ROOM, capacity=20
    )


@pytest.fixture
def workshop(pole, premises):
    return SharedResource.objects.create(
        pole=pole, pooling=premises, name="Atelier partagé", kind=ResourceKind.WORKSHOP
    )


@pytest.fixture
def book(coordinator, atelier) -> Callable[..., Booking]:
    """Book through the service, by the coordination for Atelier Bois unless told otherwise."""

    def make(
        resource: SharedResource,
        start: dt.datetime,
        end: dt.datetime,
        *,
        title: str = "Réunion CA",
        organisation: Organisation | None = None,
        actor: Any = None,
    ) -> Booking:
        return bookings.create_booking(
            actor or coordinator, resource, organisation or atelier, title, start, end
        )

    return make
