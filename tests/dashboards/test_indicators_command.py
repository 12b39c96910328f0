"""`ptce indicators`: every metric of a family, with its definition and the period."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ptce.meetings.management.commands.indicators import FAMILIES, parse_day
from ptce_analytics import execution, mobilisation

DEFINITIONS = {"mobilisation": mobilisation.DEFINITIONS, "execution": execution.DEFINITIONS}


def _run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("family", ["mobilisation", "execution"])
def test_json_lists_every_defined_metric_with_its_definition(coop, family):
    document = json.loads(_run("--pole", "coop", "--family", family, "--json"))
    assert document["pole"] == "coop"
    assert document["family"] == family
    keys = [metric["key"] for metric in document["metrics"]]
    assert set(DEFINITIONS[family]) <= set(keys)
    for metric in document["metrics"]:
        assert metric["definition"] == DEFINITIONS[family][metric["key"]]
        assert set(metric) == {"key", "value", "definition"}


def test_mobilisation_values_and_period(coop):
    document = json.loads(
        _run("--pole", "coop", "--family", "mobilisation", "--json", "--start", "2024-01-01",
             "--end", "31/12/2024")
    )  # fmt: skip
    values = {metric["key"]: metric["value"] for metric in document["metrics"]}
    assert document["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert values["seminar_ratio_3_1"] == 2.0
    assert values["meetings"] == 7
    assert values["at_risk"] == [coop.orgs["D"].pk]
    assert values["plenary_rate_mean"] == 0.375


def test_k_changes_who_drifts_away(coop):
    document = json.loads(
        _run("--pole", "coop", "--family", "mobilisation", "--json", "--end", "2024-12-31",
             "--k", "1")
    )  # fmt: skip
    values = {metric["key"]: metric["value"] for metric in document["metrics"]}
    assert values["at_risk"] == sorted(coop.orgs[key].pk for key in "BCD")


def test_execution_at_a_reference_date(coop):
    document = json.loads(
        _run("--pole", "coop", "--family", "execution", "--json", "--date", "31/12/2024")
    )
    values = {metric["key"]: metric["value"] for metric in document["metrics"]}
    assert document["period"]["on"] == "2024-12-31"
    assert values["on"] == "2024-12-31"
    assert values["overdue"] == 1 and values["done_late"] == 1
    assert values["median_delay_days"] == 4.0
    kinds = {row["owner_kind"]: row["rate"] for row in values["rate_by_owner_kind"]}
    assert kinds["organisation"] == 1.0 and kinds["volunteer"] is None


def test_human_output_shows_definitions_and_the_period(coop):
    out = _run("--pole", "coop", "--family", "mobilisation", "--end", "2024-12-31")
    assert "Pôle Coop (coop) — mobilisation" in out
    assert "Période : start = 2024-01-10, end = 2024-12-31" in out
    assert "seminar_ratio_3_1: 2\n" in out  # as_dict() writes whole floats as integers
    assert mobilisation.DEFINITIONS["gini"] in out


def test_an_empty_pole_says_not_measurable(make_pole):
    make_pole("vide")
    out = _run("--pole", "vide", "--family", "mobilisation")
    assert "gini: non mesurable" in out
    document = json.loads(_run("--pole", "vide", "--family", "execution", "--json"))
    values = {metric["key"]: metric["value"] for metric in document["metrics"]}
    assert values["overall_rate"] is None and values["total"] == 0


def test_unknown_pole_exits_with_2_and_a_french_message(db):
    with pytest.raises(CommandError) as error:
        _run("--pole", "inconnu", "--family", "mobilisation")
    assert error.value.returncode == 2
    assert "Pôle « inconnu » introuvable." in str(error.value)


@pytest.mark.parametrize(
    "args",
    [
        ["--family", "referentiel"],  # not a family (yet)
        ["--family", "mobilisation", "--start", "31/13/2024"],
        ["--family", "mobilisation", "--start", "2024-06-01", "--end", "2024-01-01"],
        ["--family", "mobilisation", "--k", "0"],
    ],
)
def test_usage_errors_exit_with_2(coop, args):
    with pytest.raises(CommandError) as error:
        _run("--pole", "coop", *args)
    assert error.value.returncode == 2


def test_families_are_a_registry():
    assert set(FAMILIES) == {"mobilisation", "execution"}
    assert all(callable(compute) for compute in FAMILIES.values())


def test_dates_are_read_day_first_or_iso():
    assert parse_day("05/03/2024") == parse_day("2024-03-05")
