"""The portfolio of cooperative projects and the project form, as users see them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from ptce.core.models import AuditEntry
from ptce.meetings.models import WorkingGroup
from ptce.projects.models import (
    Innovation,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    StudyKind,
)
from ptce.registry.models import Organisation


def _text(response) -> str:
    html = unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", html.replace("\u202f", " ").replace("\xa0", " "))


def _names(response) -> set[str]:
    """The project names listed in the portfolio table."""
    html = response.content.decode()
    return set(re.findall(r'<th scope="row"><a href="[^"]+/projets/\d+/">([^<]+)</a>', html))


def _form(**overrides):
    data = {
        "name": "Ressourcerie du Canal",
        "description": "Collecte et réemploi.",
        "status": ProjectStatus.ACTIVE,
        "started_on": "01/09/2024",
        "ended_on": "",
        "lead": "",
        "goals": ["social", "environmental"],
        "innovation": Innovation.SOCIAL,
        "study_kind": StudyKind.NONE,
        "budget_eur": "120 000,50",
        "jobs_created_fte": "1,5",
        "jobs_consolidated_fte": "",
        "new_activities": "",
        "new_enterprises": "0",
        "working_group": "",
    }
    data.update(overrides)
    return data


# --- Create and edit -------------------------------------------------------------------------


def test_create_a_project_with_its_partners(coordinator_client, pole, structures):
    bois, biocoop, _theatre, lab = structures
    response = coordinator_client.post(
        reverse("project-create", args=[pole.slug]),
        _form(lead=biocoop.pk, partners=[bois.pk, lab.pk]),
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("project-detail", args=[pole.slug, project.pk])
    assert project.budget_eur == Decimal("120000.50")
    assert project.jobs_created_fte == Decimal("1.5")
    assert project.jobs_consolidated_fte is None  # unknown, not 0
    assert project.new_enterprises == 0 and project.new_activities is None
    assert project.started_on == dt.date(2024, 9, 1)
    assert (project.goal_economic, project.goal_social, project.goal_environmental) == (
        False,
        True,
        True,
    )
    roles = dict(ProjectPartner.objects.values_list("organisation__name", "role"))
    assert roles == {
        "Biocoop du Canal": PartnerRole.LEAD,
        "Atelier Bois": PartnerRole.PARTNER,
        "Laboratoire LISST": PartnerRole.PARTNER,
    }
    assert AuditEntry.objects.filter(action="ptce.project.created").count() == 1

    # The edit form shows what was saved, the French way.
    html = coordinator_client.get(reverse("project-edit", args=[pole.slug, project.pk])).content
    html = html.decode()
    assert 'value="120000,50"' in html and 'value="01/09/2024"' in html
    assert re.search(rf'value="{biocoop.pk}"[^>]*selected', html)
    assert re.search(rf'type="checkbox" name="partners" value="{lab.pk}"[^>]*checked', html)
    assert re.search(r'type="checkbox" name="goals" value="social"[^>]*checked', html)
    assert not re.search(r'type="checkbox" name="goals" value="economic"[^>]*checked', html)


def test_edit_changes_lead_and_goals(coordinator_client, pole, structures, make_project):
    bois, biocoop, theatre, _lab = structures
    project = make_project(lead=bois, partners=(biocoop,), goal_economic=True)
    response = coordinator_client.post(
        reverse("project-edit", args=[pole.slug, project.pk]),
        _form(lead=theatre.pk, partners=[bois.pk], goals=[]),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.goals == []
    roles = dict(ProjectPartner.objects.values_list("organisation__name", "role"))
    assert roles == {"Compagnie Théâtre": PartnerRole.LEAD, "Atelier Bois": PartnerRole.PARTNER}


def test_tampered_partner_or_working_group_is_a_form_error(
    coordinator_client, pole, other_pole, structures
):
    foreign = Organisation.objects.create(pole=other_pole, name="Structure voisine")
    group = WorkingGroup.objects.create(pole=other_pole, theme="Voisins")
    url = reverse("project-create", args=[pole.slug])
    for data in (
        _form(partners=[structures[0].pk, foreign.pk]),
        _form(lead=foreign.pk),
        _form(working_group=group.pk),
    ):
        response = coordinator_client.post(url, data)
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Project.objects.exists()


def test_bad_numbers_and_dates_are_named(coordinator_client, pole):
    response = coordinator_client.post(
        reverse("project-create", args=[pole.slug]),
        _form(budget_eur="beaucoup", started_on="01/09/2024", ended_on="01/01/2024"),
    )
    html = response.content.decode()
    assert "Saisissez un nombre." in html
    assert "La fin précède le début." in html
    assert not Project.objects.exists()


# --- The portfolio ---------------------------------------------------------------------------


@pytest.fixture
def portfolio(structures, make_project):
    bois, biocoop, theatre, lab = structures
    return {
        "ressourcerie": make_project(
            "Ressourcerie",
            lead=bois,
            partners=(biocoop, lab),
            status=ProjectStatus.ACTIVE,
            started_on=dt.date(2022, 1, 1),
            budget_eur=Decimal("100000"),
            jobs_created_fte=Decimal("2"),
            jobs_consolidated_fte=Decimal("1"),
            innovation=Innovation.SOCIAL,
            goal_social=True,
            study_kind=StudyKind.ACTION_RESEARCH,
        ),
        "cantine": make_project(
            "Cantine bio",
            lead=biocoop,
            status=ProjectStatus.COMPLETED,
            started_on=dt.date(2019, 3, 1),
            ended_on=dt.date(2020, 6, 30),
            budget_eur=Decimal("50000.50"),
            jobs_created_fte=Decimal("0"),
            innovation=Innovation.NONE,
            goal_economic=True,
            goal_environmental=True,
        ),
        "festival": make_project(
            "Festival",
            partners=(theatre,),
            status=ProjectStatus.IDEA,
            goal_social=True,
        ),
        "atelier": make_project(
            "Atelier mobile",
            lead=theatre,
            status=ProjectStatus.ABANDONED,
            started_on=dt.date(2021, 5, 1),
            jobs_created_fte=Decimal("0.5"),
            innovation=Innovation.TECHNOLOGICAL,
        ),
    }


def test_portfolio_lists_lead_partners_and_totals_with_unknowns(client, make_user, pole, portfolio):
    client.force_login(make_user("obs", pole=pole, role="observer"))
    response = client.get(reverse("project-list", args=[pole.slug]))
    text = _text(response)
    assert response.status_code == 200
    assert _names(response) == {"Ressourcerie", "Cantine bio", "Festival", "Atelier mobile"}
    assert re.search(r"Ressourcerie En cours Atelier Bois 3 depuis le 01/01/2022", text)
    assert re.search(r"Festival En émergence non renseigné 1 ", text)
    totals = text[text.index("Total des projets listés") :]
    # Budgets known for 2 projects, unknown for 2; jobs created known for 3 (one is 0).
    assert "150 000,50 (non renseigné pour 2 projets)" in totals
    assert "2,50 (non renseigné pour 1 projet)" in totals
    assert "1 (non renseigné pour 3 projets)" in totals
    assert reverse("project-create", args=[pole.slug]) not in response.content.decode()


def test_totals_when_nothing_is_known(coordinator_client, pole, make_project):
    make_project("A")
    make_project("B")
    text = _text(coordinator_client.get(reverse("project-list", args=[pole.slug])))
    totals = text[text.index("Total des projets listés") :]
    assert totals.count("non renseigné pour 2 projets") == 3
    assert " 0,00 " not in totals


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "active"}, {"Ressourcerie"}),
        ({"innovation": "social"}, {"Ressourcerie"}),
        ({"innovation": "none"}, {"Cantine bio"}),
        ({"innovation": "unknown"}, {"Festival"}),
        ({"goal": "social"}, {"Ressourcerie", "Festival"}),
        ({"goal": "environmental"}, {"Cantine bio"}),
        ({"study_kind": "action_research"}, {"Ressourcerie"}),
        ({"year": "2020"}, {"Cantine bio"}),
        # Abandoned without an end date: counted for its start year only.
        ({"year": "2021"}, {"Atelier mobile"}),
        ({"year": "2023"}, {"Ressourcerie"}),
        ({"goal": "social", "status": "idea"}, {"Festival"}),
    ],
)
def test_filters_narrow_the_portfolio(coordinator_client, pole, portfolio, query, expected):
    response = coordinator_client.get(reverse("project-list", args=[pole.slug]), query)
    assert _names(response) == expected


def test_structure_filter_and_htmx(coordinator_client, pole, portfolio, structures):
    url = reverse("project-list", args=[pole.slug])
    lab = structures[3]
    response = coordinator_client.get(url, {"structure": lab.pk})
    assert _names(response) == {"Ressourcerie"}
    # Only the structures involved in a project are offered.
    assert f'<option value="{lab.pk}"' in response.content.decode()
    partial = coordinator_client.get(url, {"structure": lab.pk}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert _names(partial) == {"Ressourcerie"}
    # The totals follow the filter.
    assert "100 000,00" in _text(partial)


def test_unknown_filter_value_is_reported_and_ignored(coordinator_client, pole, portfolio):
    response = coordinator_client.get(
        reverse("project-list", args=[pole.slug]), {"status": "nimporte", "goal": "social"}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert _names(response) == {"Ressourcerie", "Festival"}


@pytest.mark.parametrize("count", [5, 50])
def test_portfolio_query_count_is_bounded(
    coordinator_client, pole, structures, make_project, count, django_assert_max_num_queries
):
    for i in range(count):
        make_project(
            f"Projet {i:02d}",
            lead=structures[i % 4],
            partners=tuple(s for s in structures if s != structures[i % 4])[: i % 3],
            started_on=dt.date(2018 + i % 7, 1, 1),
            budget_eur=Decimal(i * 1000) if i % 2 else None,
        )
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(reverse("project-list", args=[pole.slug]))
    assert len(_names(response)) == count


# --- Detail and isolation --------------------------------------------------------------------


def test_detail_shows_partners_with_membership_and_unknowns(
    client, make_user, pole, structures, make_project
):
    bois, _biocoop, _theatre, lab = structures
    project = make_project("Ressourcerie", lead=bois, partners=(lab,), budget_eur=None)
    client.force_login(make_user("financeur", pole=pole, role="funder"))
    text = _text(client.get(reverse("project-detail", args=[pole.slug, project.pk])))
    assert "Atelier Bois Chef de file" in text
    assert re.search(r"Atelier Bois Chef de file .*? oui", text)
    assert re.search(r"Laboratoire LISST Partenaire .*? non", text)
    assert "Budget non renseigné" in text
    assert "Emplois créés non renseigné" in text


def test_another_poles_project_answers_404(coordinator_client, pole, other_pole, make_project):
    foreign = make_project("Voisin", target_pole=other_pole)
    for name in ("project-detail", "project-edit"):
        response = coordinator_client.get(reverse(name, args=[pole.slug, foreign.pk]))
        assert response.status_code == 404
    response = coordinator_client.post(
        reverse("project-edit", args=[pole.slug, foreign.pk]), _form(name="Volé")
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Voisin"


def test_members_cannot_create_projects(client, make_user, pole):
    client.force_login(make_user("membre", pole=pole, role="member"))
    assert client.get(reverse("project-list", args=[pole.slug])).status_code == 200
    response = client.post(reverse("project-create", args=[pole.slug]), _form())
    assert response.status_code == 403
    assert not Project.objects.exists()
