"""The network and governance indicators B1.3, A3.3, C2.3, B2.2, B2.3 and B2.4 come from
`ptce.network.indicators`: checked here on « Pôle Mesure » (see measures_helpers) by hand, in
the référentiel's units."""

from __future__ import annotations

import pytest
from django_scopes import scope
from measures_helpers import ON, build, measure, member, organisation, scored

from ptce.network import indicators as network_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def test_b1_3_density_of_the_cooperation_graph(mesure):
    # Members A, B, C, D, E; from 01/07/2024: P1 ties A–E (F is no member), PL1 ties A–C (C
    # left it on 31/12/2024); P5, P7 and PL3 have a single member → 2 ties of 5 × 4 / 2 = 10:
    # 0.2, lower bound of [0.2, 0.35).
    result = measure(mesure.pole, "B1.3")
    assert scored(result) == (0.2, 3, "[0.2, 0.35)", "")
    assert result.unit == "ratio"


def test_a3_3_cross_sector_share_in_percent(mesure):
    # A–E (Q–O) and A–C (Q–I) both cross sections → 100 %, scored in the référentiel's %.
    result = measure(mesure.pole, "A3.3")
    assert scored(result) == (100.0, 4, "≥ 60", "")
    with scope(pole=mesure.pole):
        share = network_indicators.a3_3_cross_sector(mesure.pole, on=ON, months=12).value
    assert result.value == share * 100


def test_c2_3_decloisonnement(mesure):
    # Meetings count too: M1 ties A–B. Ties A–E (ESS–public), A–C (ESS–non-ESS) cross
    # families, A–B (ESS–ESS) does not: E–I = (2 − 1) / 3, (1/3 + 1) / 2 = 0.666667.
    result = measure(mesure.pole, "C2.3")
    assert result.value == pytest.approx(2 / 3, abs=1e-6)
    assert (result.score, result.band) == (4, "≥ 0.65")


def test_b2_2_b2_3_b2_4_governance(mesure):
    # Current seats: Alice (A, woman, chair), Zoé (in her own name, woman), Denis and David
    # (D, men); Bruno's ended on 31/12/2024.
    # B2.2: 1 natural person of 4 seats → 25 %.
    assert scored(measure(mesure.pole, "B2.2")) == (25.0, 3, "[20, 33)", "")
    # B2.3: 2 women, 2 men → 2 × 2 / 4 = 1.
    assert scored(measure(mesure.pole, "B2.3")) == (1.0, 4, "≥ 0.9", "")
    # B2.4: small seats (A: 6 FTE, Zoé) 2 / 4 = 0.5; small members A, B, C of the 4 of known
    # FTE (D has 10, E unknown) = 0.75 → 0.5 / 0.75 = 0.666667.
    result = measure(mesure.pole, "B2.4")
    assert result.value == pytest.approx(2 / 3, abs=1e-6)
    assert (result.unit, result.score, result.band) == ("ratio", 2, "[0.5, 0.75)")


def test_not_measurable_network_and_governance(make_pole):
    pole = make_pole("vide")
    expected = {
        "B1.3": "moins de deux structures membres",
        "A3.3": "moins de deux structures membres",
        "C2.3": "moins de deux structures membres",
        "B2.2": "aucun siège occupé à cette date",
        "B2.3": "aucun siège occupé à cette date",
        "B2.4": "aucun membre à cette date",
    }
    for code, missing in expected.items():
        result = measure(pole, code)
        assert (result.value, result.score, result.missing) == (None, None, missing), code


def test_members_without_cooperation(make_pole):
    pole = make_pole("isoles")
    for name in ("Un", "Deux"):
        member(pole, organisation(pole, name))
    result = measure(pole, "B1.3")
    assert result.value is None
    assert result.missing == (
        "aucun projet, aucune mutualisation ni aucun groupe de travail des membres sur la période"
    )
