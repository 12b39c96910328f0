"""Reads of the cooperative life, as the DataFrames `ptce_analytics` works on.

Callers run inside the pole's scope (`pole_view` does it for pages, the `indicators` command
opens it): every query here goes through the scoped managers, so a frame only ever holds the
pole's own rows.

Each function runs exactly one query, whatever the size of the pole: rows are read with
`values_list` and related columns are joined in SQL, never followed object by object. The
frames carry exactly the columns the analytics modules declare (`MEETING_COLUMNS`, ...), with
dates as datetime64 (NaT when missing) and nullable ids as the nullable "Int64" type, so an id
stays an integer next to a missing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from django.db.models import QuerySet
from django.utils import timezone

from ptce.meetings.models import Action, Attendance, Decision, Meeting, WorkingGroup
from ptce.registry.models import Membership, MembershipRole, Organisation
from ptce_analytics.execution import ACTION_COLUMNS
from ptce_analytics.mobilisation import ATTENDANCE_COLUMNS, MEETING_COLUMNS, MEMBER_COLUMNS

__all__ = [
    "ACTION_DETAIL_COLUMNS",
    "DECISION_COLUMNS",
    "DECISION_DETAIL_COLUMNS",
    "actions_frame",
    "attendance_frame",
    "decisions_frame",
    "meetings_frame",
    "members_frame",
    "mobilisation_window",
    "organisation_names",
    "working_group_themes",
]

# The execution module documents its decisions table without exporting a constant for it.
DECISION_COLUMNS = ("decision_id", "meeting_id", "working_group_id")
# Extra columns for the attention list, which names what needs attention.
DECISION_DETAIL_COLUMNS = ("text", "meeting_title", "meeting_date")
ACTION_DETAIL_COLUMNS = (
    "title",
    "meeting_id",
    "meeting_title",
    "owner_first_name",
    "owner_last_name",
    "owner_consent_directory",
    "owner_person_organisation",
    "owner_organisation",
)

# How many relevant meetings in a row a structure must miss to be flagged as drifting away.
DEFAULT_K = 3

# The owner kind of an action carried by a structure rather than by a person.
ORGANISATION_OWNER = "organisation"


def mobilisation_window(
    start: dt.date | None, end: dt.date | None, *, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date]:
    """The default window of the mobilisation figures: everything up to today.

    Meetings still to come have nobody present yet; counted as held, they would show as empty
    meetings and make every member structure look like it is drifting away.
    """
    return start, end or today or timezone.localdate()


def _frame(
    rows: Iterable[Sequence[Any]],
    columns: Sequence[str],
    *,
    dates: Sequence[str] = (),
    ids: Sequence[str] = (),
) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    for column in ids:
        # "Int64" keeps 12 as 12 next to a missing id (a float column would say 12.0).
        frame[column] = frame[column].astype("Int64")
    return frame


def _window(qs: QuerySet, field: str, start: dt.date | None, end: dt.date | None) -> QuerySet:
    if start is not None:
        qs = qs.filter(**{f"{field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def meetings_frame(*, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """The pole's meetings held between `start` and `end` (inclusive, each optional).

    Columns: `ptce_analytics.mobilisation.MEETING_COLUMNS`.
    """
    qs = _window(Meeting.objects.all(), "date", start, end).order_by("date", "pk")
    rows = qs.values_list("pk", "date", "kind", "working_group_id")
    return _frame(rows, MEETING_COLUMNS, dates=["date"], ids=["working_group_id"])


def attendance_frame(*, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Attendance rows of the meetings held between `start` and `end`, every status included.

    Columns: `ptce_analytics.mobilisation.ATTENDANCE_COLUMNS`. The analytics keep "present"
    rows themselves; the other statuses are passed on so that no definition lives here.
    """
    qs = _window(Attendance.objects.all(), "meeting__date", start, end).order_by("pk")
    rows = qs.values_list("meeting_id", "person_id", "organisation_id", "status")
    return _frame(rows, ATTENDANCE_COLUMNS, ids=["organisation_id"])


