"""The economic indicators C1.1, C1.2 (members' growth), C1.3, C1.4, C2.2 and C2.4 (the pole's
resources) on « Pôle Mesure » (see measures_helpers), and when they cannot be measured."""

from __future__ import annotations

from decimal import Decimal

import pytest
from measures_helpers import build, measure, member, organisation, scored

from ptce.economics.models import FundingLine
from ptce.registry.models import OrganisationYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def test_c1_1_growth_of_members_fte_same_members(mesure):
    # 2021 → 2024, members with both figures: A 5 → 6, B 2 → 2, C 4 → 2.45; D (2024 only)
    # and H (no longer a member) are left out: (10.45 − 11) / 11 = −5 %, lower bound of
    # [−5, 0).
    result = measure(mesure.pole, "C1.1")
    assert scored(result) == (-5.0, 1, "[−5, 0)", "")


def test_c1_2_growth_of_members_turnover(mesure):
    # Only A has both turnovers: 100 000 → 130 000 = +30 %.
    assert scored(measure(mesure.pole, "C1.2")) == (30.0, 4, "≥ 15", "")


def test_resources_of_the_last_complete_year(mesure):
    # 2024 budget (operating, loans out): dues A 2 000 + C 1 000, own revenue 7 000, Région
    # 20 000, State 10 000, CCAS 10 000 = 50 000; the investment grant and the loan stay out.
    # C1.3: (3 000 + 7 000) / 50 000 = 20 %.
    assert scored(measure(mesure.pole, "C1.3")) == (20.0, 1, "[10, 25)", "")
    # C1.4: shares 0.04, 0.02, 0.14, 0.4, 0.2, 0.2 → 1 − (0.0016 + 0.0004 + 0.0196 + 0.16
    # + 0.04 + 0.04) = 0.7384.
    result = measure(mesure.pole, "C1.4")
    assert result.value == pytest.approx(0.7384, abs=1e-9)
    assert (result.unit, result.score, result.band) == ("index", 3, "[0.65, 0.8)")
    # C2.2: public 40 000 / 50 000 = 80 %: a high public share scores low.
    assert scored(measure(mesure.pole, "C2.2")) == (80.0, 1, "[70, 85)", "")
    # C2.4: Région (24 months) 20 000 + CCAS (24 months) 10 000 of 40 000 public = 75 %.
    assert scored(measure(mesure.pole, "C2.4")) == (75.0, 4, "≥ 75", "")


def test_c2_2_exactly_on_a_boundary_falls_in_the_upper_band(mesure):
    # Public 40 000 of 100 000: 40 % is the lower bound of [40, 55), which scores 3.
    FundingLine.objects.create(
        pole=mesure.pole,
        year=2024,
        source_kind="own_revenue",
        label="Ventes",
        amount=Decimal(50_000),
    )
    assert scored(measure(mesure.pole, "C2.2")) == (40.0, 3, "[40, 55)", "")


# --- not measurable ------------------------------------------------------------------------------


def test_growth_needs_both_years(make_pole):
    pole = make_pole("sans-chiffres")
    structure = organisation(pole, "Seule")
    member(pole, structure)
    OrganisationYear.objects.create(pole=pole, organisation=structure, year=2024, fte=3)
    assert measure(pole, "C1.1").missing == (
        "aucune structure membre dont l'ETP est renseigné à la fois pour 2021 et 2024"
    )
    assert measure(pole, "C1.2").missing == (
        "aucune structure membre dont le chiffre d'affaires est renseigné à la fois pour 2021 "
        "et 2024"
    )
    OrganisationYear.objects.create(pole=pole, organisation=structure, year=2021, fte=0)
    result = measure(pole, "C1.1")
    assert result.value is None
    assert result.missing == "l'ETP des structures membres est nul en 2021"
    assert measure(make_pole("vide"), "C1.1").missing == "aucune structure membre à cette date"


def test_resources_need_a_budget(make_pole):
    pole = make_pole("sans-budget")
    FundingLine.objects.create(
        pole=pole, year=2025, source_kind="dues", label="Cotisations", amount=Decimal(500)
    )
    FundingLine.objects.create(
        pole=pole, year=2024, source_kind="loan", label="Prêt", amount=Decimal(5000)
    )
    missing = (
        "aucune ligne de financement de fonctionnement pour le dernier exercice complet (2024)"
    )
    for code in ("C1.3", "C1.4", "C2.2", "C2.4"):
        result = measure(pole, code)
        assert (result.value, result.score, result.missing) == (None, None, missing), code


def test_c2_4_needs_public_money(make_pole):
    pole = make_pole("sans-public")
    FundingLine.objects.create(
        pole=pole, year=2024, source_kind="dues", label="Cotisations", amount=Decimal(500)
    )
    result = measure(pole, "C2.4")
    assert result.value is None
    assert result.missing == "aucun financement public pour le dernier exercice complet (2024)"
    # No public money at all is a measured 0 % of public share: the best score.
    assert scored(measure(pole, "C2.2")) == (0.0, 4, "[0, 40)", "")
    assert scored(measure(pole, "C1.3")) == (100.0, 4, "≥ 60", "")
