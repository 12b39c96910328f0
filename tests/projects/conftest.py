"""Fixtures for the projects tests: a pole with member and non-member structures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from ptce.projects.models import PartnerRole, Project, ProjectPartner
from ptce.registry.models import Membership, Organisation


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-canal", "Pôle du Canal")


@pytest.fixture
def other_pole(make_pole):
    return make_pole("pole-voisin", "Pôle voisin")


@pytest.fixture
def coordinator(make_user, pole):
    return make_user("coord", pole=pole, role="coordinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def structures(pole) -> list[Organisation]:
    """Three member structures and, last, a laboratory that is not a member of the pole."""
    organisations = []
    for name in ("Atelier Bois", "Biocoop du Canal", "Compagnie Théâtre"):
        organisation = Organisation.objects.create(pole=pole, name=name)
        Membership.objects.create(
            pole=pole, organisation=organisation, start_date=dt.date(2020, 1, 1)
        )
        organisations.append(organisation)
    organisations.append(Organisation.objects.create(pole=pole, name="Laboratoire LISST"))
    return organisations


@pytest.fixture
def make_project(pole) -> Callable[..., Project]:
    def make(
        name: str = "Ressourcerie",
        *,
        lead: Organisation | None = None,
        partners: tuple[Organisation, ...] = (),
        target_pole: Any = None,
        **fields: Any,
    ) -> Project:
        project = Project.objects.create(pole=target_pole or pole, name=name, **fields)
        if lead is not None:
            ProjectPartner.objects.create(
                pole=project.pole, project=project, organisation=lead, role=PartnerRole.LEAD
            )
        for organisation in partners:
            ProjectPartner.objects.create(
                pole=project.pole, project=project, organisation=organisation
            )
        return project

    return make