def members_frame() -> pd.DataFrame:
    """Membership spells of the pole's member structures.

    Columns: `ptce_analytics.mobilisation.MEMBER_COLUMNS`. Partners are left out: the
    mobilisation indicators count them among the structures present "without being members".
    Every spell is kept, whatever its dates: the analytics decide who is a member on which day.
    """
    qs = Membership.objects.exclude(role=MembershipRole.PARTNER).order_by("organisation_id", "pk")
    rows = qs.values_list("organisation_id", "start_date", "end_date")
    return _frame(rows, MEMBER_COLUMNS, dates=["start_date", "end_date"])


def decisions_frame(
    *, start: dt.date | None = None, end: dt.date | None = None, details: bool = False
) -> pd.DataFrame:
    """Decisions taken at meetings held between `start` and `end`.

    Columns: `DECISION_COLUMNS` (the decisions table of `ptce_analytics.execution`), then
    `DECISION_DETAIL_COLUMNS` when `details` is true (for pages that name the decisions).
    """
    qs = _window(Decision.objects.all(), "meeting__date", start, end).order_by("pk")
    fields = ["pk", "meeting_id", "meeting__working_group_id"]
    columns = list(DECISION_COLUMNS)
    dates: list[str] = []
    if details:
        fields += ["text", "meeting__title", "meeting__date"]
        columns += DECISION_DETAIL_COLUMNS
        dates.append("meeting_date")
    return _frame(qs.values_list(*fields), columns, dates=dates, ids=["working_group_id"])


def actions_frame(
    *, start: dt.date | None = None, end: dt.date | None = None, details: bool = False
) -> pd.DataFrame:
    """Actions of the decisions taken at meetings held between `start` and `end`.

    Columns: `ptce_analytics.execution.ACTION_COLUMNS`, then `ACTION_DETAIL_COLUMNS` when
    `details` is true. `owner_kind` is the owner's `Person.kind`, "organisation" when only a
    structure carries the action, None when nobody does or the person's kind is not recorded.
    `working_group_id` is the group of the meeting where the decision was taken.
    """
    qs = _window(Action.objects.all(), "decision__meeting__date", start, end).order_by("pk")
    fields = [
        "pk",
        "decision_id",
        "due_date",
        "status",
        "completed_on",
        "owner_person_id",
        "owner_person__kind",
        "owner_organisation_id",
        "decision__meeting__working_group_id",
    ]
    if details:
        fields += [
            "title",
            "decision__meeting_id",
            "decision__meeting__title",
            "owner_person__first_name",
            "owner_person__last_name",
            "owner_person__consent_directory",
            "owner_person__organisation__name",
            "owner_organisation__name",
        ]
    rows = []
    for row in qs.values_list(*fields):
        person_id, person_kind, organisation_id = row[5], row[6], row[7]
        if person_id is not None:
            # A blank kind means "not recorded": unknown, not "other".
            owner_kind = person_kind or None
        elif organisation_id is not None:
            owner_kind = ORGANISATION_OWNER
        else:
            owner_kind = None
        rows.append((*row[:5], owner_kind, *row[8:]))
    columns = [*ACTION_COLUMNS, *(ACTION_DETAIL_COLUMNS if details else ())]
    return _frame(rows, columns, dates=["due_date", "completed_on"], ids=["working_group_id"])


def organisation_names(ids: Iterable[Any]) -> dict[int, str]:
    """Names of the given structures, by id, in one query (none when `ids` is empty)."""
    wanted = sorted({int(value) for value in ids if not pd.isna(value)})
    if not wanted:
        return {}
    return dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name"))


def working_group_themes() -> dict[int, str]:
    """Every working group's theme, by id: few rows, read whole so the page stays one query."""
    return dict(WorkingGroup.objects.values_list("pk", "theme"))
