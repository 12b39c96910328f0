"""Execution indicators on a small, hand-computed set of actions, then general properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics.execution import (
    ACTION_STATES,
    DEFINITIONS,
    ExecutionSummary,
    action_status_breakdown,
    classify_actions,
    decision_follow_up,
    execution_rate,
    execution_summary,
)

D = dt.date
ON = D(2013, 6, 1)
COLUMNS = [
    "action_id",
    "decision_id",
    "due_date",
    "status",
    "completed_on",
    "owner_kind",
    "working_group_id",
]


def actions_frame(*rows):
    return pd.DataFrame(rows, columns=COLUMNS)


def decisions_frame(*ids):
    return pd.DataFrame(
        [(i, 100 + i, None) for i in ids], columns=["decision_id", "meeting_id", "working_group_id"]
    )


# fmt: off
ACTIONS = actions_frame(
    # id, decision, due, status, completed, owner, working group
    (1, 1, D(2013, 3, 1), "done", D(2013, 3, 5), "volunteer", 7),  # late by 4 days
    (2, 1, D(2013, 3, 1), "done", D(2013, 2, 27), "employee", 7),  # 2 days early
    (3, 2, D(2013, 3, 1), "done", D(2013, 3, 1), "elected", 8),  # on the day
    (4, 2, None, "done", D(2013, 4, 1), "volunteer", None),  # no due date: on time
    (5, 3, None, "open", None, "volunteer", 7),  # no due date: never overdue
    (6, 3, D(2013, 5, 1), "in_progress", None, None, 8),  # overdue
    (7, 3, D(2013, 6, 1), "open", None, "employee", 8),  # due on the reference date: open
    (8, 3, D(2013, 1, 1), "dropped", None, "volunteer", 7),  # dropped, though past due
    (9, 4, D(2013, 3, 1), "done", None, None, None),  # done, completion date unknown
    (10, 4, D(2013, 9, 1), "done", D(2013, 5, 20), "elected", 7),  # 104 days early
    (11, 4, D(2013, 12, 1), "open", None, "volunteer", 8),  # not yet due
)
# fmt: on
DECISIONS = decisions_frame(1, 2, 3, 4, 5)
NO_ACTIONS = actions_frame()
NO_DECISIONS = decisions_frame()


# --- decisions ----------------------------------------------------------------------------------


def test_decision_follow_up():
    follow_up = decision_follow_up(DECISIONS, ACTIONS)
    assert follow_up.decisions == 5
    assert follow_up.with_actions == 4
    assert follow_up.without_actions == 1
    assert follow_up.share_with_actions == 0.8
    assert follow_up.without_ids == [5]


def test_decision_follow_up_ignores_actions_of_unknown_decisions():
    actions = actions_frame((1, 99, None, "open", None, None, None))
    follow_up = decision_follow_up(decisions_frame(1, 2), actions)
    assert (follow_up.with_actions, follow_up.without_ids) == (0, [1, 2])
    assert follow_up.share_with_actions == 0.0


def test_no_decision_means_no_share():
    follow_up = decision_follow_up(NO_DECISIONS, NO_ACTIONS)
    assert (follow_up.decisions, follow_up.with_actions, follow_up.without_actions) == (0, 0, 0)
    assert follow_up.share_with_actions is None
    assert follow_up.without_ids == []


# --- actions ------------------------------------------------------------------------------------


def test_classify_actions():
    classified = classify_actions(ACTIONS, on=ON)
    assert classified["state"].tolist() == [
        "done_late",
        "done_on_time",
        "done_on_time",
        "done_on_time",
        "open",
        "overdue",
        "open",
        "dropped",
        "done_undated",
        "done_on_time",
        "open",
    ]
    delays = classified["delay_days"].tolist()
    assert delays[:3] == [4.0, -2.0, 0.0]
    assert delays[9] == -104.0
    assert [math.isnan(delays[i]) for i in (3, 4, 5, 6, 7, 8, 10)] == [True] * 7
    # the input columns are kept, in order, and the input is not modified
    assert list(classified.columns) == [*COLUMNS, "state", "delay_days"]
    assert "state" not in ACTIONS.columns


def test_an_action_without_due_date_is_never_overdue():
    actions = actions_frame(
        (1, 1, None, "open", None, None, None),
        (2, 1, None, "in_progress", None, None, None),
        (3, 1, None, "done", None, None, None),
    )
    classified = classify_actions(actions, on=D(2099, 1, 1))
    assert classified["state"].tolist() == ["open", "open", "done_on_time"]
    assert classified["delay_days"].isna().all()


def test_classify_accepts_datetime64_and_string_dates():
    actions = ACTIONS.assign(
        due_date=pd.to_datetime(ACTIONS["due_date"]),
        completed_on=ACTIONS["completed_on"].map(lambda d: d.isoformat() if d else None),
    )
    expected = classify_actions(ACTIONS, on=ON)
    classified = classify_actions(actions, on=pd.Timestamp("2013-06-01 15:30"))
    assert classified["state"].tolist() == expected["state"].tolist()
    pd.testing.assert_series_equal(classified["delay_days"], expected["delay_days"])


def test_an_unknown_status_is_refused():
    actions = actions_frame((1, 1, None, "cancelled", None, None, None))
    with pytest.raises(ValueError, match="cancelled"):
        classify_actions(actions, on=ON)


def test_action_status_breakdown():
    breakdown = action_status_breakdown(ACTIONS, on=ON)
    assert breakdown.done_on_time == 4
    assert breakdown.done_late == 1
    assert breakdown.done_undated == 1
    assert breakdown.overdue == 1
    assert breakdown.open == 3
    assert breakdown.dropped == 1
    assert breakdown.total == 11
    # delays -104, -2, 0, 4: median (-2 + 0) / 2
    assert breakdown.median_delay_days == -1.0


def test_median_delay_of_early_completions_is_negative():
    actions = actions_frame(
        (1, 1, D(2013, 3, 10), "done", D(2013, 3, 7), None, None),
        (2, 1, D(2013, 3, 10), "done", D(2013, 3, 9), None, None),
        (3, 1, D(2013, 3, 10), "done", D(2013, 3, 1), None, None),
    )
    breakdown = action_status_breakdown(actions, on=ON)
    assert breakdown.median_delay_days == -3.0
    assert breakdown.done_on_time == 3


def test_breakdown_of_no_action():
    breakdown = action_status_breakdown(NO_ACTIONS, on=ON)
    assert [getattr(breakdown, state) for state in ACTION_STATES] == [0] * 6
    assert breakdown.total == 0
    assert breakdown.median_delay_days is None


def test_execution_rate_by_working_group():
    rates = execution_rate(ACTIONS, on=ON, by="working_group_id")
    assert list(rates.columns) == ["working_group_id", "actions", "due", "done", "rate"]
    # 7: actions 1, 2, 5, 8, 10; due 1, 2, 10 (5 has no due date, 8 is dropped); all done.
    # 8: actions 3, 6, 7, 11; due 3, 6, 7 (11 is not due yet); 3 done.
    # None: actions 4 and 9, both done.
    assert rates.to_dict("records") == [
        {"working_group_id": 7, "actions": 5, "due": 3, "done": 3, "rate": 1.0},
        {"working_group_id": 8, "actions": 4, "due": 3, "done": 1, "rate": 1 / 3},
        {"working_group_id": None, "actions": 2, "due": 2, "done": 2, "rate": 1.0},
    ]


def test_execution_rate_by_owner_kind():
    rates = execution_rate(ACTIONS, on=ON, by="owner_kind")
    assert rates.to_dict("records") == [
        {"owner_kind": "elected", "actions": 2, "due": 2, "done": 2, "rate": 1.0},
        {"owner_kind": "employee", "actions": 2, "due": 2, "done": 1, "rate": 0.5},
        {"owner_kind": "volunteer", "actions": 5, "due": 2, "done": 2, "rate": 1.0},
        {"owner_kind": None, "actions": 2, "due": 2, "done": 1, "rate": 0.5},
    ]


def test_dropped_actions_stay_out_of_rates():
    actions = actions_frame(
        (1, 1, D(2013, 1, 1), "dropped", None, "elected", 7),
        (2, 1, D(2013, 1, 1), "dropped", D(2013, 1, 1), "elected", 7),
        (3, 1, D(2013, 12, 1), "open", None, "elected", 7),
        (4, 1, D(2013, 1, 1), "done", D(2013, 1, 1), "elected", 9),
        (5, 1, D(2013, 1, 1), "dropped", None, "elected", 9),
    )
    rates = execution_rate(actions, on=ON, by="working_group_id")
    assert rates[["working_group_id", "actions", "due", "done"]].values.tolist() == [
        [7, 3, 0, 0],
        [9, 2, 1, 1],
    ]
    # nothing was due in group 7: not measurable rather than 0 %
    assert math.isnan(rates["rate"].iloc[0])
    assert rates["rate"].iloc[1] == 1.0


def test_execution_rate_of_no_action_and_bad_grouping():
    rates = execution_rate(NO_ACTIONS, on=ON, by="owner_kind")
    assert rates.empty
    assert list(rates.columns) == ["owner_kind", "actions", "due", "done", "rate"]
    with pytest.raises(ValueError, match="by must be"):
        execution_rate(ACTIONS, on=ON, by="decision_id")
    with pytest.raises(ValueError, match="owner_kind"):
        execution_rate(ACTIONS.drop(columns="owner_kind"), on=ON, by="owner_kind")


# --- summary ------------------------------------------------------------------------------------


def test_execution_summary():
    summary = execution_summary(DECISIONS, ACTIONS, on=ON)
    assert summary.on == ON
    assert (summary.decisions, summary.with_actions, summary.without_actions) == (5, 4, 1)
    assert summary.share_with_actions == 0.8
    counts = (
        summary.done_on_time,
        summary.done_late,
        summary.done_undated,
        summary.overdue,
        summary.open,
        summary.dropped,
        summary.total,
    )
    assert counts == (4, 1, 1, 1, 3, 1, 11)
    assert summary.median_delay_days == -1.0
    # due: 1, 2, 3, 4, 6, 7, 9, 10 (8); done among them: 1, 2, 3, 4, 9, 10 (6)
    assert summary.overall_rate == 0.75
    assert [row["working_group_id"] for row in summary.rate_by_working_group] == [7, 8, None]
    assert [row["owner_kind"] for row in summary.rate_by_owner_kind] == [
        "elected",
        "employee",
        "volunteer",
        None,
    ]
    data = summary.as_dict()
    assert data["on"] == "2013-06-01"
    assert data["rate_by_owner_kind"][3] == {
        "owner_kind": None,
        "actions": 2,
        "due": 2,
        "done": 1,
        "rate": 0.5,
    }
    assert json.loads(json.dumps(data)) == data
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.total = 0


def test_execution_summary_of_nothing():
    summary = execution_summary(NO_DECISIONS, NO_ACTIONS, on="2013-06-01")
    assert summary.on == ON
    assert summary.share_with_actions is None
    assert summary.total == 0
    assert summary.median_delay_days is None
    assert summary.overall_rate is None
    assert summary.rate_by_working_group == []
    assert summary.rate_by_owner_kind == []
    json.dumps(summary.as_dict())


def test_nan_rates_become_none_in_the_summary():
    actions = actions_frame((1, 1, None, "open", None, "volunteer", 3))
    summary = execution_summary(decisions_frame(1), actions, on=ON)
    assert summary.overall_rate is None
    assert summary.rate_by_working_group == [
        {"working_group_id": 3, "actions": 1, "due": 0, "done": 0, "rate": None}
    ]


def test_every_summary_field_has_a_definition():
    fields = {field.name for field in dataclasses.fields(ExecutionSummary)}
    assert set(DEFINITIONS) == fields
    assert all(definition.strip() for definition in DEFINITIONS.values())


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: classify_actions(ACTIONS.drop(columns="due_date"), on=ON), "due_date"),
        (lambda: action_status_breakdown(ACTIONS.drop(columns="status"), on=ON), "status"),
        (
            lambda: execution_rate(ACTIONS.drop(columns="completed_on"), on=ON, by="owner_kind"),
            "completed_on",
        ),
        (
            lambda: decision_follow_up(DECISIONS.drop(columns="decision_id"), ACTIONS),
            "decision_id",
        ),
        (
            lambda: execution_summary(DECISIONS, ACTIONS.drop(columns="working_group_id"), on=ON),
            "working_group_id",
        ),
    ],
)
def test_a_missing_column_is_named(call, column):
    with pytest.raises(ValueError, match=column):
        call()


# --- properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=D(2013, 1, 1), max_value=D(2014, 12, 31))
action_rows = st.lists(
    st.tuples(
        st.integers(1, 6),
        st.none() | dates,
        st.sampled_from(["open", "in_progress", "done", "dropped"]),
        st.none() | dates,
        st.sampled_from([None, "employee", "volunteer", "elected", "inhabitant", "organisation"]),
        st.sampled_from([None, 1, 2, 3]),
    ),
    max_size=30,
)


def random_actions(rows):
    return actions_frame(*[(i + 1, *row) for i, row in enumerate(rows)])


@settings(max_examples=50, deadline=None)
@given(action_rows, dates)
def test_breakdown_counts_add_up(rows, on):
    actions = random_actions(rows)
    breakdown = action_status_breakdown(actions, on=on)
    assert sum(getattr(breakdown, state) for state in ACTION_STATES) == breakdown.total
    assert breakdown.total == len(actions)
    classified = classify_actions(actions, on=on)
    no_due_date = actions["due_date"].isna()
    assert not classified.loc[no_due_date, "state"].eq("overdue").any()
    has_delay = classified["delay_days"].notna()
    assert classified.loc[has_delay, "state"].isin(["done_on_time", "done_late"]).all()


@settings(max_examples=50, deadline=None)
@given(action_rows, dates)
def test_rates_are_proportions(rows, on):
    actions = random_actions(rows)
    for by in ("working_group_id", "owner_kind"):
        rates = execution_rate(actions, on=on, by=by)
        assert rates["actions"].sum() == len(actions)
        assert ((rates["done"] <= rates["due"]) & (rates["due"] <= rates["actions"])).all()
        measured = rates["rate"].dropna()
        assert ((measured >= 0.0) & (measured <= 1.0)).all()
    summary = execution_summary(decisions_frame(*range(1, 7)), actions, on=on)
    assert summary.overall_rate is None or 0.0 <= summary.overall_rate <= 1.0
    assert summary.share_with_actions is not None
    assert 0.0 <= summary.share_with_actions <= 1.0
    json.dumps(summary.as_dict())
