"""Saving a project and its partners: one transaction, one lead, the pole's structures only."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from ptce.core.models import AuditEntry
from ptce.projects import services
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.projects.selectors import PROJECT_COLUMNS, projects_frame
from ptce.registry.models import Organisation


def _roles(project: Project) -> dict[str, str]:
    return {
        row.organisation.name: row.role
        for row in ProjectPartner.objects.filter(project=project).select_related("organisation")
    }


def test_project_and_partners_are_saved_together_and_logged(pole, coordinator, structures):
    bois, biocoop, theatre, lab = structures
    project = services.project_save(
        actor=coordinator,
        pole=pole,
        project=Project(name="Ressourcerie", status=ProjectStatus.ACTIVE),
        lead=bois,
        # The lead listed again among the partners stays the lead, once.
        partners=[bois, biocoop, lab],
    )
    assert project.pole == pole
    assert _roles(project) == {
        "Atelier Bois": PartnerRole.LEAD,
        "Biocoop du Canal": PartnerRole.PARTNER,
        "Laboratoire LISST": PartnerRole.PARTNER,
    }
    entry = AuditEntry.objects.get(action="ptce.project.created")
    assert entry.data["lead"] == bois.pk
    assert entry.data["partners"] == sorted([biocoop.pk, lab.pk])
    assert theatre.pk not in entry.data["partners"]


def test_changing_the_lead_keeps_one_lead(pole, coordinator, structures, make_project):
    bois, biocoop, theatre, lab = structures
    project = make_project(lead=bois, partners=(biocoop, theatre))
    # The partner becomes lead and the old lead a partner; the theatre leaves.
    services.project_save(
        actor=coordinator, pole=pole, project=project, lead=biocoop, partners=[bois, lab]
    )
    assert _roles(project) == {
        "Atelier Bois": PartnerRole.PARTNER,
        "Biocoop du Canal": PartnerRole.LEAD,
        "Laboratoire LISST": PartnerRole.PARTNER,
    }
    assert ProjectPartner.objects.filter(project=project, role=PartnerRole.LEAD).count() == 1
    # No lead at all is allowed: not known yet.
    services.project_save(actor=coordinator, pole=pole, project=project, lead=None, partners=[])
    assert _roles(project) == {}


def test_a_failure_while_saving_partners_leaves_nothing(pole, coordinator, structures, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProjectPartner.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.project_save(
            actor=coordinator,
            pole=pole,
            project=Project(name="Épicerie solidaire"),
            lead=structures[0],
            partners=structures[1:],
        )
    assert not Project.objects.exists()
    assert not ProjectPartner.objects.exists()
    assert not AuditEntry.objects.exists()


def test_structures_of_another_pole_are_refused(pole, other_pole, coordinator, structures):
    foreign = Organisation.objects.create(pole=other_pole, name="Structure voisine")
    for lead, partners in [(foreign, []), (structures[0], [foreign])]:
        with pytest.raises(ValidationError):
            services.project_save(
                actor=coordinator,
                pole=pole,
                project=Project(name="Détournement"),
                lead=lead,
                partners=partners,
            )
    assert not Project.objects.exists()


def test_dates_out_of_order_are_refused(pole, coordinator):
    project = Project(
        name="À l'envers", started_on=dt.date(2025, 5, 1), ended_on=dt.date(2025, 4, 1)
    )
    with pytest.raises(ValidationError):
        services.project_save(actor=coordinator, pole=pole, project=project, lead=None, partners=[])


def test_projects_frame(pole, other_pole, structures, make_project, django_assert_num_queries):
    bois, biocoop, _theatre, lab = structures
    first = make_project(
        "Ressourcerie",
        lead=biocoop,
        partners=(lab, bois),
        started_on=dt.date(2023, 3, 1),
        budget_eur=120000,
        goal_social=True,
        new_activities=2,
    )
    second = make_project("Idée sans partenaire")
    make_project("Voisin", target_pole=other_pole)
    with django_assert_num_queries(2):
        frame = projects_frame(pole)
    assert tuple(frame.columns) == PROJECT_COLUMNS
    assert list(frame["project_id"]) == [first.pk, second.pk]
    row, empty = frame.iloc[0], frame.iloc[1]
    assert row["lead_id"] == biocoop.pk
    assert row["partner_ids"] == sorted([bois.pk, biocoop.pk, lab.pk])
    assert len(row["partner_families"]) == 3
    assert row["budget_eur"] == 120000.0 and row["goal_social"] and not row["goal_economic"]
    assert row["new_activities"] == 2
    # Unknown stays unknown: NaN / NA / None, never 0.
    assert frame["jobs_created_fte"].isna().all()
    assert empty["lead_id"] is pd.NA
    assert empty["partner_ids"] == []
    assert empty["innovation"] is None
    assert frame["started_on"].dtype.kind == "M"
