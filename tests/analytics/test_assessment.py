"""Self-assessment campaigns on hand-computed answers: aggregation, gaps at three levels."""

from __future__ import annotations

import dataclasses
import doctest
import json
import statistics

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics import assessment
from ptce_analytics.assessment import (
    DISPUTED_IQR,
    DISPUTED_RANGE,
    WEAK_BELOW,
    IndicatorAggregate,
    aggregate_answers,
    compare_campaigns,
    discussion_leads,
    gaps,
    radar_series,
)
from ptce_analytics.referential import packaged_referential

REF = packaged_referential()


def answers_frame(scores: dict[str, list], comments: dict[str, list] | None = None):
    """Indicator code → one score per respondent (respondents 1, 2, …)."""
    rows = []
    for code, values in scores.items():
        notes = (comments or {}).get(code, [None] * len(values))
        for respondent, (value, note) in enumerate(zip(values, notes, strict=True), 1):
            rows.append((f"r{respondent}", code, value, note))
    return pd.DataFrame(rows, columns=["respondent_id", "indicator", "score", "comment"])


def by_code(aggregates):
    return {aggregate.code: aggregate for aggregate in aggregates}


# --- aggregation --------------------------------------------------------------------------------


def test_aggregation_by_hand():
    answers = answers_frame(
        {
            "A1.1": [0, 1, 1, 2, 4, None],
            "A1.2": [2, 3],
            "A1.3": [None, None],
            "A2.1": [0, 0, 3, 3],
        },
        comments={"A1.2": ["  Très ancré. ", ""], "A2.1": [None, "À vérifier", None, None]},
    )
    aggregates = aggregate_answers(answers, REF)
    assert [a.code for a in aggregates] == [i.code for i in REF.indicators]
    got = by_code(aggregates)

    # Sorted 0 1 1 2 4; linear quantiles at positions 1, 2, 3 of 0..4.
    a11 = got["A1.1"]
    assert (a11.n, a11.dont_know) == (5, 1)
    assert (a11.q1, a11.median, a11.q3, a11.iqr) == (1.0, 1.0, 2.0, 1.0)
    assert (a11.min, a11.max) == (0, 4)
    assert a11.histogram == {0: 1, 1: 2, 2: 1, 3: 0, 4: 1}
    assert a11.disputed  # 4 − 0 ≥ 3

    # 2 3: positions 0.25, 0.5, 0.75.
    a12 = got["A1.2"]
    assert (a12.q1, a12.median, a12.q3, a12.iqr) == (2.25, 2.5, 2.75, 0.5)
    assert not a12.disputed
    assert a12.comments == ("Très ancré.",)

    # Only "je ne sais pas": nothing to compute.
    a13 = got["A1.3"]
    assert (a13.n, a13.dont_know, a13.median, a13.iqr, a13.min, a13.max) == (0, 2, *[None] * 4)
    assert a13.histogram == {0: 0, 1: 0, 2: 0, 3: 0, 4: 0}
    assert not a13.disputed

    # 0 0 3 3: q1 at 0.75 → 0, median at 1.5 → 1.5, q3 at 2.25 → 3; iqr 3 ≥ 2.
    a21 = got["A2.1"]
    assert (a21.q1, a21.median, a21.q3, a21.iqr) == (0.0, 1.5, 3.0, 3.0)
    assert a21.disputed
    assert a21.comments == ("À vérifier",)

    assert got["C3.4"].n == 0 and got["C3.4"].median is None


def test_quartiles_are_the_inclusive_method():
    # numpy's "linear" is statistics' "inclusive" (and QUARTILE.INC).
    for values in ([0, 1, 2, 3, 4], [1, 2], [0, 0, 3, 3], [4], [1, 1, 2, 3, 3, 4, 0]):
        aggregate = by_code(aggregate_answers(answers_frame({"B1.1": values}), REF))["B1.1"]
        expected = (
            statistics.quantiles(values, n=4, method="inclusive")
            if len(values) > 1
            else [values[0]] * 3
        )
        assert [aggregate.q1, aggregate.median, aggregate.q3] == pytest.approx(expected)


