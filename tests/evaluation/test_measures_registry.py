"""`measure_all`: every M indicator of the référentiel, scored through its bands, in a bounded
number of queries; unknown codes, other units and other windows of another référentiel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import ScopeError, scope
from measures_helpers import (
    ON,
    QUERY_BOUND,
    REF,
    build,
    measure,
    member,
    organisation,
    project,
    scored,
)

from ptce.evaluation.measures import MEASURES, Measure, Raw, _score, measure_all
from ptce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from ptce.pooling.models import Pooling, PoolingKind, PoolingParticipant
from ptce.projects.models import ProjectStatus
from ptce.registry.models import OrganisationYear, Person
from ptce_analytics.referential import load_referential

pytestmark = pytest.mark.django_db

M_CODES = [indicator.code for indicator in REF.indicators if indicator.measured]


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def measure_everything(pole, **kwargs):
    with scope(pole=pole):
        return measure_all(pole, on=ON, referential=kwargs.pop("referential", REF), **kwargs)


def variant(edit) -> object:
    """v2026 with `edit(data)` applied to its YAML mapping, loaded (and validated) again."""
    data = REF.as_dict()
    data["version"] = "v2026-test"
    edit(data)
    return load_referential(data)


def indicator_data(data, code):
    for general in data["general_objectives"]:
        for main in general["main_objectives"]:
            for indicator in main["indicators"]:
                if indicator["code"] == code:
                    return main, indicator
    raise KeyError(code)


def test_every_measured_indicator_of_v2026_has_a_function():
    assert len(M_CODES) == 30
    assert set(MEASURES) == set(M_CODES)


def test_measure_all_returns_the_30_indicators_in_order(mesure):
    results = measure_everything(mesure.pole)
    assert list(results) == M_CODES
    for code, result in results.items():
        assert isinstance(result, Measure)
        assert result.code == code
        assert result.unit == REF.indicator(code).unit
        if result.value is None:
            assert result.score is None and result.band is None and result.missing
        else:
            scored_ = REF.indicator(code).score(result.value)
            assert (result.score, result.band, result.missing) == (
                scored_.score,
                scored_.band_label,
                "",
            )


def test_an_empty_pole_beside_a_full_one_measures_nothing(mesure, make_pole):
    # Nothing of « Pôle Mesure » leaks into another pole's figures: every indicator of an
    # empty pole is not measurable, and says why in French.
    results = measure_everything(make_pole("vide"))
    assert len(results) == 30
    for code, result in results.items():
        assert result.value is None, code
        assert result.missing and result.missing[0].islower(), code


def test_measure_all_runs_only_inside_a_scope(mesure):
    with scope(), pytest.raises(ScopeError):
        measure_all(mesure.pole, on=ON, referential=REF)


def _enlarge(mesure, size: int = 40) -> None:
    """Many more members, projects, poolings, meetings and figures: the query count must not
    follow."""
    pole = mesure.pole
    pooling = Pooling.objects.create(
        pole=pole, kind=PoolingKind.EQUIPMENT, name="Matériel", started_on=dt.date(2020, 1, 1)
    )
    meeting = Meeting.objects.create(
        pole=pole, title="AG", kind=MeetingKind.PLENARY, date=dt.date(2025, 1, 20)
    )
    for rank in range(size):
        structure = organisation(pole, f"Structure {rank}", "9220", "94.99Z")
        member(pole, structure)
        OrganisationYear.objects.create(pole=pole, organisation=structure, year=2024, fte=rank)
        PoolingParticipant.objects.create(pole=pole, pooling=pooling, organisation=structure)
        project(
            pole,
            f"Projet {rank}",
            [structure, mesure.orgs["A"]],
            status=ProjectStatus.ACTIVE,
            started_on=dt.date(2024, 1, 1),
            jobs_created_fte=Decimal(1),
            goal_social=True,
        )
        person = Person.objects.create(
            pole=pole, first_name="P", last_name=str(rank), organisation=structure
        )
        Attendance.objects.create(
            pole=pole,
            meeting=meeting,
            person=person,
            organisation=structure,
            status=AttendanceStatus.PRESENT,
        )


def test_the_number_of_queries_does_not_grow_with_the_pole(mesure, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_BOUND):
        small = measure_everything(mesure.pole)
    _enlarge(mesure)
    with django_assert_max_num_queries(QUERY_BOUND):
        large = measure_everything(mesure.pole)
    assert len(small) == len(large) == 30
    assert large["A2.1"].value > small["A2.1"].value  # the larger pole was measured


def test_the_same_queries_for_a_small_and_a_larger_pole(mesure):
    with CaptureQueriesContext(connection) as small:
        measure_everything(mesure.pole)
    _enlarge(mesure)
    with CaptureQueriesContext(connection) as large:
        measure_everything(mesure.pole)
    assert len(large.captured_queries) == len(small.captured_queries)


# --- another référentiel --------------------------------------------------------------------------


def test_an_indicator_without_function_is_reported_not_computed(mesure):
    def add(data):
        main, _indicator = indicator_data(data, "C3.3")
        extra = dict(main["indicators"][0])
        extra.update(code="C3.9", label={"fr": "Brevets", "en": "Patents"})
        main["indicators"].append(extra)

    results = measure_everything(mesure.pole, referential=variant(add))
    assert len(results) == 31
    assert results["C3.9"] == Measure(
        "C3.9", None, "count", None, None, "indicateur inconnu de cette version du calcul"
    )


def test_a_share_written_from_0_to_1_is_converted(mesure):
    def as_ratio(data):
        _main, indicator = indicator_data(data, "A3.3")
        indicator["unit"] = "ratio"
        for band in indicator["bands"]:
            for key in ("from", "to"):
                if band[key] is not None:
                    band[key] = band[key] / 100

    result = measure_everything(mesure.pole, referential=variant(as_ratio))["A3.3"]
    # 100 % of cross-sector ties is 1.0 on a 0–1 scale.
    assert (result.value, result.unit, result.score, result.band) == (1.0, "ratio", 4, "≥ 0.6")


def test_a_unit_that_cannot_be_converted_is_not_measurable(mesure):
    def as_percent(data):
        _main, indicator = indicator_data(data, "B1.1")
        indicator["unit"] = "percent"

    result = measure_everything(mesure.pole, referential=variant(as_percent))["B1.1"]
    assert result.value is None
    assert result.missing == "l'unité du référentiel (percent) ne correspond pas au calcul (count)"


def test_a_value_outside_the_bands_keeps_its_value_without_score(mesure):
    def from_zero(data):
        _main, indicator = indicator_data(data, "C1.1")
        # Growth from 0 % only (scores 2 to 4): a fall of 5 % lies below every band.
        indicator["bands"] = indicator["bands"][2:]

    result = measure_everything(mesure.pole, referential=variant(from_zero))["C1.1"]
    assert (result.value, result.score, result.band) == (-5.0, None, None)
    assert result.missing == "valeur en dehors des bandes du référentiel"


def test_the_referentials_window_wins_over_months(mesure):
    # C3.2 counts over its own 36 months (P2 and P5) whatever `months` says; a référentiel
    # that fixes no window lets `months` decide: over 12 months only P5 remains.
    assert measure(mesure.pole, "C3.2", months=12).value == 2.0

    def unfixed(data):
        _main, indicator = indicator_data(data, "C3.2")
        indicator["window_months"] = None

    assert measure(mesure.pole, "C3.2", months=12, referential=variant(unfixed)).value == 1.0
    assert measure(mesure.pole, "C3.2", months=36, referential=variant(unfixed)).value == 2.0


def test_months_must_be_positive(mesure):
    with pytest.raises(ValueError, match="months"):
        measure(mesure.pole, "A1.1", months=0)


def test_declared_indicators_are_not_measured(mesure):
    with pytest.raises(ValueError, match="declared"):
        measure(mesure.pole, "A1.4")


# --- band boundaries -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", M_CODES)
def test_a_value_on_a_boundary_falls_in_the_upper_band(code):
    # Through `_score`, as `measure_all` scores: every finite lower bound of a band belongs to
    # that band (the point band "= 0" excepted, whose upper neighbour starts just above 0).
    indicator = REF.indicator(code)
    for band in indicator.bands:
        if band.lower is None or band.lower_exclusive:
            continue
        result = _score(indicator, Raw(band.lower))
        assert (result.value, result.score) == (band.lower, band.score), (code, band)


@pytest.mark.parametrize(
    ("code", "value", "score"),
    [
        ("A1.1", 74.9999999999, 3),  # floating-point noise just under 75 is 75
        ("A1.1", 74.99, 2),
        ("A2.1", 0.0, 0),  # "= 0"
        ("A2.1", 0.000001, 1),  # (0, 2)
        ("C2.2", 85.0, 0),  # a lower public share scores higher
        ("C1.1", -5.0000001, 1),
        ("C1.1", -5.01, 0),
    ],
)
def test_scores_around_boundaries(code, value, score):
    assert _score(REF.indicator(code), Raw(value)).score == score


def test_a_missing_value_is_never_scored():
    result = _score(REF.indicator("B2.1"), Raw(None, "aucune plénière"))
    assert scored(result) == (None, None, None, "aucune plénière")
