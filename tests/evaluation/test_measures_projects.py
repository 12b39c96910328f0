"""The project-portfolio indicators A2.1, A2.2, A2.3, A3.1, C3.2, C3.3 and the partner counts
C2.1 and C3.1 on « Pôle Mesure » (see measures_helpers), and when they cannot be measured."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from measures_helpers import build, measure, member, organisation, project, scored

from ptce.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def test_a2_1_jobs_of_the_projects_of_the_last_36_months(mesure):
    # From 01/07/2022: P1 2 + 1, P2 unknown (left out), P5 0.5, P7 unknown → 3.5 FTE. P3
    # (2019–2020, 10 FTE) is older; P4 has no dates.
    assert scored(measure(mesure.pole, "A2.1")) == (3.5, 2, "[2, 5)", "")
    assert measure(mesure.pole, "A2.1").unit == "fte"


def test_a2_1_window_is_the_referentials_36_months_whatever_months_asked(mesure):
    assert measure(mesure.pole, "A2.1", months=12).value == 3.5


def test_a2_2_new_activities_and_enterprises(mesure):
    # P1 1 activity, P5 0 activity + 1 enterprise; P2 and P7 unknown → 2, lower bound of [2, 3).
    assert scored(measure(mesure.pole, "A2.2")) == (2.0, 2, "[2, 3)", "")


def test_a2_3_environmental_share_of_active_projects(mesure):
    # Active on 30/06/2025: P1 (economic, environmental), P5 (no goal ticked: left out), P7
    # (social) → 1 of 2 = 50 %: on the boundary, the band ≥ 50 scores 4.
    assert scored(measure(mesure.pole, "A2.3")) == (50.0, 4, "≥ 50", "")


def test_a3_1_multidimensional_share_of_active_projects(mesure):
    # P1 has two goals, P7 one → 1 of 2 = 50 %, lower bound of [50, 75).
    assert scored(measure(mesure.pole, "A3.1")) == (50.0, 3, "[50, 75)", "")


def test_a_project_completed_since_was_active_on_an_earlier_date(mesure):
    # On 01/01/2023 P2 (completed since) was running; P1 starts that day, P5 and P7 later:
    # P1 (environmental) and P2 (social) → 50 %; P2 alone has one goal → A3.1 = 50 %.
    day = dt.date(2023, 1, 1)
    assert measure(mesure.pole, "A2.3", on=day).value == 50.0
    assert measure(mesure.pole, "A3.1", on=day).value == 50.0


def test_c3_2_studies_and_research_of_the_last_36_months(mesure):
    # P2 (study, 2022–2023) and P5 (action research) → 2; P3 (R&D, 2019–2020) is older and
    # P4 (evaluation) an idea without dates.
    assert scored(measure(mesure.pole, "C3.2")) == (2.0, 2, "[2, 3)", "")


def test_c3_3_innovative_projects_of_the_last_36_months(mesure):
    # P1 social → 1; P2 and P7 "none"; P5 unknown (left out); P3 technological but older.
    assert scored(measure(mesure.pole, "C3.3")) == (1.0, 1, "[1, 2)", "")


def test_c2_1_non_ess_enterprises_among_members_and_partners(mesure):
    # Members: C (SARL). Partners of the projects of the last 12 months (P1, P5, P7): none
    # more → 1. Over 36 months P2 counts too, and its partner G (SAS) → 2.
    assert scored(measure(mesure.pole, "C2.1")) == (1.0, 1, "[1, 2)", "")
    assert scored(measure(mesure.pole, "C2.1", months=36)) == (2.0, 2, "[2, 3)", "")


def test_c3_1_research_and_training_bodies(mesure):
    # F (university, partner of P1, which runs in the 12 months) and T (training, present at
    # the seminar of 01/02/2025) → 2; U was present only in 2023.
    assert scored(measure(mesure.pole, "C3.1")) == (2.0, 2, "[2, 3)", "")


def test_c3_1_a_research_member_counts(mesure):
    member(mesure.pole, mesure.orgs["U"])
    assert measure(mesure.pole, "C3.1").value == 3.0


# --- not measurable, and real zeros --------------------------------------------------------------


def test_counts_need_a_registry(make_pole):
    pole = make_pole("vide")
    for code in ("A2.1", "A2.2", "C2.1", "C3.1", "C3.2", "C3.3"):
        result = measure(pole, code)
        assert result.value is None and result.score is None, code
        assert (
            result.missing == "aucune structure membre à cette date : le registre du pôle est vide"
        )


def test_no_project_is_a_real_zero(make_pole):
    pole = make_pole("sans-projet")
    member(pole, organisation(pole, "Seule"))
    for code in ("A2.1", "A2.2", "C2.1", "C3.1", "C3.2", "C3.3"):
        assert scored(measure(pole, code))[:2] == (0.0, 0), code


def test_unknown_project_figures_are_not_measurable(make_pole):
    pole = make_pole("inconnu")
    structure = organisation(pole, "Porteuse")
    member(pole, structure)
    project(
        pole,
        "Projet muet",
        [structure],
        status=ProjectStatus.ACTIVE,
        started_on=dt.date(2024, 1, 1),
    )
    assert measure(pole, "A2.1").missing == (
        "emplois créés ou consolidés non renseignés pour les projets des 36 derniers mois"
    )
    assert measure(pole, "A2.2").missing == (
        "activités ou entreprises créées non renseignées pour les projets des 36 derniers mois"
    )
    assert measure(pole, "C3.3").missing == (
        "caractère innovant non renseigné pour les projets des 36 derniers mois"
    )
    # Goals not ticked: not measurable, not 0 %.
    for code in ("A2.3", "A3.1"):
        assert measure(pole, code).missing == (
            "finalités (économique, sociale, environnementale) non renseignées pour les "
            "projets actifs"
        )
    # Known at last: a figure of 0 is measured as 0.
    Project.objects.filter(pole=pole).update(
        jobs_created_fte=Decimal(0), new_enterprises=0, innovation="none", goal_social=True
    )
    assert scored(measure(pole, "A2.1"))[:2] == (0.0, 0)
    assert scored(measure(pole, "A2.2"))[:2] == (0.0, 0)
    assert scored(measure(pole, "C3.3"))[:2] == (0.0, 0)
    assert scored(measure(pole, "A2.3"))[:2] == (0.0, 0)


def test_no_active_project(make_pole):
    pole = make_pole("fini")
    structure = organisation(pole, "Porteuse")
    member(pole, structure)
    project(
        pole,
        "Projet fini",
        [structure],
        status=ProjectStatus.COMPLETED,
        started_on=dt.date(2020, 1, 1),
        ended_on=dt.date(2021, 1, 1),
        goal_social=True,
    )
    for code in ("A2.3", "A3.1"):
        result = measure(pole, code)
        assert (result.value, result.missing) == (None, "aucun projet actif à cette date")