def test_dispute_thresholds():
    assert (DISPUTED_IQR, DISPUTED_RANGE) == (2.0, 3)
    cases = {
        "A1.1": ([1, 2, 3], False),  # iqr 1, range 2
        "A1.2": ([0, 3], True),  # range 3
        "A1.3": ([1, 1, 3, 3], True),  # iqr 2 (q1 1, q3 3)
        "A1.4": ([2, 2, 2, 2, 2], False),
    }
    got = by_code(aggregate_answers(answers_frame({k: v for k, (v, _) in cases.items()}), REF))
    for code, (_, disputed) in cases.items():
        assert got[code].disputed is disputed, code


def test_dont_know_answers_are_excluded_from_n_and_statistics():
    answers = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "indicator": ["B2.1"] * 4,
            # A float column, as pandas stores integers next to a missing value.
            "score": [4.0, float("nan"), 0.0, None],
        }
    )
    aggregate = by_code(aggregate_answers(answers, REF))["B2.1"]
    assert (aggregate.n, aggregate.dont_know, aggregate.median) == (2, 2, 2.0)
    assert sum(aggregate.histogram.values()) == aggregate.n


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"respondent_id": [1], "indicator": ["A1.1"]}), "missing column"),
        (answers_frame({"Z9.9": [1]}), "not in référentiel v2026: Z9.9"),
        (answers_frame({"A1.1": [5]}), "integer from 0 to 4"),
        (answers_frame({"A1.1": [2.5]}), "got 2.5"),
        (answers_frame({"A1.1": ["3"]}), "got '3'"),
        (answers_frame({"A1.1": [True]}), "got True"),
        (
            pd.DataFrame({"respondent_id": [1, 1], "indicator": ["A1.1"] * 2, "score": [1, 2]}),
            "respondent 1 answered A1.1 more than once",
        ),
        (
            pd.DataFrame({"respondent_id": [None], "indicator": ["A1.1"], "score": [1]}),
            "respondent_id is missing",
        ),
    ],
)
def test_invalid_answers_are_refused(frame, message):
    with pytest.raises(ValueError, match=message):
        aggregate_answers(frame, REF)


def test_comment_column_is_optional():
    answers = pd.DataFrame({"respondent_id": [1], "indicator": ["A1.1"], "score": [3]})
    aggregate = by_code(aggregate_answers(answers, REF))["A1.1"]
    assert aggregate.comments == () and aggregate.median == 3.0


# --- gaps ---------------------------------------------------------------------------------------


def hand_report():
    answers = answers_frame(
        {
            "A1.1": [2, 3, 3, 3, 4],  # median 3, iqr 0, range 2
            "A1.2": [0, 2, 2, 4],  # median 2, q1 1.5, q3 2.5, range 4: disputed
            "A1.3": [None, None],
            "A1.4": [1],
            "A2.1": [1],
        }
    )
    measured = {"A1.1": 2, "A1.2": 4, "A1.3": 1, "A2.1": 0, "A2.2": None}
    return gaps(aggregate_answers(answers, REF), measured, REF)


def test_gaps_per_indicator_by_hand():
    report = hand_report()
    assert report.version == "v2026"
    rows = {row.code: row for row in report.indicators}
    assert (rows["A1.1"].declared, rows["A1.1"].measured, rows["A1.1"].gap) == (3.0, 2, 1.0)
    assert (rows["A1.2"].declared, rows["A1.2"].measured, rows["A1.2"].gap) == (2.0, 4, -2.0)
    assert rows["A1.2"].disputed and rows["A1.2"].iqr == 1.0
    # Measured but nobody rated it; declared-only; neither.
    assert (rows["A1.3"].declared, rows["A1.3"].measured, rows["A1.3"].gap) == (None, 1, None)
    assert (rows["A1.4"].kind, rows["A1.4"].declared, rows["A1.4"].gap) == ("D", 1.0, None)
    assert (rows["A2.2"].declared, rows["A2.2"].measured, rows["A2.2"].n) == (None, None, 0)


