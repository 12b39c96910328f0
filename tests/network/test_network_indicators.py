"""The référentiel's indicators B1.3, A3.3, C2.3, B2.2, B2.3 and B2.4 of a pole."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from network_helpers import ON

from ptce.network import indicators
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import Membership, Organisation
from ptce_analytics import governance, network


def test_every_indicator_takes_a_pole_a_date_and_a_window():
    assert set(indicators.INDICATORS) == {"B1.3", "A3.3", "C2.3", "B2.2", "B2.3", "B2.4"}
    for function in indicators.INDICATORS.values():
        parameters = inspect.signature(function).parameters
        assert list(parameters) == ["pole", "on", "months"]
        assert parameters["on"].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters["months"].default == 12


def test_density_b1_3(etoile):
    result = indicators.b1_3_density(etoile.pole, on=ON)
    assert isinstance(result, network.NetworkIndicator)
    assert result.code == "B1.3"
    # The four projects of the star and the working group A–D; meetings stay out.
    assert result.ties == 5
    assert result.members == 6
    assert result.value == pytest.approx(5 / 15)
    assert result.start == dt.date(2024, 1, 1)
    assert result.missing is None


def test_cross_sector_a3_3(etoile):
    # H (Q) with A (I), B (I) and D (M), and A with D: all across sections; C has no NAF.
    assert indicators.a3_3_cross_sector(etoile.pole, on=ON).value == 1.0
    # In 2019 the only cooperation was the old project of A and B, both restaurants (I).
    assert indicators.a3_3_cross_sector(etoile.pole, on=dt.date(2019, 6, 30)).value == 0.0


def test_decloisonnement_c2_3(etoile):
    result = indicators.c2_3_decloisonnement(etoile.pole, on=ON)
    # Ties: H–A within ESS; H–B, H–C, H–D, A–B (seminar), A–D (group) across: E = 5, I = 1.
    assert result.value == pytest.approx(((5 - 1) / 6 + 1) / 2)


def test_network_indicators_not_measurable_without_any_group(etoile):
    # 2016: members, but no project, pooling, group or meeting yet.
    on = dt.date(2016, 12, 31)
    b13 = indicators.b1_3_density(etoile.pole, on=on)
    assert b13.value is None
    assert b13.missing == "no project, pooling or working group of the members in the window"
    assert indicators.c2_3_decloisonnement(etoile.pole, on=on).missing == (
        "no cooperation tie in the window"
    )
    assert indicators.a3_3_cross_sector(etoile.pole, on=on).value is None


def test_network_indicators_not_measurable_below_two_members(make_pole):
    pole = make_pole("pole-seul")
    alone = Organisation.objects.create(pole=pole, name="Seule")
    Membership.objects.create(pole=pole, organisation=alone)
    for code in ("B1.3", "A3.3", "C2.3"):
        result = indicators.INDICATORS[code](pole, on=ON)
        assert result.value is None
        assert result.missing == "fewer than 2 member structures"


def test_cross_sector_needs_known_sections(make_pole):
    pole = make_pole("pole-sans-naf")
    organisations = [Organisation.objects.create(pole=pole, name=name) for name in "XY"]
    project = Project.objects.create(
        pole=pole, name="P", status=ProjectStatus.ACTIVE, started_on=dt.date(2024, 3, 1)
    )
    for organisation in organisations:
        Membership.objects.create(pole=pole, organisation=organisation)
        ProjectPartner.objects.create(
            pole=pole, project=project, organisation=organisation, role=PartnerRole.PARTNER
        )
    result = indicators.a3_3_cross_sector(pole, on=ON)
    assert result.value is None
    assert result.missing == "no cooperation tie between members whose NAF section is known"
    # The same pole has a density.
    assert indicators.b1_3_density(pole, on=ON).value == 1.0


def test_governance_indicators(etoile):
    citizens = indicators.b2_2_natural_person_seats(etoile.pole, on=ON)
    assert isinstance(citizens, governance.NaturalPersonShare)
    assert (citizens.seats, citizens.natural_person_seats, citizens.share) == (4, 1, 0.25)
    parity = indicators.b2_3_parity(etoile.pole, on=ON)
    assert (parity.women, parity.men, parity.undeclared) == (2, 1, 1)
    assert parity.index == pytest.approx(2 / 3)
    assert parity.chair_index == 0.0
    shared = indicators.b2_4_shared_power(etoile.pole, on=ON)
    # Seats of known size: H (25 FTE), A (3 FTE), Zoé; small ones: A and Zoé → 2/3.
    # Members of known size: H and A; small: A → 1/2. Ratio 4/3, capped at 1.
    assert shared.seat_share == pytest.approx(2 / 3)
    assert shared.member_share == 0.5
    assert shared.uncapped_ratio == pytest.approx(4 / 3)
    assert shared.ratio == 1.0
    # In 2013 only the first chair sat.
    assert indicators.b2_3_parity(etoile.pole, on=dt.date(2013, 6, 30)).men == 1


def test_governance_indicators_not_measurable_without_seats(make_pole):
    pole = make_pole("pole-sans-instance")
    assert indicators.b2_2_natural_person_seats(pole, on=ON).missing == "no current seat"
    assert indicators.b2_3_parity(pole, on=ON).index is None
    assert indicators.b2_4_shared_power(pole, on=ON).missing == "no member"


@pytest.mark.parametrize("code", sorted(indicators.INDICATORS))
def test_each_indicator_runs_a_few_queries(etoile, django_assert_max_num_queries, code):
    with django_assert_max_num_queries(5):
        indicators.INDICATORS[code](etoile.pole, on=ON)
