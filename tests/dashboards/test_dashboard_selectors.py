"""The selectors turn the pole's rows into exactly the frames the analytics expect."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from ptce.meetings import selectors
from ptce.meetings.models import Action, Meeting
from ptce_analytics.execution import ACTION_COLUMNS, execution_summary
from ptce_analytics.mobilisation import (
    ATTENDANCE_COLUMNS,
    MEETING_COLUMNS,
    MEMBER_COLUMNS,
    mobilisation_summary,
)

D = dt.date


def test_meetings_frame_has_the_analytics_columns_in_date_order(coop, make_pole):
    other = make_pole("autre")
    Meeting.objects.create(pole=other, title="Ailleurs", kind="plenary", date=D(2024, 3, 3))
    with scope(pole=coop.pole):
        frame = selectors.meetings_frame()
    assert tuple(frame.columns) == MEETING_COLUMNS
    assert frame["meeting_id"].tolist() == [coop.meetings[f"m{i}"].pk for i in range(1, 8)]
    assert frame["date"].iloc[0] == pd.Timestamp("2024-01-10")
    assert frame["kind"].tolist()[:3] == ["plenary", "seminar", "seminar"]
    # Only the working-group meeting has a group; the others are missing, not 0.
    assert frame["working_group_id"].tolist()[3] == coop.group.pk
    assert frame["working_group_id"].isna().sum() == 6


def test_window_bounds_are_inclusive(coop):
    with scope(pole=coop.pole):
        meetings = selectors.meetings_frame(start=D(2024, 2, 10), end=D(2024, 5, 10))
        attendance = selectors.attendance_frame(start=D(2024, 2, 10), end=D(2024, 5, 10))
    assert len(meetings) == 3
    assert set(attendance["meeting_id"]) == set(meetings["meeting_id"])


def test_attendance_frame_keeps_every_status_and_the_structure_represented(coop):
    with scope(pole=coop.pole):
        frame = selectors.attendance_frame()
    assert tuple(frame.columns) == ATTENDANCE_COLUMNS
    assert len(frame) == 18
    assert sorted(frame["status"].unique()) == ["excused", "present"]
    noa = frame.loc[frame["person_id"] == coop.people["p5"].pk]
    assert noa["organisation_id"].isna().all()
    assert str(frame["organisation_id"].dtype) == "Int64"


def test_members_frame_leaves_partners_out(coop):
    with scope(pole=coop.pole):
        frame = selectors.members_frame()
    assert tuple(frame.columns) == MEMBER_COLUMNS
    assert sorted(frame["organisation_id"]) == sorted(coop.orgs[k].pk for k in "ABCD")
    assert frame["start_date"].isna().all() and frame["end_date"].isna().all()


def test_decisions_frame_takes_the_group_of_the_meeting(coop):
    with scope(pole=coop.pole):
        frame = selectors.decisions_frame()
        detailed = selectors.decisions_frame(details=True)
    assert tuple(frame.columns) == selectors.DECISION_COLUMNS
    by_id = frame.set_index("decision_id")
    assert by_id.loc[coop.decisions["d2"].pk, "working_group_id"] == coop.group.pk
    assert pd.isna(by_id.loc[coop.decisions["d1"].pk, "working_group_id"])
    assert tuple(detailed.columns) == (
        *selectors.DECISION_COLUMNS,
        *selectors.DECISION_DETAIL_COLUMNS,
    )


def test_actions_frame_derives_the_owner_kind(coop):
    with scope(pole=coop.pole):
        frame = selectors.actions_frame()
    assert tuple(frame.columns) == ACTION_COLUMNS
    kinds = dict(zip(frame["action_id"], frame["owner_kind"], strict=True))
    assert kinds[coop.actions["a1"].pk] == "employee"
    assert kinds[coop.actions["a2"].pk] == "elected"
    assert kinds[coop.actions["a3"].pk] == "organisation"  # only a structure carries it
    assert kinds[coop.actions["a4"].pk] == "volunteer"
    assert pd.isna(kinds[coop.actions["a5"].pk])  # nobody carries it
    groups = dict(zip(frame["action_id"], frame["working_group_id"], strict=True))
    assert groups[coop.actions["a3"].pk] == coop.group.pk
    assert pd.isna(groups[coop.actions["a1"].pk])
    assert frame["due_date"].isna().sum() == 1


def test_a_person_with_no_kind_recorded_is_an_unknown_owner_kind(coop):
    person = coop.people["p1"]
    person.kind = ""
    person.save()
    with scope(pole=coop.pole):
        frame = selectors.actions_frame()
    kinds = dict(zip(frame["action_id"], frame["owner_kind"], strict=True))
    assert pd.isna(kinds[coop.actions["a1"].pk])


def test_each_selector_is_one_query(coop):
    calls = [
        selectors.meetings_frame,
        selectors.attendance_frame,
        selectors.members_frame,
        selectors.decisions_frame,
        selectors.actions_frame,
        lambda: selectors.actions_frame(details=True),
        lambda: selectors.decisions_frame(details=True),
        selectors.working_group_themes,
        lambda: selectors.organisation_names([coop.orgs["A"].pk]),
    ]
    with scope(pole=coop.pole):
        for call in calls:
            with CaptureQueriesContext(connection) as queries:
                call()
            assert len(queries) == 1, call


def test_frames_feed_the_summaries_with_hand_computed_figures(coop):
    with scope(pole=coop.pole):
        mobilisation = mobilisation_summary(
            selectors.meetings_frame(),
            selectors.attendance_frame(),
            selectors.members_frame(),
        )
        execution = execution_summary(
            selectors.decisions_frame(), selectors.actions_frame(), on=D(2024, 12, 31)
        )
    assert mobilisation.meetings == 7
    assert mobilisation.working_meetings == 6
    assert mobilisation.participants_total == 5
    assert mobilisation.structures_total == 3
    assert mobilisation.seminar_ratio_3_1 == 2.0
    assert mobilisation.seminar_structures == [2, 3, 3]
    assert mobilisation.at_risk == [coop.orgs["D"].pk]
    assert mobilisation.plenary_rate_mean == pytest.approx(0.375)
    assert (execution.decisions, execution.with_actions, execution.without_actions) == (3, 2, 1)
    assert (execution.done_on_time, execution.done_late, execution.overdue) == (1, 1, 1)
    assert (execution.open, execution.dropped, execution.total) == (1, 1, 5)
    assert execution.median_delay_days == 4.0
    assert execution.overall_rate == pytest.approx(2 / 3)


def test_empty_pole_gives_empty_frames_with_the_columns(make_pole):
    pole = make_pole("vide")
    with scope(pole=pole):
        frames = [
            (selectors.meetings_frame(), MEETING_COLUMNS),
            (selectors.attendance_frame(), ATTENDANCE_COLUMNS),
            (selectors.members_frame(), MEMBER_COLUMNS),
            (selectors.actions_frame(), ACTION_COLUMNS),
        ]
        summary = mobilisation_summary(*(frame for frame, _ in frames[:3]))
    for frame, columns in frames:
        assert frame.empty and tuple(frame.columns) == columns
    assert summary.meetings == 0 and summary.gini is None


def test_actions_frame_is_scoped(coop, make_pole):
    other = make_pole("autre")
    with scope(pole=other):
        assert selectors.actions_frame().empty
    assert Action.objects.filter(pole=coop.pole).count() == 5