def test_gaps_per_main_objective_by_hand():
    report = hand_report()
    a1 = report.main_objective("A1")
    # Declared 3, 2, 1 (A1.3 has none); measured 2, 4, 1; gaps 1 and −2.
    assert a1.declared_mean == pytest.approx(2.0)
    assert a1.measured_mean == pytest.approx(7 / 3)
    assert a1.gap == pytest.approx(-0.5)
    assert (a1.declared_count, a1.measured_count, a1.paired_count) == (3, 3, 2)
    assert not a1.weak  # 2 is not below 2
    assert a1.disputed and a1.disputed_indicators == ("A1.2",)

    a2 = report.main_objective("A2")
    assert (a2.declared_mean, a2.measured_mean, a2.gap) == (1.0, 0.0, 1.0)
    assert a2.weak and not a2.disputed

    a3 = report.main_objective("A3")
    assert (a3.declared_mean, a3.measured_mean, a3.gap, a3.paired_count) == (None, None, None, 0)
    assert not a3.weak and not a3.disputed


def test_gaps_per_general_objective_by_hand():
    report = hand_report()
    a = report.general_objective("A")
    # Over the indicators directly: declared 3, 2, 1, 1 → 1.75 (the mean of the main
    # objectives' means would be (2 + 1) / 2 = 1.5); measured 2, 4, 1, 0 → 1.75;
    # gaps 1, −2, 1 → 0.
    assert a.declared_mean == pytest.approx(1.75)
    assert a.measured_mean == pytest.approx(1.75)
    assert a.gap == pytest.approx(0.0)
    assert (a.declared_count, a.measured_count, a.paired_count) == (4, 4, 3)
    assert a.weak and a.disputed_indicators == ("A1.2",)
    b = report.general_objective("B")
    assert (b.declared_mean, b.measured_mean, b.gap, b.weak) == (None, None, None, False)


def test_objectives_to_discuss_and_their_leads():
    report = hand_report()
    assert [main.code for main in report.to_discuss] == ["A1", "A2"]
    leads = discussion_leads(report, REF)
    assert [(lead.code, lead.weak, lead.disputed) for lead in leads] == [
        ("A1", False, True),
        ("A2", True, False),
    ]
    assert leads[0].label == "Ancrage territorial"
    assert leads[0].text == REF.main_objective("A1").discussion.fr
    assert leads[0].disputed_indicators == ("A1.2",)
    english = discussion_leads(report, REF, language="en")
    assert english[1].label == "Sustainable local development"
    assert english[1].text == REF.main_objective("A2").discussion.en
    other = dataclasses.replace(report, version="v2027")
    with pytest.raises(ValueError, match="v2027"):
        discussion_leads(other, REF)


def test_weak_threshold():
    assert WEAK_BELOW == 2.0
    report = gaps([], {"C1.1": 2, "C1.2": 1, "C2.1": 2}, REF)
    assert report.main_objective("C1").measured_mean == 1.5 and report.main_objective("C1").weak
    assert not report.main_objective("C2").weak


@pytest.mark.parametrize(
    ("measured", "message"),
    [
        ({"Z1.1": 2}, "not in référentiel v2026: Z1.1"),
        ({"A1.4": 2}, "A1.4, a declared"),
        ({"A1.1": 5}, "measured score of A1.1 must be an integer from 0 to 4, got 5"),
        ({"A1.1": 2.5}, "got 2.5"),
        ({"A1.1": True}, "got True"),
    ],
)
def test_invalid_measured_scores_are_refused(measured, message):
    with pytest.raises(ValueError, match=message):
        gaps([], measured, REF)


def test_a_declared_indicator_may_be_listed_as_not_measurable():
    report = gaps([], {"A1.4": None}, REF)
    assert report.indicator("A1.4").measured is None


def test_invalid_aggregates_are_refused():
    aggregate = by_code(aggregate_answers(answers_frame({"A1.1": [1]}), REF))["A1.1"]
    with pytest.raises(ValueError, match="two aggregates for A1.1"):
        gaps([aggregate, aggregate], {}, REF)
    with pytest.raises(ValueError, match="Z1.1"):
        gaps([dataclasses.replace(aggregate, code="Z1.1")], {}, REF)


