"""`ptce economics`: the mix, the trends and a stress projection, as text or JSON."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ptce_analytics.economics import DEFINITIONS


def _run(*args: str) -> str:
    out = StringIO()
    call_command("economics", *args, stdout=out)
    return out.getvalue()


def test_json_of_one_year(eco_pole):
    document = json.loads(_run("--pole", "eco", "--year", "2024", "--json"))
    assert document["pole"] == "eco"
    assert document["stress"] is None
    assert document["definitions"] == DEFINITIONS
    [year] = document["years"]
    # Hand-computed in the eco_pole fixture.
    assert year["year"] == 2024
    assert year["budget"] == 100000.0
    assert year["public_share"] == pytest.approx(0.6)
    assert year["own_share"] == pytest.approx(0.4)
    assert year["diversification"] == pytest.approx(0.725)
    assert year["multi_year_public_share"] == pytest.approx(2 / 3)
    assert year["volunteering_value"] == 3000.0
    assert year["volunteering_hours"] == 150.0
    assert year["in_kind_value"] == 9000.0
    assert year["loans"] == 30000.0 and year["investment"] == 15000.0
    assert year["by_kind"] == {
        "dues": 15000.0, "grant_region": 40000.0, "grant_epci": 20000.0, "own_revenue": 25000.0,
    }  # fmt: skip
    assert document["funders"][f"org:{eco_pole.a.pk}"] == "Atelier A"
    assert document["funders"]["region occitanie"] == "Région Occitanie"


def test_json_of_every_year_with_nulls_for_what_is_not_measurable(eco_pole):
    document = json.loads(_run("--pole", "eco", "--json"))
    assert [y["year"] for y in document["years"]] == [2023, 2024]
    y2023 = document["years"][0]
    assert y2023["volunteering_hours"] == 40.0
    assert y2023["volunteering_value"] is None  # no rate for 2023
    assert y2023["volunteering_share"] is None
    assert document["trends"]["budget_change_pct"] == pytest.approx(150.0)
    assert document["trends"]["public_share_change_pp"] == pytest.approx(-20.0)


def test_a_year_without_data_is_null(eco_pole):
    document = json.loads(_run("--pole", "eco", "--year", "2030", "--json"))
    [year] = document["years"]
    assert year["budget"] is None and year["public_share"] is None
    assert year["by_kind"] == {}


@pytest.mark.parametrize(
    ("spec", "gaps", "total"),
    [
        # See test_economics_dashboard.py for the arithmetic of each case.
        ("public:-50", [40000.0, 60000.0, 60000.0], 160000.0),
        ("grant-ends:Région Occitanie", [60000.0, 60000.0, 60000.0], 180000.0),
        ("member-leaves:org:{a}", [30000.0, 70000.0, 70000.0], 170000.0),
    ],
)
def test_stress_projection_in_json(eco_pole, spec, gaps, total):
    spec = spec.format(a=eco_pole.a.pk)
    document = json.loads(_run("--pole", "eco", "--stress", spec, "--json"))
    stress = document["stress"]
    assert stress["base_year"] == 2024  # the last year with a budget
    assert [y["year"] for y in stress["years"]] == [2025, 2026, 2027]
    assert [y["gap"] for y in stress["years"]] == gaps
    assert [y["needs"] for y in stress["years"]] == [100000.0] * 3
    assert stress["total_gap"] == total


def test_grant_ends_by_line_id(eco_pole):
    line = eco_pole.lines.epci
    document = json.loads(
        _run("--pole", "eco", "--year", "2024", "--stress", f"grant-ends:{line.pk}", "--json")
    )
    # The EPCI's agreement ends 31/12/2024 anyway: the scenario changes nothing.
    assert document["stress"]["total_gap"] == 140000.0


def test_text_output(eco_pole):
    text = _run("--pole", "eco", "--stress", "public:-50")
    assert "Pôle Éco (eco) — modèle économique" in text
    assert "Exercice 2023" in text and "Exercice 2024" in text
    assert "volunteering_value: non mesurable" in text
    assert "budget: 100000" in text
    assert "Projection depuis 2024, scénario public:-50" in text
    assert "2025: needs=100000" in text and "gap=40000" in text
    assert "total_gap: 160000" in text


def test_unknown_pole_is_a_usage_error(db):
    with pytest.raises(CommandError) as caught:
        _run("--pole", "nulle-part")
    assert caught.value.returncode == 2
    assert "Pôle « nulle-part » introuvable" in str(caught.value)


@pytest.mark.parametrize("spec", ["tout-va-mal", "public:+10", "public:-150"])
def test_unreadable_scenario(eco_pole, spec):
    with pytest.raises(CommandError) as caught:
        _run("--pole", "eco", "--stress", spec)
    assert caught.value.returncode == 2
    assert "illisible" in str(caught.value)


def test_scenario_matching_nothing_lists_the_funders(eco_pole):
    with pytest.raises(CommandError) as caught:
        _run("--pole", "eco", "--stress", "member-leaves:Personne")
    message = str(caught.value)
    assert caught.value.returncode == 2
    assert f"org:{eco_pole.a.pk} (Atelier A)" in message


def test_projection_from_a_year_without_budget(eco_pole):
    with pytest.raises(CommandError) as caught:
        _run("--pole", "eco", "--year", "2030", "--stress", "public:-10")
    assert caught.value.returncode == 2


def test_empty_pole(make_pole):
    make_pole("vide")
    assert json.loads(_run("--pole", "vide", "--json"))["years"] == []
    assert "Aucune donnée économique saisie." in _run("--pole", "vide")
