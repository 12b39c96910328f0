"""Mobilisation of a pole: who comes to its meetings, who comes back, who drifts away.

A pole lives through its meetings (plenaries, seminars, steering committees, working groups,
convivial moments, trainings). People attend, each representing a member structure or none.
These indicators describe that participation from the tables the platform exports.

Conventions shared by every function:

* only the attendance status ``"present"`` counts as participation; invited, registered,
  excused and absent people did not take part;
* a meeting that happened with nobody present is a *measured* zero, whereas a question that
  cannot be answered (no seminar 3 yet, no member structure on a date) is ``None`` / NaN,
  never 0;
* dates may be ``datetime.date`` objects, strings or datetime64 values; they are compared at
  day resolution and returned as datetime64 (``NaT`` when missing).

Input tables
------------
``meetings``
    ``meeting_id``, ``date``, ``kind`` (``"plenary"``, ``"seminar"``, ``"steering_committee"``,
    ``"working_group"``, ``"convivial"``, ``"training"``), ``working_group_id`` (nullable).
``attendance``
    ``meeting_id``, ``person_id``, ``organisation_id`` (nullable: the structure represented),
    ``status`` (``"invited"``, ``"registered"``, ``"present"``, ``"excused"``, ``"absent"``).
``members``
    ``organisation_id``, ``start_date`` (nullable: member since always), ``end_date``
    (nullable: still a member). A structure may have several rows (membership spells), e.g.
    when it left and joined again.

References
----------
The indicators follow the observation protocol of the research behind the platform: 80
working meetings over 20 months and three cooperation seminars whose attendance doubled from
the first to the third (60 people from about 20 structures).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from ptce_analytics._frames import DateLike, plain, require_columns, to_dates, to_day

__all__ = [
    "ATTENDANCE_COLUMNS",
    "DEFINITIONS",
    "MEETING_COLUMNS",
    "MEMBER_COLUMNS",
    "MobilisationSummary",
    "mobilisation_summary",
    "newcomers_and_returning",
    "ordinal_ratio",
    "participation_by_meeting",
    "participation_gini",
    "plenary_participation_rate",
    "structure_retention",
    "structures_at_risk",
]

MEETING_COLUMNS = ("meeting_id", "date", "kind", "working_group_id")
ATTENDANCE_COLUMNS = ("meeting_id", "person_id", "organisation_id", "status")
MEMBER_COLUMNS = ("organisation_id", "start_date", "end_date")

PRESENT = "present"
# Convivial moments are part of the pole's life but not of its work (the paper's "working
# meetings" exclude them).
NON_WORKING_KINDS = frozenset({"convivial"})


# --- input normalisation ------------------------------------------------------------------------


def _meetings(meetings: pd.DataFrame) -> pd.DataFrame:
    """Validated copy of `meetings`, dates normalised, in chronological order."""
    require_columns(meetings, MEETING_COLUMNS, "meetings")
    frame = meetings.copy()
    frame["date"] = to_dates(frame["date"])
    # A meeting without a date cannot be placed in any chronology: refuse rather than guess.
    if frame["date"].isna().any():
        raise ValueError("meetings.date has missing values")
    if frame["meeting_id"].duplicated().any():
        raise ValueError("meetings.meeting_id has duplicates")
    # Ties on the date are broken by meeting_id so that "first", "last" and ordinals are stable.
    return frame.sort_values(["date", "meeting_id"], kind="stable").reset_index(drop=True)


def _present(attendance: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """Presences at known meetings, one row per (meeting, person), with the meeting's date/kind.

    `meetings` must come from :func:`_meetings`. Attendance at meetings that are not in the
    table (e.g. outside a time window) is left out.
    """
    require_columns(attendance, ATTENDANCE_COLUMNS, "attendance")
    present = attendance.loc[
        attendance["status"].eq(PRESENT) & attendance["meeting_id"].isin(meetings["meeting_id"]),
        list(ATTENDANCE_COLUMNS[:3]),
    ]
    # A person is counted once per meeting even if exported twice.
    present = present.drop_duplicates(["meeting_id", "person_id"])
    # Positional lookup rather than Series.map, which fails on an empty datetime mapper.
    rows = pd.Index(meetings["meeting_id"]).get_indexer(present["meeting_id"])
    present = present.assign(
        date=meetings["date"].to_numpy()[rows],
        kind=meetings["kind"].to_numpy()[rows],
    )
    return present.sort_values(["date", "meeting_id"], kind="stable").reset_index(drop=True)


def _members(members: pd.DataFrame) -> pd.DataFrame:
    require_columns(members, MEMBER_COLUMNS, "members")
    frame = members.loc[members["organisation_id"].notna(), list(MEMBER_COLUMNS)].copy()
    frame["start_date"] = to_dates(frame["start_date"])
    frame["end_date"] = to_dates(frame["end_date"])
    return frame


def _member_on(spells: pd.DataFrame, dates: pd.Series) -> pd.Series:
    """For each date, whether one of the membership `spells` covers it (bounds inclusive)."""
    covered = pd.Series(data=False, index=dates.index)
    for start, end in zip(spells["start_date"], spells["end_date"], strict=True):
        # A missing start means "member since always", a missing end "still a member".
        after_start = dates >= start if pd.notna(start) else True
        before_end = dates <= end if pd.notna(end) else True
        covered |= after_start & before_end
    return covered


def _members_on(members: pd.DataFrame, day: pd.Timestamp) -> set[Any]:
    started = members["start_date"].isna() | (members["start_date"] <= day)
    not_ended = members["end_date"].isna() | (members["end_date"] >= day)
    return set(members.loc[started & not_ended, "organisation_id"])


# --- participation per meeting ------------------------------------------------------------------


def participation_by_meeting(meetings: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
    """Number of people and of structures present at each meeting.

    Parameters
    ----------
    meetings
        The meetings table (``meeting_id``, ``date``, ``kind``, ``working_group_id``).
    attendance
        The attendance table (``meeting_id``, ``person_id``, ``organisation_id``, ``status``).

    Returns
    -------
    pandas.DataFrame
        Columns ``meeting_id, date, kind, working_group_id, participants, structures``, one
        row per meeting sorted by date then ``meeting_id``. ``participants`` is the number of
        distinct persons present, ``structures`` the number of distinct non-null
        ``organisation_id`` among them.

    Notes
    -----
    A meeting with nobody present has 0 participants and 0 structures: it took place and
    the count was made, so 0 is a measurement, not a missing value.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2], "date": ["2013-01-10", "2013-02-10"],
    ...                          "kind": ["plenary", "seminar"], "working_group_id": [None, None]})
    >>> attendance = pd.DataFrame({"meeting_id": [1, 1, 1, 2], "person_id": [10, 11, 12, 10],
    ...                            "organisation_id": [100, 100, None, 100],
    ...                            "status": ["present", "present", "present", "excused"]})
    >>> participation_by_meeting(meetings, attendance)[["participants", "structures"]].values
    array([[3, 1],
           [0, 0]])
    """
    frame = _meetings(meetings)
    present = _present(attendance, frame)
    participants = present.groupby("meeting_id")["person_id"].nunique()
    structures = (
        present.dropna(subset=["organisation_id"])
        .groupby("meeting_id")["organisation_id"]
        .nunique()
    )
    out = frame[list(MEETING_COLUMNS)].copy()
    # fillna(0): no presence row means nobody came, a measured zero (see Notes).
    out["participants"] = out["meeting_id"].map(participants).fillna(0).astype(int)
    out["structures"] = out["meeting_id"].map(structures).fillna(0).astype(int)
    return out


def ordinal_ratio(
    per_meeting: pd.DataFrame,
    *,
    kind: str,
    later: int,
    earlier: int,
    column: str = "participants",
) -> float | None:
    """Ratio of a count between the `later`-th and the `earlier`-th meeting of a kind.

    Parameters
    ----------
    per_meeting
        Output of :func:`participation_by_meeting` (or any frame with ``meeting_id``,
        ``date``, ``kind`` and `column`).
    kind
        The meeting kind to number, e.g. ``"seminar"``.
    later, earlier
        Ordinals, numbered from 1 in chronological order (ties by ``meeting_id``).
    column
        The count to compare, ``"participants"`` or ``"structures"``.

    Returns
    -------
    float or None
        ``value[later] / value[earlier]``; None when either meeting does not exist, a value
        is missing, or the earlier value is 0 (a growth from nothing has no ratio).

    Raises
    ------
    ValueError
        When a column is missing or an ordinal is below 1.

    Notes
    -----
    The paper reports that seminar attendance doubled from the first to the third seminar,
    i.e. ``ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=1) == 2.0``.

    Examples
    --------
    >>> per_meeting = pd.DataFrame({"meeting_id": [1, 2, 3], "kind": ["seminar"] * 3,
    ...                             "date": ["2013-01-10", "2013-06-10", "2014-01-10"],
    ...                             "participants": [30, 41, 60]})
    >>> ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=1)
    2.0
    >>> ordinal_ratio(per_meeting, kind="seminar", later=4, earlier=1) is None
    True
    """
    require_columns(per_meeting, ("meeting_id", "date", "kind", column), "per_meeting")
    if later < 1 or earlier < 1:
        raise ValueError("ordinals are numbered from 1")
    frame = per_meeting.loc[per_meeting["kind"].eq(kind), ["meeting_id", "date", column]].copy()
    frame["date"] = to_dates(frame["date"])
    values = frame.sort_values(["date", "meeting_id"], kind="stable")[column].tolist()
    if max(later, earlier) > len(values):
        return None
    numerator, denominator = plain(values[later - 1]), plain(values[earlier - 1])
    if numerator is None or denominator is None or denominator == 0:
        return None
    return float(numerator) / float(denominator)


def newcomers_and_returning(meetings: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
    """Split each meeting's participants into first-timers and people who came before.

    Parameters
    ----------
    meetings, attendance
        See the module documentation.

    Returns
    -------
    pandas.DataFrame
        Columns ``meeting_id, date, participants, newcomers, returning``, one row per meeting
        in chronological order. ``newcomers`` counts persons present for the first time
        ever, ``returning`` the others, so ``newcomers + returning == participants``.

    Notes
    -----
    "First time" is judged within the meetings given: a person's first meeting is the earliest
    one at which they were present, ties on the date broken by ``meeting_id``. Summed over all
    meetings, newcomers equal the number of distinct persons ever present.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2], "date": ["2013-01-10", "2013-02-10"],
    ...                          "kind": ["plenary"] * 2, "working_group_id": [None, None]})
    >>> attendance = pd.DataFrame({"meeting_id": [1, 1, 2, 2], "person_id": [10, 11, 10, 12],
    ...                            "organisation_id": [None] * 4, "status": ["present"] * 4})
    >>> newcomers_and_returning(meetings, attendance)[["newcomers", "returning"]].values
    array([[2, 0],
           [1, 1]])
    """
    frame = _meetings(meetings)
    present = _present(attendance, frame)
    # `present` is already in chronological order: a person's first row is their first meeting.
    first_times = present.drop_duplicates("person_id").groupby("meeting_id").size()
    participants = present.groupby("meeting_id")["person_id"].nunique()
    out = frame[["meeting_id", "date"]].copy()
    out["participants"] = out["meeting_id"].map(participants).fillna(0).astype(int)
    out["newcomers"] = out["meeting_id"].map(first_times).fillna(0).astype(int)
    out["returning"] = out["participants"] - out["newcomers"]
    return out


# --- structures over time -----------------------------------------------------------------------


def structure_retention(
    meetings: pd.DataFrame, attendance: pd.DataFrame, *, freq: str = "Q"
) -> pd.DataFrame:
    """Share of the structures present in a period that are present again in the next one.

    Parameters
    ----------
    meetings, attendance
        See the module documentation.
    freq
        A pandas period frequency: ``"Q"`` (quarters, default), ``"M"``, ``"Y"``...

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (str, e.g. ``"2013Q1"``), ``structures``, ``retained``,
        ``retention_rate``, then ``meetings`` (the number of meetings held in the period).
        One row per calendar period from the first to the last meeting, periods without
        meetings included.

    Notes
    -----
    With :math:`S_p` the set of structures present at any meeting of period :math:`p`:

    .. math:: \\text{retained}_p = |S_p \\cap S_{p-1}|, \\qquad
              \\text{retention\\_rate}_p = \\text{retained}_p / |S_{p-1}|

    ``retention_rate`` is NaN (and ``retained`` is ``<NA>``) when it cannot be measured: for
    the first period, when the previous period had no structure, and for a period without any
    meeting (nobody could come back, so absence says nothing about retention). A period without
    meetings still reports ``structures == 0``. A structure that is absent in one period and
    comes back later counts as not retained in its absent period, and again as not retained on
    its return, since it was not in the period just before.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2], "date": ["2013-01-10", "2013-04-10"],
    ...                          "kind": ["plenary"] * 2, "working_group_id": [None, None]})
    >>> attendance = pd.DataFrame({"meeting_id": [1, 1, 2], "person_id": [10, 11, 10],
    ...                            "organisation_id": [100, 200, 100],
    ...                            "status": ["present"] * 3})
    >>> structure_retention(meetings, attendance)["retention_rate"].tolist()
    [nan, 0.5]
    """
    frame = _meetings(meetings)
    present = _present(attendance, frame)
    columns = ["period", "structures", "retained", "retention_rate", "meetings"]
    if frame.empty:
        return _typed_retention(pd.DataFrame(columns=columns))
    meeting_periods = frame["date"].dt.to_period(freq)
    periods = pd.period_range(meeting_periods.min(), meeting_periods.max(), freq=freq)
    meetings_per_period = meeting_periods.value_counts()
    present = present.dropna(subset=["organisation_id"])
    structures_per_period = (
        present.groupby(present["date"].dt.to_period(freq))["organisation_id"].agg(set).to_dict()
    )

    rows = []
    previous: set[Any] | None = None
    for period in periods:
        held = int(meetings_per_period.get(period, 0))
        current = structures_per_period.get(period, set())
        if held and previous:
            retained: int | None = len(current & previous)
            rate = retained / len(previous)
        else:
            retained, rate = None, math.nan
        rows.append((str(period), len(current), retained, rate, held))
        previous = current if held else None
    return _typed_retention(pd.DataFrame(rows, columns=columns))


def _typed_retention(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {
            "period": str,
            "structures": int,
            "retained": "Int64",
            "retention_rate": float,
            "meetings": int,
        }
    )


def participation_gini(attendance: pd.DataFrame) -> float | None:
    """Gini coefficient of the number of presences per structure.

    Parameters
    ----------
    attendance
        The attendance table. Only ``"present"`` rows with a non-null ``organisation_id``
        count; a person is counted once per meeting.

    Returns
    -------
    float or None
        0 when every structure came equally often, tending to 1 when a few structures carry
        the participation; None when no structure was ever present.

    Notes
    -----
    With :math:`x_i` the number of presences of structure :math:`i`, over the :math:`n`
    structures present at least once, and :math:`\\mu` their mean:

    .. math:: G = \\frac{\\sum_i \\sum_j |x_i - x_j|}{2 n^2 \\mu}

    computed in :math:`O(n \\log n)` from the sorted values as
    :math:`G = \\sum_i (2i - n - 1) x_{(i)} / (n \\sum_i x_i)`. Structures never present are
    left out, so the coefficient describes how evenly the *participating* structures share the
    participation; its maximum with :math:`n` structures is :math:`(n - 1) / n`.

    References
    ----------
    Gini, C. (1912). *Variabilità e mutabilità*. Bologna: Tipografia di Paolo Cuppini.

    Examples
    --------
    >>> attendance = pd.DataFrame({"meeting_id": [1, 2, 1, 1, 2, 3, 4],
    ...                            "person_id": [1, 1, 2, 3, 3, 3, 3],
    ...                            "organisation_id": [10, 10, 20, 30, 30, 30, 30],
    ...                            "status": ["present"] * 7})
    >>> round(participation_gini(attendance), 4)  # counts 2, 1, 4
    0.2857
    """
    require_columns(attendance, ATTENDANCE_COLUMNS, "attendance")
    present = attendance.loc[
        attendance["status"].eq(PRESENT) & attendance["organisation_id"].notna(),
        ["meeting_id", "person_id", "organisation_id"],
    ].drop_duplicates(["meeting_id", "person_id"])
    counts = np.sort(present.groupby("organisation_id").size().to_numpy(dtype=float))
    n = counts.size
    if n == 0:
        return None
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * counts) / (n * counts.sum()))


def structures_at_risk(
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    members: pd.DataFrame,
    *,
    k: int = 3,
    kinds: Sequence[str] = ("plenary", "seminar"),
    on: DateLike | None = None,
) -> pd.DataFrame:
    """Member structures that missed their last `k` relevant meetings.

    Parameters
    ----------
    meetings, attendance, members
        See the module documentation.
    k
        How many consecutive missed meetings raise the flag; at least 1.
    kinds
        The meeting kinds that count (by default plenaries and seminars, the meetings every
        member is expected at).
    on
        The reference date; defaults to the date of the last meeting. Only structures that
        are members on this date are considered.

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation_id, relevant_meetings, last_present``, sorted by
        ``organisation_id``. ``relevant_meetings`` is the number of meetings of `kinds` held
        on or before `on` while the structure was a member; ``last_present`` the date of the
        last meeting of `kinds` (on or before `on`) at which someone from the structure was
        present, ``NaT`` if never.

    Raises
    ------
    ValueError
        When `k` is below 1 or a column is missing.

    Notes
    -----
    A structure is flagged when the last `k` of its relevant meetings all had nobody present
    from it. Meetings held while it was not a member (before it joined, or between leaving and
    joining again) are not held against it, and a structure with fewer than `k` relevant
    meetings is not flagged: there is not yet enough evidence of a drift.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2, 3], "kind": ["plenary"] * 3,
    ...                          "date": ["2013-01-10", "2013-02-10", "2013-03-10"],
    ...                          "working_group_id": [None] * 3})
    >>> attendance = pd.DataFrame({"meeting_id": [1, 2, 3], "person_id": [1, 2, 2],
    ...                            "organisation_id": [100, 200, 200],
    ...                            "status": ["present"] * 3})
    >>> members = pd.DataFrame({"organisation_id": [100, 200], "start_date": [None, None],
    ...                         "end_date": [None, None]})
    >>> structures_at_risk(meetings, attendance, members, k=2)["organisation_id"].tolist()
    [100]
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    frame = _meetings(meetings)
    present = _present(attendance, frame)
    spells = _members(members)
    rows: list[tuple[Any, int, pd.Timestamp]] = []
    if on is None and not frame.empty:
        on = frame["date"].iloc[-1]
    if on is not None:
        day = to_day(on)
        relevant = frame.loc[frame["kind"].isin(list(kinds)) & (frame["date"] <= day)]
        seen = present.loc[
            present["meeting_id"].isin(relevant["meeting_id"]) & present["organisation_id"].notna()
        ]
        for organisation_id in sorted(_members_on(spells, day)):
            own_spells = spells.loc[spells["organisation_id"] == organisation_id]
            while_member = relevant.loc[_member_on(own_spells, relevant["date"])]
            if len(while_member) < k:
                continue
            attended = seen.loc[seen["organisation_id"] == organisation_id]
            if while_member["meeting_id"].tail(k).isin(attended["meeting_id"]).any():
                continue
            last = attended["date"].max() if not attended.empty else pd.NaT
            rows.append((plain(organisation_id), len(while_member), last))
    out = pd.DataFrame(rows, columns=["organisation_id", "relevant_meetings", "last_present"])
    out["relevant_meetings"] = out["relevant_meetings"].astype(int)
    out["last_present"] = pd.to_datetime(out["last_present"])
    return out