def test_lookups_and_json():
    report = hand_report()
    with pytest.raises(KeyError):
        report.main_objective("Z1")
    data = report.as_dict()
    json.dumps(data)
    assert data["version"] == "v2026"
    assert data["main_objectives"][0]["disputed_indicators"] == ["A1.2"]
    aggregates = aggregate_answers(answers_frame({"A1.1": [1, 2]}), REF)
    row = aggregates[0].as_dict()
    json.dumps(row)
    assert row["histogram"] == {"0": 0, "1": 1, "2": 1, "3": 0, "4": 0}


# --- campaigns over time, radar -----------------------------------------------------------------


def test_compare_campaigns_by_hand():
    earlier = hand_report()
    later = gaps(
        aggregate_answers(answers_frame({"A1.1": [4, 4], "A2.1": [2]}), REF),
        {"A1.1": 3, "A1.2": 3},
        REF,
    )
    changes = {change.code: change for change in compare_campaigns(earlier, later)}
    assert list(changes) == [main.code for main in REF.main_objectives]
    a1 = changes["A1"]
    assert (a1.declared_before, a1.declared_after) == (pytest.approx(2.0), 4.0)
    assert a1.declared_change == pytest.approx(2.0)
    assert a1.measured_after == 3.0 and a1.measured_change == pytest.approx(3.0 - 7 / 3)
    assert (a1.gap_before, a1.gap_after, a1.gap_change) == (-0.5, 1.0, 1.5)
    a2 = changes["A2"]
    # Measured A2 disappeared: no change can be told.
    assert (a2.declared_change, a2.measured_after, a2.measured_change) == (1.0, None, None)
    assert changes["C3"].declared_change is None
    json.dumps(changes["A1"].as_dict())


def test_campaigns_on_different_versions_cannot_be_compared():
    report = hand_report()
    with pytest.raises(ValueError, match="different référentiel versions"):
        compare_campaigns(report, dataclasses.replace(report, version="v2027"))


def test_radar_series_keeps_the_nine_objectives_and_the_holes():
    radar = radar_series(hand_report())
    assert radar.axes == ("A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3")
    assert radar.declared[:3] == (pytest.approx(2.0), 1.0, None)
    assert radar.measured[:3] == (pytest.approx(7 / 3), 0.0, None)
    assert radar.declared[3:] == (None,) * 6
    assert radar.as_dict()["version"] == "v2026"
    json.dumps(radar.as_dict())


# --- invariants ---------------------------------------------------------------------------------

score_or_dont_know = st.one_of(st.none(), st.integers(min_value=0, max_value=4))


@settings(max_examples=150, deadline=None)
@given(st.lists(score_or_dont_know, min_size=1, max_size=40))
def test_statistics_stay_ordered_and_within_the_answers(values):
    aggregate: IndicatorAggregate = by_code(
        aggregate_answers(answers_frame({"B3.2": values}), REF)
    )["B3.2"]
    given_scores = [value for value in values if value is not None]
    assert aggregate.n == len(given_scores)
    assert aggregate.dont_know == len(values) - len(given_scores)
    assert sum(aggregate.histogram.values()) == aggregate.n
    if not given_scores:
        assert aggregate.median is None
        return
    assert aggregate.min <= aggregate.q1 <= aggregate.median <= aggregate.q3 <= aggregate.max
    assert 0 <= aggregate.iqr <= 4


@settings(max_examples=100, deadline=None)
@given(
    answers=st.dictionaries(
        st.sampled_from([i.code for i in REF.indicators]),
        st.lists(score_or_dont_know, min_size=1, max_size=6),
        max_size=36,
    ),
    measured=st.dictionaries(
        st.sampled_from([i.code for i in REF.indicators if i.measured]),
        st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    ),
)
def test_gaps_stay_within_minus_four_and_four(answers, measured):
    report = gaps(aggregate_answers(answers_frame(answers), REF), measured, REF)
    for row in (*report.indicators, *report.main_objectives, *report.general_objectives):
        if row.gap is not None:
            assert -4 <= row.gap <= 4
    for row in (*report.main_objectives, *report.general_objectives):
        for mean in (row.declared_mean, row.measured_mean):
            assert mean is None or 0 <= mean <= 4


def test_doctests():
    assert doctest.testmod(assessment).failed == 0
