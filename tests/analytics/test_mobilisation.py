"""Mobilisation indicators on small, hand-computed cases, then general properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics.mobilisation import (
    DEFINITIONS,
    MobilisationSummary,
    mobilisation_summary,
    newcomers_and_returning,
    ordinal_ratio,
    participation_by_meeting,
    participation_gini,
    plenary_participation_rate,
    structure_retention,
    structures_at_risk,
)

D = dt.date


def meetings_frame(*rows):
    """Rows of (meeting_id, date, kind[, working_group_id])."""
    rows = [(*row, None) if len(row) == 3 else row for row in rows]
    return pd.DataFrame(rows, columns=["meeting_id", "date", "kind", "working_group_id"])


def attendance_frame(*rows):
    """Rows of (meeting_id, person_id, organisation_id[, status]); status defaults to present."""
    rows = [(*row, "present") if len(row) == 3 else row for row in rows]
    return pd.DataFrame(rows, columns=["meeting_id", "person_id", "organisation_id", "status"])


def members_frame(*rows):
    """Rows of (organisation_id, start_date, end_date)."""
    return pd.DataFrame(rows, columns=["organisation_id", "start_date", "end_date"])


NO_MEETINGS = meetings_frame()
NO_ATTENDANCE = attendance_frame()
NO_MEMBERS = members_frame()


# --- no meetings, one meeting -------------------------------------------------------------------


def test_no_meetings_gives_empty_results_and_nothing_measurable():
    per_meeting = participation_by_meeting(NO_MEETINGS, NO_ATTENDANCE)
    assert per_meeting.empty
    assert list(per_meeting.columns) == [
        "meeting_id", "date", "kind", "working_group_id", "participants", "structures",
    ]  # fmt: skip
    assert ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=1) is None
    newcomers = newcomers_and_returning(NO_MEETINGS, NO_ATTENDANCE)
    assert newcomers.empty
    assert list(newcomers.columns) == [
        "meeting_id", "date", "participants", "newcomers", "returning",
    ]  # fmt: skip
    retention = structure_retention(NO_MEETINGS, NO_ATTENDANCE)
    assert retention.empty
    assert list(retention.columns)[:4] == ["period", "structures", "retained", "retention_rate"]
    assert participation_gini(NO_ATTENDANCE) is None
    at_risk = structures_at_risk(NO_MEETINGS, NO_ATTENDANCE, NO_MEMBERS)
    assert at_risk.empty
    assert list(at_risk.columns) == ["organisation_id", "relevant_meetings", "last_present"]
    rates = plenary_participation_rate(NO_MEETINGS, NO_ATTENDANCE, NO_MEMBERS)
    assert rates.empty
    assert list(rates.columns) == [
        "meeting_id", "date", "member_structures", "present_member_structures", "rate",
    ]  # fmt: skip


def test_summary_of_nothing_is_zero_meetings_and_none_elsewhere():
    summary = mobilisation_summary(NO_MEETINGS, NO_ATTENDANCE, NO_MEMBERS)
    assert summary.period_start is None
    assert summary.period_end is None
    assert summary.meetings == 0
    assert summary.meetings_by_kind == {}
    assert summary.working_meetings == 0
    assert summary.participants_total == 0
    assert summary.structures_total == 0
    assert summary.seminar_ratio_3_1 is None
    assert summary.seminar_structures == []
    assert summary.gini is None
    assert summary.at_risk == []
    assert summary.plenary_rate_mean is None
    json.dumps(summary.as_dict())


def test_one_meeting():
    meetings = meetings_frame((1, D(2013, 1, 10), "plenary"))
    attendance = attendance_frame((1, 10, 100), (1, 11, 100), (1, 12, None))
    members = members_frame((100, None, None), (200, None, None))

    per_meeting = participation_by_meeting(meetings, attendance)
    assert per_meeting[["participants", "structures"]].values.tolist() == [[3, 1]]
    newcomers = newcomers_and_returning(meetings, attendance)
    assert newcomers[["participants", "newcomers", "returning"]].values.tolist() == [[3, 3, 0]]
    retention = structure_retention(meetings, attendance)
    assert retention["period"].tolist() == ["2013Q1"]
    assert retention["structures"].tolist() == [1]
    assert retention["retained"].isna().all()
    assert math.isnan(retention["retention_rate"].iloc[0])
    assert participation_gini(attendance) == 0.0
    # 200 missed the only plenary: enough evidence with k=1, not with the default k=3.
    assert structures_at_risk(meetings, attendance, members, k=1)["organisation_id"].tolist() == [
        200
    ]
    assert structures_at_risk(meetings, attendance, members).empty
    assert plenary_participation_rate(meetings, attendance, members)["rate"].tolist() == [0.5]


# --- participation per meeting ------------------------------------------------------------------


def test_only_presence_counts_and_people_without_structure_are_participants_only():
    meetings = meetings_frame(
        (2, D(2013, 2, 1), "working_group", 7),
        (1, D(2013, 1, 1), "plenary"),
        (3, D(2013, 2, 1), "plenary"),  # same day as 2: after it, by meeting_id
    )
    attendance = attendance_frame(
        (1, 10, 100),
        (1, 11, 100),
        (1, 12, None),
        (1, 13, 200, "excused"),
        (1, 14, 300, "registered"),
        (2, 10, 100),
        (2, 15, 200, "absent"),
        (3, 16, 300, "invited"),
    )
    per_meeting = participation_by_meeting(meetings, attendance)
    assert per_meeting["meeting_id"].tolist() == [1, 2, 3]
    assert per_meeting["participants"].tolist() == [3, 1, 0]
    assert per_meeting["structures"].tolist() == [1, 1, 0]
    assert per_meeting["kind"].tolist() == ["plenary", "working_group", "plenary"]
    assert per_meeting["date"].tolist() == [
        pd.Timestamp("2013-01-01"), pd.Timestamp("2013-02-01"), pd.Timestamp("2013-02-01"),
    ]  # fmt: skip


def test_a_person_exported_twice_for_a_meeting_counts_once():
    meetings = meetings_frame((1, D(2013, 1, 1), "plenary"))
    attendance = attendance_frame((1, 10, 100), (1, 10, 100))
    assert participation_by_meeting(meetings, attendance)["participants"].tolist() == [1]


def test_dates_as_datetime64_work_like_date_objects():
    as_dates = meetings_frame((1, D(2013, 1, 1), "plenary"), (2, D(2013, 2, 1), "plenary"))
    as_datetime64 = as_dates.assign(date=pd.to_datetime(as_dates["date"]))
    attendance = attendance_frame((1, 10, 100), (2, 10, 100))
    pd.testing.assert_frame_equal(
        participation_by_meeting(as_dates, attendance),
        participation_by_meeting(as_datetime64, attendance),
        check_dtype=False,
    )


SEMINARS = meetings_frame(
    (1, D(2013, 1, 10), "seminar"),
    (2, D(2013, 2, 10), "plenary"),
    (3, D(2013, 6, 10), "seminar"),
    (4, D(2014, 1, 10), "seminar"),
)
SEMINAR_ATTENDANCE = attendance_frame(
    # seminar 1: 3 people, 2 structures
    (1, 1, 100), (1, 2, 100), (1, 3, 200),
    # the plenary in between is not a seminar
    (2, 1, 100), (2, 2, 100), (2, 3, 200), (2, 4, 300), (2, 5, 400), (2, 6, 500), (2, 7, 600),
    # seminar 2: 4 people, 3 structures
    (3, 1, 100), (3, 3, 200), (3, 4, 300), (3, 5, None),
    # seminar 3: 6 people, 4 structures
    (4, 1, 100), (4, 2, 100), (4, 3, 200), (4, 4, 300), (4, 6, 500), (4, 8, None),
)  # fmt: skip


def test_seminar_3_over_seminar_1_doubles():
    per_meeting = participation_by_meeting(SEMINARS, SEMINAR_ATTENDANCE)
    assert ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=1) == 2.0
    assert ordinal_ratio(per_meeting, kind="seminar", later=2, earlier=1) == 4 / 3
    assert (
        ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=1, column="structures") == 2.0
    )


def test_ordinal_ratio_is_none_when_not_measurable():
    per_meeting = participation_by_meeting(SEMINARS, SEMINAR_ATTENDANCE)
    assert ordinal_ratio(per_meeting, kind="seminar", later=4, earlier=1) is None
    assert ordinal_ratio(per_meeting, kind="training", later=1, earlier=1) is None
    nobody_first = participation_by_meeting(
        SEMINARS, SEMINAR_ATTENDANCE[SEMINAR_ATTENDANCE["meeting_id"] != 1]
    )
    assert ordinal_ratio(nobody_first, kind="seminar", later=3, earlier=1) is None
    with pytest.raises(ValueError, match="from 1"):
        ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=0)


def test_newcomers_and_returning():
    meetings = meetings_frame(
        (1, D(2013, 1, 1), "plenary"),
        (2, D(2013, 2, 1), "working_group", 7),
        (3, D(2013, 3, 1), "plenary"),
        (4, D(2013, 4, 1), "convivial"),
    )
    attendance = attendance_frame(
        (1, 10, 100), (1, 11, 100),
        (2, 10, 100), (2, 12, 200), (2, 13, 200, "excused"),
        (3, 11, 100), (3, 12, 200), (3, 13, 200), (3, 14, None),
    )  # fmt: skip
    result = newcomers_and_returning(meetings, attendance)
    assert result["meeting_id"].tolist() == [1, 2, 3, 4]
    assert result["participants"].tolist() == [2, 2, 4, 0]
    # 13 was only excused at meeting 2: their first presence is meeting 3.
    assert result["newcomers"].tolist() == [2, 1, 2, 0]
    assert result["returning"].tolist() == [0, 1, 2, 0]


def test_newcomers_on_the_same_day_are_attributed_to_the_smaller_meeting_id():
    meetings = meetings_frame((5, D(2013, 1, 1), "plenary"), (4, D(2013, 1, 1), "convivial"))
    attendance = attendance_frame((5, 10, None), (4, 10, None))
    result = newcomers_and_returning(meetings, attendance)
    assert result[["meeting_id", "newcomers", "returning"]].values.tolist() == [
        [4, 1, 0],
        [5, 0, 1],
    ]


# --- structures over time -----------------------------------------------------------------------


def test_retention_of_a_structure_that_leaves_and_comes_back():
    meetings = meetings_frame(
        (1, D(2013, 1, 15), "plenary"),
        (2, D(2013, 2, 15), "working_group", 7),
        (3, D(2013, 4, 15), "plenary"),
        (4, D(2013, 7, 15), "plenary"),
    )
    attendance = attendance_frame(
        (1, 1, 100), (2, 2, 200),  # Q1: {100, 200}
        (3, 1, 100), (3, 2, 200, "absent"),  # Q2: {100}
        (4, 1, 100), (4, 2, 200),  # Q3: {100, 200}, 200 is back
    )  # fmt: skip
    retention = structure_retention(meetings, attendance)
    assert retention["period"].tolist() == ["2013Q1", "2013Q2", "2013Q3"]
    assert retention["structures"].tolist() == [2, 1, 2]
    assert retention["retained"].tolist()[1:] == [1, 1]
    assert pd.isna(retention["retained"].iloc[0])
    rates = retention["retention_rate"].tolist()
    assert math.isnan(rates[0])
    # Q2: 1 of Q1's 2 structures; Q3: Q2's only structure (100) is there, 200's return is not
    # a retention.
    assert rates[1:] == [0.5, 1.0]
    assert retention["meetings"].tolist() == [2, 1, 1]


def test_retention_keeps_empty_periods_and_does_not_measure_across_them():
    meetings = meetings_frame(
        (1, D(2013, 1, 15), "plenary"),
        (2, D(2013, 7, 15), "plenary"),
        (3, D(2013, 10, 15), "plenary"),
    )
    attendance = attendance_frame((1, 1, 100), (2, 1, 100), (3, 1, 100), (3, 2, 200))
    retention = structure_retention(meetings, attendance)
    assert retention["period"].tolist() == ["2013Q1", "2013Q2", "2013Q3", "2013Q4"]
    assert retention["structures"].tolist() == [1, 0, 1, 2]
    assert retention["meetings"].tolist() == [1, 0, 1, 1]
    # No meeting in Q2: nobody could come back, and Q3 has no previous structures to keep.
    assert retention["retained"].isna().tolist() == [True, True, True, False]
    assert retention["retained"].iloc[3] == 1
    assert retention["retention_rate"].iloc[3] == 1.0
    assert retention["retention_rate"].iloc[:3].isna().all()


def test_retention_by_month_and_a_period_with_a_meeting_but_no_structure():
    meetings = meetings_frame(
        (1, D(2013, 1, 15), "plenary"),
        (2, D(2013, 2, 15), "plenary"),
        (3, D(2013, 3, 15), "plenary"),
    )
    attendance = attendance_frame((1, 1, 100), (2, 9, None), (3, 1, 100))
    retention = structure_retention(meetings, attendance, freq="M")
    assert retention["period"].tolist() == ["2013-01", "2013-02", "2013-03"]
    assert retention["structures"].tolist() == [1, 0, 1]
    # February was measured: 100 was not there.
    assert retention["retained"].iloc[1] == 0
    assert retention["retention_rate"].iloc[1] == 0.0
    # March: February had no structure to retain.
    assert math.isnan(retention["retention_rate"].iloc[2])


def test_gini_of_equal_counts_is_zero():
    attendance = attendance_frame((1, 1, 100), (2, 1, 100), (1, 2, 200), (2, 3, 200))
    assert participation_gini(attendance) == 0.0


def test_gini_of_counts_1_1_4():
    attendance = attendance_frame(
        (1, 1, 100),
        (1, 2, 200),
        (1, 3, 300), (2, 3, 300), (3, 3, 300), (4, 4, 300),
        # none of these count
        (5, 5, 100, "absent"), (5, 6, None), (5, 7, 400, "excused"),
    )  # fmt: skip
    # sum |xi - xj| over ordered pairs = 2 * (0 + 3 + 3) = 12; 2 n² mu = 2 * 9 * 2 = 36.
    assert participation_gini(attendance) == pytest.approx(12 / 36)


def test_gini_without_any_structure_is_not_measurable():
    assert participation_gini(attendance_frame((1, 1, None), (1, 2, 100, "absent"))) is None


PLENARIES = meetings_frame(
    (1, D(2013, 1, 10), "plenary"),
    (2, D(2013, 2, 10), "plenary"),
    (3, D(2013, 3, 10), "seminar"),
    (4, D(2013, 4, 10), "plenary"),
    (5, D(2013, 5, 10), "plenary"),
    (6, D(2013, 5, 20), "working_group", 7),
)


def test_structures_at_risk():
    attendance = attendance_frame(
        (1, 1, 100),  # 100 only came to the first plenary...
        (6, 1, 100),  # ...and to a working group, which is not a relevant meeting
        (1, 2, 200), (5, 2, 200),  # 200 came to the last plenary
        (2, 4, 400),  # 400 (left, then came back) came to meeting 2
    )  # fmt: skip
    members = members_frame(
        (100, None, None),
        (200, D(2012, 1, 1), None),
        (300, D(2013, 3, 1), None),  # joined before meeting 3: 3 relevant meetings, never came
        (400, None, D(2013, 2, 28)),  # left after meeting 2...
        (400, D(2013, 5, 1), None),  # ...and came back before meeting 5
        (500, None, D(2013, 3, 31)),  # former member: no longer a concern
        (600, D(2013, 4, 1), None),  # joined before meeting 4: only 2 relevant meetings
    )
    at_risk = structures_at_risk(PLENARIES, attendance, members)
    assert at_risk["organisation_id"].tolist() == [100, 300]
    assert at_risk["relevant_meetings"].tolist() == [5, 3]
    assert at_risk["last_present"].tolist()[0] == pd.Timestamp("2013-01-10")
    assert pd.isna(at_risk["last_present"].iloc[1])
    # 400's relevant meetings are 1, 2 and 5 (3 and 4 were held while it was out); it came
    # to 2, so it is not flagged although it missed 3, 4 and 5.
    assert 400 not in at_risk["organisation_id"].tolist()
    # With k = 4 only 100 has enough relevant meetings, and it missed its last 4.
    assert structures_at_risk(PLENARIES, attendance, members, k=4)["organisation_id"].tolist() == [
        100
    ]


def test_structures_at_risk_on_an_earlier_date_and_other_kinds():
    attendance = attendance_frame((1, 1, 100), (4, 1, 100))
    members = members_frame((100, None, None), (200, None, None))
    # On 10 March, the relevant meetings are 1, 2, 3; 100 came to 1, 200 to none.
    on_march = structures_at_risk(PLENARIES, attendance, members, on=D(2013, 3, 10))
    assert on_march["organisation_id"].tolist() == [200]
    # Counting only plenaries, on the last meeting's date: 1, 2, 4, 5; 100's last 3 are 2, 4, 5.
    plenaries_only = structures_at_risk(PLENARIES, attendance, members, kinds=("plenary",))
    assert plenaries_only["organisation_id"].tolist() == [200]
    assert plenaries_only["relevant_meetings"].tolist() == [4]


def test_structures_at_risk_needs_a_positive_k():
    with pytest.raises(ValueError, match="k must be"):
        structures_at_risk(PLENARIES, NO_ATTENDANCE, NO_MEMBERS, k=0)


def test_plenary_participation_rate():
    attendance = attendance_frame(
        (1, 1, 100), (1, 2, 100), (1, 3, 999),  # 999 is a partner, not a member
        (2, 1, 100), (2, 4, 200),
        (4, 9, None),
    )  # fmt: skip
    members = members_frame(
        (100, None, None),
        (200, None, D(2013, 3, 31)),
        (300, D(2013, 2, 1), None),
    )
    rates = plenary_participation_rate(PLENARIES, attendance, members)
    assert rates["meeting_id"].tolist() == [1, 2, 4, 5]
    assert rates["member_structures"].tolist() == [2, 3, 2, 2]
    assert rates["present_member_structures"].tolist() == [1, 2, 0, 0]
    assert rates["rate"].tolist() == [0.5, 2 / 3, 0.0, 0.0]
    seminars = plenary_participation_rate(PLENARIES, attendance, members, kinds=("seminar",))
    assert seminars["meeting_id"].tolist() == [3]


def test_plenary_rate_without_members_is_not_measurable():
    rates = plenary_participation_rate(PLENARIES, attendance_frame((1, 1, 100)), NO_MEMBERS)
    assert rates["member_structures"].tolist() == [0, 0, 0, 0]
    assert rates["rate"].isna().all()


# --- summary ------------------------------------------------------------------------------------


def test_summary_over_a_window():
    meetings = pd.concat(
        [
            SEMINARS,
            meetings_frame(
                (10, D(2012, 12, 1), "plenary"),  # before the window
                (11, D(2013, 3, 1), "convivial"),
                (12, D(2014, 2, 1), "plenary"),  # after the window
            ),
        ],
        ignore_index=True,
    )
    attendance = pd.concat(
        [SEMINAR_ATTENDANCE, attendance_frame((10, 50, 700), (11, 51, 800), (12, 52, 900))],
        ignore_index=True,
    )
    members = members_frame((100, None, None), (200, None, None), (700, None, None))
    summary = mobilisation_summary(
        meetings, attendance, members, start=D(2013, 1, 1), end=D(2014, 1, 31)
    )
    assert summary.period_start == D(2013, 1, 1)
    assert summary.period_end == D(2014, 1, 31)
    assert summary.meetings == 5
    assert summary.meetings_by_kind == {"seminar": 3, "plenary": 1, "convivial": 1}
    assert summary.working_meetings == 4
    # persons 1-8 and 51; structures 100-600 and 800
    assert summary.participants_total == 9
    assert summary.structures_total == 7
    assert summary.seminar_ratio_3_1 == 2.0
    assert summary.seminar_structures == [2, 3, 4]
    # presences per structure: 100: 7, 200: 4, 300: 3, 400: 1, 500: 2, 600: 1, 800: 1
    # sorted 1 1 1 2 3 4 7 (mean 19/7). Sum of |xi - xj| over unordered pairs: the three 1s
    # against 2, 3, 4, 7: 3 * (1 + 2 + 3 + 6) = 36; 2 against 3, 4, 7: 8; 3 against 4, 7: 5;
    # 4 against 7: 3. Total 52, so G = 2 * 52 / (2 * 49 * 19/7) = 52 / 133.
    assert summary.gini == pytest.approx(52 / 133)
    # 700 came only to meeting 10, out of the window: its relevant meetings are the 4 plenaries
    # and seminars in the window, all missed.
    assert summary.at_risk == [700]
    # the plenary (meeting 2): 100 and 200 came, 700 did not.
    assert summary.plenary_rate_mean == pytest.approx(2 / 3)


def test_summary_defaults_to_the_meetings_dates_and_is_json_ready():
    summary = mobilisation_summary(SEMINARS, SEMINAR_ATTENDANCE, members_frame((100, None, None)))
    assert isinstance(summary, MobilisationSummary)
    assert summary.period_start == D(2013, 1, 10)
    assert summary.period_end == D(2014, 1, 10)
    data = summary.as_dict()
    assert data["period_start"] == "2013-01-10"
    assert data["period_end"] == "2014-01-10"
    assert data["at_risk"] == []
    assert data["plenary_rate_mean"] == 1.0
    assert json.loads(json.dumps(data)) == data
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.meetings = 0


def test_summary_as_dict_turns_nan_into_none():
    summary = mobilisation_summary(PLENARIES, attendance_frame((1, 1, 100)), NO_MEMBERS)
    assert summary.plenary_rate_mean is None
    assert summary.as_dict()["plenary_rate_mean"] is None
    assert summary.as_dict()["seminar_ratio_3_1"] is None


def test_every_summary_field_has_a_definition():
    fields = {field.name for field in dataclasses.fields(MobilisationSummary)}
    assert set(DEFINITIONS) == fields
    assert all(definition.strip() for definition in DEFINITIONS.values())


# --- validation ---------------------------------------------------------------------------------

ONE_MEETING = meetings_frame((1, D(2013, 1, 1), "plenary"))
ONE_PRESENCE = attendance_frame((1, 1, 100))
ONE_MEMBER = members_frame((100, None, None))


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: participation_by_meeting(ONE_MEETING.drop(columns="kind"), ONE_PRESENCE), "kind"),
        (
            lambda: participation_by_meeting(ONE_MEETING, ONE_PRESENCE.drop(columns="status")),
            "status",
        ),
        (
            lambda: newcomers_and_returning(ONE_MEETING, ONE_PRESENCE.drop(columns="person_id")),
            "person_id",
        ),
        (lambda: structure_retention(ONE_MEETING.drop(columns="date"), ONE_PRESENCE), "date"),
        (
            lambda: participation_gini(ONE_PRESENCE.drop(columns="organisation_id")),
            "organisation_id",
        ),
        (
            lambda: structures_at_risk(
                ONE_MEETING, ONE_PRESENCE, ONE_MEMBER.drop(columns="end_date")
            ),
            "end_date",
        ),
        (
            lambda: plenary_participation_rate(
                ONE_MEETING.drop(columns="working_group_id"), ONE_PRESENCE, ONE_MEMBER
            ),
            "working_group_id",
        ),
        (
            lambda: mobilisation_summary(
                ONE_MEETING, ONE_PRESENCE, ONE_MEMBER.drop(columns="start_date")
            ),
            "start_date",
        ),
        (
            lambda: ordinal_ratio(
                participation_by_meeting(ONE_MEETING, ONE_PRESENCE),
                kind="seminar",
                later=2,
                earlier=1,
                column="people",
            ),
            "people",
        ),
    ],
)
def test_a_missing_column_is_named(call, column):
    with pytest.raises(ValueError, match=column):
        call()


def test_a_meeting_without_date_is_refused():
    meetings = meetings_frame((1, None, "plenary"))
    with pytest.raises(ValueError, match="date"):
        participation_by_meeting(meetings, ONE_PRESENCE)


# --- properties ---------------------------------------------------------------------------------

KINDS = ["plenary", "seminar", "steering_committee", "working_group", "convivial", "training"]
STATUSES = ["invited", "registered", "present", "excused", "absent"]

meeting_rows = st.lists(
    st.tuples(
        st.dates(min_value=D(2013, 1, 1), max_value=D(2014, 12, 31)),
        st.sampled_from(KINDS),
    ),
    max_size=12,
)


@st.composite
def pole_activity(draw):
    meetings = meetings_frame(
        *[(i + 1, day, kind) for i, (day, kind) in enumerate(draw(meeting_rows))]
    )
    attendance = attendance_frame(
        *draw(
            st.lists(
                st.tuples(
                    # meeting 0 never exists: attendance at unknown meetings must be ignored
                    st.integers(0, max(len(meetings), 1)),
                    st.integers(1, 8),
                    st.sampled_from([None, 100, 200, 300, 400]),
                    st.sampled_from(STATUSES),
                ),
                max_size=40,
            )
        )
    )
    members = members_frame(
        *draw(
            st.lists(
                st.tuples(
                    st.sampled_from([100, 200, 300, 400, 500]),
                    st.none() | st.dates(min_value=D(2013, 1, 1), max_value=D(2014, 12, 31)),
                    st.none() | st.dates(min_value=D(2013, 1, 1), max_value=D(2014, 12, 31)),
                ),
                max_size=6,
            )
        )
    )
    return meetings, attendance, members


@settings(max_examples=40, deadline=None)
@given(pole_activity())
def test_per_meeting_counts_are_consistent(activity):
    meetings, attendance, _ = activity
    per_meeting = participation_by_meeting(meetings, attendance)
    assert len(per_meeting) == len(meetings)
    assert (per_meeting["participants"] >= per_meeting["structures"]).all()
    assert (per_meeting["structures"] >= 0).all()

    newcomers = newcomers_and_returning(meetings, attendance)
    assert (newcomers["newcomers"] + newcomers["returning"] == newcomers["participants"]).all()
    assert (newcomers["returning"] >= 0).all()
    at_known_meetings = attendance["meeting_id"].isin(meetings["meeting_id"])
    present = attendance[attendance["status"].eq("present") & at_known_meetings]
    assert newcomers["newcomers"].sum() == len(set(present["person_id"]))


@settings(max_examples=40, deadline=None)
@given(pole_activity())
def test_gini_and_rates_are_proportions(activity):
    meetings, attendance, members = activity
    gini = participation_gini(attendance)
    if gini is not None:
        assert 0.0 <= gini < 1.0

    retention = structure_retention(meetings, attendance)
    rates = retention["retention_rate"].dropna()
    assert ((rates >= 0.0) & (rates <= 1.0)).all()
    measured = retention["retained"].notna()
    assert (retention.loc[measured, "retained"] <= retention.loc[measured, "structures"]).all()

    plenary = plenary_participation_rate(meetings, attendance, members)
    rates = plenary["rate"].dropna()
    assert ((rates >= 0.0) & (rates <= 1.0)).all()
    assert (plenary["present_member_structures"] <= plenary["member_structures"]).all()

    at_risk = structures_at_risk(meetings, attendance, members)
    assert (at_risk["relevant_meetings"] >= 3).all()

    summary = mobilisation_summary(meetings, attendance, members)
    assert summary.meetings == len(meetings)
    assert summary.working_meetings <= summary.meetings
    json.dumps(summary.as_dict())


@given(st.integers(1, 30), st.integers(1, 50))
def test_gini_of_equal_counts_is_zero_whatever_the_count(structures, n):
    # every structure present at the same number n of meetings
    rows = [(m, 1000 + s, s) for s in range(structures) for m in range(n)]
    assert participation_gini(attendance_frame(*rows)) == 0.0


def test_gini_with_one_dominant_structure_approaches_its_bound():
    # 9 structures present once, one 1000 times: the 9 x 1 pairs of (1, 1000) differ by 999,
    # so G = 2 * 9 * 999 / (2 * 100 * 100.9) = 8991 / 10090 = 0.8911, below (n - 1) / n = 0.9.
    rows = [(1, s, s) for s in range(9)] + [(m, 99, 99) for m in range(1000)]
    gini = participation_gini(attendance_frame(*rows))
    assert gini == pytest.approx(8991 / 10090)