def plenary_participation_rate(
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    members: pd.DataFrame,
    *,
    kinds: Sequence[str] = ("plenary",),
) -> pd.DataFrame:
    """Share of the member structures represented at each plenary.

    Parameters
    ----------
    meetings, attendance, members
        See the module documentation.
    kinds
        The meeting kinds to report on (plenaries by default).

    Returns
    -------
    pandas.DataFrame
        Columns ``meeting_id, date, member_structures, present_member_structures, rate``, one
        row per meeting of `kinds` in chronological order.

    Notes
    -----
    .. math:: \\text{rate} = \\frac{|\\{\\text{members on the date}\\} \\cap
              \\{\\text{structures present}\\}|}{|\\{\\text{members on the date}\\}|}

    Structures present without being members (partners, guests) count in neither term. The
    rate is NaN when the pole had no member on that date.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1], "date": ["2013-01-10"], "kind": ["plenary"],
    ...                          "working_group_id": [None]})
    >>> attendance = pd.DataFrame({"meeting_id": [1, 1], "person_id": [1, 2],
    ...                            "organisation_id": [100, 999], "status": ["present"] * 2})
    >>> members = pd.DataFrame({"organisation_id": [100, 200, 300],
    ...                         "start_date": [None, None, "2014-01-01"], "end_date": [None] * 3})
    >>> plenary_participation_rate(meetings, attendance, members)["rate"].tolist()
    [0.5]
    """
    frame = _meetings(meetings)
    present = _present(attendance, frame)
    spells = _members(members)
    selected = frame.loc[frame["kind"].isin(list(kinds)), ["meeting_id", "date"]]
    present_by_meeting = (
        present.dropna(subset=["organisation_id"]).groupby("meeting_id")["organisation_id"].agg(set)
    )
    rows = []
    for meeting_id, day in zip(selected["meeting_id"], selected["date"], strict=True):
        member_ids = _members_on(spells, day)
        came = len(member_ids & present_by_meeting.get(meeting_id, set()))
        rate = came / len(member_ids) if member_ids else math.nan
        rows.append((meeting_id, day, len(member_ids), came, rate))
    out = pd.DataFrame(
        rows,
        columns=["meeting_id", "date", "member_structures", "present_member_structures", "rate"],
    )
    out["date"] = pd.to_datetime(out["date"])
    return out.astype({"member_structures": int, "present_member_structures": int, "rate": float})


