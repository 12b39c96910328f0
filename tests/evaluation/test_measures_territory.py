"""A1.1, A1.2, A1.3 and A3.2 on « Pôle Mesure » (see measures_helpers), and when they cannot be
measured."""

from __future__ import annotations

import math

import pytest
from measures_helpers import T1, build, commune, measure, member, organisation

from ptce.registry.models import MembershipRole, OrganisationYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def test_a1_1_share_of_members_in_the_territory(mesure):
    # Members A (T1), B (T2), C (OUT), D (no commune: left out), E (T1): 3 of 4 known → 75 %,
    # exactly on the boundary: the upper band [75, 90) scores 3.
    result = measure(mesure.pole, "A1.1")
    assert (result.value, result.unit, result.score, result.band) == (
        75.0,
        "percent",
        3,
        "[75, 90)",
    )
    assert result.missing == ""


def test_a1_2_share_of_members_jobs_in_the_territory(mesure):
    # Latest FTE up to 2025: A 6 (T1), B 2 (T2), C 2.45 (OUT); D's 10 FTE have no commune, E
    # has no FTE: in the territory 6 + 2 = 8 of 6 + 2 + 2.45 = 10.45 → 76.5550 %.
    result = measure(mesure.pole, "A1.2")
    assert result.value == pytest.approx(800 / 10.45, abs=1e-6)
    assert result.score == 3


def test_a1_3_counts_each_local_authority_once(mesure):
    # E (a commune, partner member and partner of the active P1), K (communauté de communes,
    # funder in 2023) and « Région Occitanie » (named grant lines of 2023 and 2024, folded
    # into one) → 3. Not counted: I (a CCAS is no authority), L (funder in 2021, before the
    # 36 months from 01/07/2022), the State (a grant_state line). 3 is the lower bound of ≥ 3.
    result = measure(mesure.pole, "A1.3")
    assert (result.value, result.unit, result.score, result.band) == (3.0, "count", 4, "≥ 3")


def test_a1_3_an_authority_partner_of_an_active_project_counts(mesure):
    # L becomes a partner of P1 (active on ON): 4.
    from ptce.projects.models import ProjectPartner

    ProjectPartner.objects.create(
        pole=mesure.pole, project=mesure.projects["P1"], organisation=mesure.orgs["L"]
    )
    assert measure(mesure.pole, "A1.3").value == 4.0


def test_a1_3_the_funder_of_a_local_grant_is_an_authority(mesure):
    # A département recorded without legal category grants a subsidy in 2023: counted (4); the
    # same name typed on a 2024 line is the same authority (still 4).
    from decimal import Decimal

    from ptce.economics.models import FundingLine

    departement = organisation(mesure.pole, "Département de la Dune", legal="")
    for year, funder, name in [(2023, departement, ""), (2024, None, "Département de la dune")]:
        FundingLine.objects.create(
            pole=mesure.pole,
            year=year,
            source_kind="grant_departement",
            funder=funder,
            funder_name=name,
            label="Subvention",
            amount=Decimal(1000),
        )
    assert measure(mesure.pole, "A1.3").value == 4.0


def test_a3_2_normalised_entropy_of_the_naf_sections(mesure):
    # Sections Q (A, D), A (B), I (C), O (E): p = 0.4, 0.2, 0.2, 0.2;
    # H = −(0.4 ln 0.4 + 3 × 0.2 ln 0.2) = 1.332179; normalised by ln 5 = 1.609438 → 0.827729.
    expected = -(0.4 * math.log(0.4) + 3 * 0.2 * math.log(0.2)) / math.log(5)
    result = measure(mesure.pole, "A3.2")
    assert result.value == pytest.approx(expected, abs=1e-6)
    assert (result.unit, result.score, result.band) == ("index", 4, "≥ 0.8")


def test_a3_2_members_whose_naf_is_unknown_are_left_out(mesure):
    # D loses its NAF code: Q, A, I, O once each → maximal diversity of 4 members, 1.0.
    mesure.orgs["D"].naf_code = ""
    mesure.orgs["D"].save()
    assert measure(mesure.pole, "A3.2").value == 1.0


# --- not measurable ------------------------------------------------------------------------------


def test_without_territory_the_location_indicators_say_so(mesure):
    mesure.pole.communes.clear()
    for code in ("A1.1", "A1.2"):
        result = measure(mesure.pole, code)
        assert result.value is None and result.score is None and result.band is None
        assert "territoire du pôle non renseigné" in result.missing


def test_without_members_nothing_territorial_is_measured(make_pole):
    pole = make_pole("vide")
    pole.communes.set([commune(T1)])
    expected = {
        "A1.1": "aucune structure membre à cette date",
        "A1.2": "aucune structure membre à cette date",
        "A1.3": "aucune structure membre à cette date : le registre du pôle est vide",
        "A3.2": "aucune structure membre à cette date",
    }
    for code, missing in expected.items():
        result = measure(pole, code)
        assert (result.value, result.score, result.missing) == (None, None, missing), code


def test_members_without_commune_or_fte(make_pole):
    pole = make_pole("flou")
    pole.communes.set([commune(T1)])
    a = organisation(pole, "Sans commune", naf="88.10C")
    b = organisation(pole, "Sans commune non plus", naf="")
    member(pole, a)
    member(pole, b, role=MembershipRole.PARTNER)
    assert measure(pole, "A1.1").missing == "aucune commune renseignée pour les structures membres"
    assert measure(pole, "A1.2").missing == "aucun ETP renseigné pour les structures membres"
    # One known NAF section is not a distribution.
    missing = measure(pole, "A3.2").missing
    assert missing == "code NAF renseigné pour moins de deux structures membres"


def test_a1_2_commune_and_fte_on_different_members(make_pole):
    pole = make_pole("disjoint")
    pole.communes.set([commune(T1)])
    located = organisation(pole, "Localisée", code=T1)
    sized = organisation(pole, "Chiffrée")
    member(pole, located)
    member(pole, sized)
    OrganisationYear.objects.create(pole=pole, organisation=sized, year=2024, fte=3)
    result = measure(pole, "A1.2")
    assert result.value is None
    assert result.missing == (
        "aucune structure membre dont la commune et l'ETP sont tous deux renseignés"
    )
    # A known FTE of 0 everywhere is no job to place: not a share of 0 %.
    OrganisationYear.objects.create(pole=pole, organisation=located, year=2024, fte=0)
    OrganisationYear.objects.filter(organisation=sized).delete()
    result = measure(pole, "A1.2")
    assert result.value is None
    assert result.missing == "les ETP renseignés pour les structures membres sont tous nuls"


def test_a1_3_is_a_real_zero_when_no_authority_is_involved(make_pole):
    pole = make_pole("sans-collectivite")
    member(pole, organisation(pole, "Association seule"))
    result = measure(pole, "A1.3")
    assert (result.value, result.score, result.missing) == (0.0, 0, "")
