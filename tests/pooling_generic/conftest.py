"""Fixtures for the poolings tests: a pole with structures, users of every role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ptce.pooling.models import Pooling, PoolingKind, PoolingParticipant
from ptce.registry.models import Organisation


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-canal", "Pôle du Canal")


@pytest.fixture
def other_pole(make_pole):
    return make_pole("pole-voisin", "Pôle voisin")


@pytest.fixture
def coordinator_client(client, make_user, pole):
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    return client


@pytest.fixture
def structures(pole) -> list[Organisation]:
    names = ("Atelier Bois", "Biocoop du Canal", "Compagnie Théâtre")
    return [Organisation.objects.create(pole=pole, name=name) for name in names]


@pytest.fixture
def make_pooling(pole) -> Callable[..., Pooling]:
    def make(name: str = "Achats de papier", *, target_pole: Any = None, **fields: Any) -> Pooling:
        fields.setdefault("kind", PoolingKind.PURCHASING)
        return Pooling.objects.create(pole=target_pole or pole, name=name, **fields)

    return make


@pytest.fixture
def add_participant() -> Callable[..., PoolingParticipant]:
    def add(pooling: Pooling, organisation: Organisation, **fields: Any) -> PoolingParticipant:
        return PoolingParticipant.objects.create(
            pole=pooling.pole, pooling=pooling, organisation=organisation, **fields
        )

    return add
