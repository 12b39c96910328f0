"""On the demo: `ptce indicators --pole le-periscope --json` prints the 36 indicators, and
measuring Le Périscope costs no more queries than measuring a small pole."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope
from measures_helpers import QUERY_BOUND, REF

from ptce.evaluation.measures import measure_all
from ptce.poles.models import Pole

pytestmark = pytest.mark.django_db


def test_the_demo_pole_prints_its_36_indicators(django_assert_max_num_queries):
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    pole = Pole.objects.get(slug="le-periscope")
    with scope(pole=pole), django_assert_max_num_queries(QUERY_BOUND):
        measures = measure_all(pole, on=timezone.localdate(), referential=REF)
    assert len(measures) == 30

    out = StringIO()
    call_command("indicators", "--pole", "le-periscope", "--json", stdout=out)
    entries = json.loads(out.getvalue())["indicators"]
    assert len(entries) == 36
    assert [entry["code"] for entry in entries] == [ind.code for ind in REF.indicators]
    measured = [entry for entry in entries if entry["kind"] == "M"]
    assert len(measured) == 30
    for entry in measured:
        # Either scored, or not measurable with the data that is missing named.
        assert (entry["score"] is None) == (entry["value"] is None) == bool(entry["missing"])
    # The demo is there to show the référentiel: most indicators are measured.
    assert sum(entry["score"] is not None for entry in measured) >= 20
    assert all(entry["declared"] is None for entry in entries if entry["kind"] == "D")