# --- summary ------------------------------------------------------------------------------------

DEFINITIONS: dict[str, str] = {
    "period_start": "First day of the observed window (the first meeting's date if not given).",
    "period_end": "Last day of the observed window (the last meeting's date if not given).",
    "meetings": "Number of meetings held in the window, all kinds included.",
    "meetings_by_kind": "Number of meetings held in the window, per kind of meeting.",
    "working_meetings": "Number of meetings in the window other than convivial moments.",
    "participants_total": "Number of distinct persons present at least once in the window.",
    "structures_total": "Number of distinct structures represented at least once in the window.",
    "seminar_ratio_3_1": (
        "Participants at the third seminar divided by participants at the first one "
        "(empty while there is no third seminar)."
    ),
    "seminar_structures": "Number of distinct structures represented at each seminar, in order.",
    "gini": (
        "Gini coefficient of presences per structure: 0 when structures take part equally, "
        "close to 1 when a few structures carry the participation."
    ),
    "at_risk": (
        "Member structures whose last k plenaries and seminars all went without anyone from them."
    ),
    "plenary_rate_mean": "Mean share of member structures represented at each plenary.",
}


@dataclass(frozen=True, slots=True)
class MobilisationSummary:
    """Headline figures of a pole's mobilisation over a window; see :data:`DEFINITIONS`."""

    period_start: dt.date | None
    period_end: dt.date | None
    meetings: int
    meetings_by_kind: dict[str, int]
    working_meetings: int
    participants_total: int
    structures_total: int
    seminar_ratio_3_1: float | None
    seminar_structures: list[int]
    gini: float | None
    at_risk: list[Any]
    plenary_rate_mean: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values: dates in ISO format, NaN as None."""
        return {key: _json_ready(value) for key, value in asdict(self).items()}


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return plain(value)


def _date_or_none(value: Any) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def mobilisation_summary(
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    members: pd.DataFrame,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    k: int = 3,
) -> MobilisationSummary:
    """Headline mobilisation figures over a window of time.

    Parameters
    ----------
    meetings, attendance, members
        See the module documentation.
    start, end
        Inclusive bounds of the window; each defaults to the first / last meeting date.
        Meetings outside the window, and their attendance, are left out of every figure.
    k
        Passed to :func:`structures_at_risk`, evaluated on the window's last day.

    Returns
    -------
    MobilisationSummary
        The figures; ``as_dict()`` gives them JSON-ready, :data:`DEFINITIONS` defines them.

    Notes
    -----
    ``seminar_ratio_3_1`` is :func:`ordinal_ratio` on participants of the 3rd and 1st seminars
    of the window; ``plenary_rate_mean`` the mean of :func:`plenary_participation_rate`'s
    measurable rates (None when there is none).

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2], "date": ["2013-01-10", "2013-02-10"],
    ...                          "kind": ["plenary", "convivial"], "working_group_id": [None] * 2})
    >>> attendance = pd.DataFrame({"meeting_id": [1, 2], "person_id": [1, 2],
    ...                            "organisation_id": [100, 200], "status": ["present"] * 2})
    >>> members = pd.DataFrame({"organisation_id": [100, 200], "start_date": [None] * 2,
    ...                         "end_date": [None] * 2})
    >>> summary = mobilisation_summary(meetings, attendance, members)
    >>> summary.working_meetings, summary.participants_total, summary.plenary_rate_mean
    (1, 2, 0.5)
    >>> summary.as_dict()["period_end"]
    '2013-02-10'
    """
    frame = _meetings(meetings)
    require_columns(attendance, ATTENDANCE_COLUMNS, "attendance")
    require_columns(members, MEMBER_COLUMNS, "members")
    start_day = to_day(start) if start is not None else None
    end_day = to_day(end) if end is not None else None
    if start_day is not None:
        frame = frame.loc[frame["date"] >= start_day]
    if end_day is not None:
        frame = frame.loc[frame["date"] <= end_day]
    if start_day is None and not frame.empty:
        start_day = frame["date"].iloc[0]
    if end_day is None and not frame.empty:
        end_day = frame["date"].iloc[-1]
    attendance = attendance.loc[attendance["meeting_id"].isin(frame["meeting_id"])]

    per_meeting = participation_by_meeting(frame, attendance)
    present = _present(attendance, frame)
    seminars = per_meeting.loc[per_meeting["kind"].eq("seminar")]
    at_risk = (
        structures_at_risk(frame, attendance, members, k=k, on=end_day)
        if end_day is not None
        else pd.DataFrame(columns=["organisation_id"])
    )
    rates = plenary_participation_rate(frame, attendance, members)["rate"].dropna()
    return MobilisationSummary(
        period_start=_date_or_none(start_day),
        period_end=_date_or_none(end_day),
        meetings=len(frame),
        meetings_by_kind={str(kind): int(n) for kind, n in frame["kind"].value_counts().items()},
        working_meetings=int((~frame["kind"].isin(NON_WORKING_KINDS)).sum()),
        participants_total=int(present["person_id"].nunique()),
        structures_total=int(present["organisation_id"].dropna().nunique()),
        seminar_ratio_3_1=ordinal_ratio(per_meeting, kind="seminar", later=3, earlier=1),
        seminar_structures=[int(count) for count in seminars["structures"]],
        gini=participation_gini(attendance),
        at_risk=[plain(organisation_id) for organisation_id in at_risk["organisation_id"]],
        plenary_rate_mean=float(rates.mean()) if not rates.empty else None,
    )
