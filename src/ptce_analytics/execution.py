"""Execution of a pole's decisions: are decisions turned into actions, and are actions done?

The research behind the platform observed that decisions taken in meetings were often not
carried out. These indicators follow decisions to their actions and actions to completion.

Conventions shared by every function:

* ``on`` is the reference date (usually today): an action is late only with respect to it;
* an action without a due date is never overdue, and is not expected to be done by any date;
* dropped actions were abandoned on purpose: they are counted, but stay out of execution rates;
* what cannot be decided is reported as such (``"done_undated"``, None, NaN), never as 0.

Input tables
------------
``decisions``
    ``decision_id``, ``meeting_id``, ``working_group_id`` (nullable).
``actions``
    ``action_id``, ``decision_id``, ``due_date`` (nullable), ``status`` (``"open"``,
    ``"in_progress"``, ``"done"``, ``"dropped"``), ``completed_on`` (nullable), ``owner_kind``
    (nullable: ``"employee"``, ``"volunteer"``, ``"elected"``, ``"inhabitant"``, ``"other"``,
    ``"organisation"``), ``working_group_id`` (nullable).

Dates may be ``datetime.date`` objects, strings or datetime64 values; they are compared at day
resolution.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from ptce_analytics._frames import DateLike, plain, require_columns, to_dates, to_day

__all__ = [
    "ACTION_COLUMNS",
    "ACTION_STATES",
    "ACTION_STATUSES",
    "DEFINITIONS",
    "ActionBreakdown",
    "DecisionFollowUp",
    "ExecutionSummary",
    "action_status_breakdown",
    "classify_actions",
    "decision_follow_up",
    "execution_rate",
    "execution_summary",
]

ACTION_COLUMNS = (
    "action_id",
    "decision_id",
    "due_date",
    "status",
    "completed_on",
    "owner_kind",
    "working_group_id",
)
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
ACTION_STATES = ("done_on_time", "done_late", "done_undated", "overdue", "open", "dropped")
RATE_GROUPINGS = ("working_group_id", "owner_kind")


# classify_actions only needs these; the other columns are carried through untouched.
_CLASSIFY_COLUMNS = ("action_id", "due_date", "status", "completed_on")


# --- input normalisation ------------------------------------------------------------------------


def _check_statuses(status: pd.Series) -> None:
    # An unknown status cannot be classified; guessing would bias every rate.
    unknown = sorted({str(value) for value in status if plain(value) not in ACTION_STATUSES})
    if unknown:
        raise ValueError(f"actions.status has unknown value(s): {', '.join(unknown)}")


# --- decisions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecisionFollowUp:
    """How many decisions gave rise to at least one action."""

    decisions: int
    with_actions: int
    without_actions: int
    share_with_actions: float | None
    without_ids: list[Any]


def decision_follow_up(decisions: pd.DataFrame, actions: pd.DataFrame) -> DecisionFollowUp:
    """Count the decisions followed by at least one action.

    Parameters
    ----------
    decisions
        The decisions table (``decision_id`` is used).
    actions
        The actions table (``decision_id`` is used).

    Returns
    -------
    DecisionFollowUp
        ``share_with_actions = with_actions / decisions``, None when there is no decision;
        ``without_ids`` lists, sorted, the decisions that no action follows.

    Notes
    -----
    Any action counts, whatever its status: a decision whose only action was dropped was
    followed up, then abandoned, which :func:`action_status_breakdown` shows. Actions whose
    decision is not in `decisions` are ignored.

    Examples
    --------
    >>> decisions = pd.DataFrame({"decision_id": [1, 2, 3]})
    >>> actions = pd.DataFrame({"decision_id": [1, 1, 3]})
    >>> follow_up = decision_follow_up(decisions, actions)
    >>> follow_up.with_actions, follow_up.without_ids, round(follow_up.share_with_actions, 3)
    (2, [2], 0.667)
    """
    require_columns(decisions, ("decision_id",), "decisions")
    require_columns(actions, ("decision_id",), "actions")
    decision_ids = {plain(value) for value in decisions["decision_id"]} - {None}
    followed = {plain(value) for value in actions["decision_id"]} & decision_ids
    total = len(decision_ids)
    return DecisionFollowUp(
        decisions=total,
        with_actions=len(followed),
        without_actions=total - len(followed),
        share_with_actions=len(followed) / total if total else None,
        without_ids=sorted(decision_ids - followed),
    )


# --- actions ------------------------------------------------------------------------------------


def classify_actions(actions: pd.DataFrame, *, on: DateLike) -> pd.DataFrame:
    """Give each action a state with respect to the reference date `on`.

    Parameters
    ----------
    actions
        The actions table (``action_id``, ``due_date``, ``status``, ``completed_on`` are
        required; other columns are kept).
    on
        The reference date.

    Returns
    -------
    pandas.DataFrame
        A copy of `actions` with two more columns: ``state``, one of :data:`ACTION_STATES`,
        and ``delay_days``, ``completed_on - due_date`` in days (negative when done early) for
        done actions with both dates, NaN otherwise.

    Raises
    ------
    ValueError
        When a column is missing or a status is not one of :data:`ACTION_STATUSES`.

    Notes
    -----
    ===============================================  ==================
    Action                                           ``state``
    ===============================================  ==================
    dropped                                          ``"dropped"``
    done, no due date                                ``"done_on_time"``
    done, due date, completion date unknown          ``"done_undated"``
    done, ``completed_on <= due_date``               ``"done_on_time"``
    done, ``completed_on > due_date``                ``"done_late"``
    not done, ``due_date < on``                      ``"overdue"``
    not done, due on or after `on`, or no due date   ``"open"``
    ===============================================  ==================

    ``"done_undated"`` exists because calling such an action on time or late would be a
    guess. An action due on `on` itself is not overdue yet.

    Examples
    --------
    >>> actions = pd.DataFrame({"action_id": [1, 2, 3, 4],
    ...                         "due_date": ["2013-03-01", "2013-03-01", None, "2013-03-01"],
    ...                         "status": ["done", "open", "open", "done"],
    ...                         "completed_on": ["2013-03-05", None, None, "2013-02-27"]})
    >>> classified = classify_actions(actions, on=dt.date(2013, 6, 1))
    >>> classified["state"].tolist()
    ['done_late', 'overdue', 'open', 'done_on_time']
    >>> classified["delay_days"].tolist()
    [4.0, nan, nan, -2.0]
    """
    require_columns(actions, _CLASSIFY_COLUMNS, "actions")
    _check_statuses(actions["status"])
    day = to_day(on)
    due = to_dates(actions["due_date"])
    completed = to_dates(actions["completed_on"])
    status = actions["status"].to_numpy(dtype=object)
    dropped = status == "dropped"
    done = status == "done"
    has_due = due.notna().to_numpy()
    has_completed = completed.notna().to_numpy()
    # NaT compares False both ways, so each comparison is guarded by its has_* mask first.
    in_time = (completed <= due).to_numpy()
    past_due = (due < day).to_numpy()
    state = np.select(
        [
            dropped,
            done & ~has_due,
            done & ~has_completed,
            done & in_time,
            done,
            has_due & past_due,
        ],
        ["dropped", "done_on_time", "done_undated", "done_on_time", "done_late", "overdue"],
        default="open",
    )
    delay = (completed - due).dt.days.astype(float).where(done & has_due & has_completed)
    out = actions.copy()
    out["state"] = pd.Series(state, index=actions.index, dtype=object)
    out["delay_days"] = delay.to_numpy()
    return out


@dataclass(frozen=True, slots=True)
class ActionBreakdown:
    """Number of actions in each state of :func:`classify_actions`."""

    done_on_time: int
    done_late: int
    done_undated: int
    overdue: int
    open: int
    dropped: int
    total: int
    median_delay_days: float | None


def action_status_breakdown(actions: pd.DataFrame, *, on: DateLike) -> ActionBreakdown:
    """Count the actions per state and give the median completion delay.

    Parameters
    ----------
    actions
        The actions table, see :func:`classify_actions`.
    on
        The reference date.

    Returns
    -------
    ActionBreakdown
        The counts (they sum to ``total``) and ``median_delay_days``, the median of
        ``completed_on - due_date`` over done actions with both dates, negative when actions
        are typically done early; None when no action has both dates.

    Examples
    --------
    >>> actions = pd.DataFrame({"action_id": [1, 2, 3],
    ...                         "due_date": ["2013-03-01", "2013-03-01", "2013-03-01"],
    ...                         "status": ["done", "done", "dropped"],
    ...                         "completed_on": ["2013-03-05", "2013-02-27", None]})
    >>> breakdown = action_status_breakdown(actions, on="2013-06-01")
    >>> breakdown.done_late, breakdown.done_on_time, breakdown.dropped, breakdown.total
    (1, 1, 1, 3)
    >>> breakdown.median_delay_days
    1.0
    """
    classified = classify_actions(actions, on=on)
    counts = classified["state"].value_counts()
    delays = classified["delay_days"].dropna()
    return ActionBreakdown(
        **{state: int(counts.get(state, 0)) for state in ACTION_STATES},
        total=len(classified),
        median_delay_days=float(delays.median()) if not delays.empty else None,
    )


def _due_and_done(actions: pd.DataFrame, *, on: DateLike) -> tuple[pd.Series, pd.Series]:
    """Masks of the actions expected done by `on` (the rate's denominator) and of done ones."""
    classified = classify_actions(actions, on=on)
    due = to_dates(actions["due_date"])
    done = classified["status"].eq("done")
    # A done action counts as expected whatever its due date: it was delivered, so leaving it
    # out because its due date is later (or missing) would understate execution.
    expected = classified["status"].ne("dropped") & ((due <= to_day(on)) | done)
    return expected, done


def execution_rate(actions: pd.DataFrame, *, on: DateLike, by: str) -> pd.DataFrame:
    """Share of the actions expected by `on` that are done, per working group or owner kind.

    Parameters
    ----------
    actions
        The actions table, see :func:`classify_actions`; it must also hold the `by` column.
    on
        The reference date.
    by
        ``"working_group_id"`` or ``"owner_kind"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>, actions, due, done, rate``, one row per group, sorted by group with
        the group of actions lacking a value (labelled None) last. ``actions`` counts every
        action of the group, dropped ones included.

    Notes
    -----
    .. math:: \\text{rate} = \\frac{\\text{done}}{\\text{due}}

    where ``due`` counts the actions not dropped whose due date is on or before `on`, plus the
    done actions whatever their due date, and ``done`` the done actions among them. Dropped
    actions are in neither term. ``rate`` is NaN when nothing is due.

    Examples
    --------
    >>> actions = pd.DataFrame({"action_id": [1, 2, 3, 4], "owner_kind": ["volunteer"] * 3 + [None],
    ...                         "due_date": ["2013-03-01", "2013-03-01", "2013-09-01", None],
    ...                         "status": ["done", "open", "dropped", "open"],
    ...                         "completed_on": ["2013-03-05", None, None, None]})
    >>> execution_rate(actions, on="2013-06-01", by="owner_kind").to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'owner_kind': 'volunteer', 'actions': 3, 'due': 2, 'done': 1, 'rate': 0.5},
     {'owner_kind': None, 'actions': 1, 'due': 0, 'done': 0, 'rate': nan}]
    """
    if by not in RATE_GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(RATE_GROUPINGS)}, not {by!r}")
    require_columns(actions, (*_CLASSIFY_COLUMNS, by), "actions")
    expected, done = _due_and_done(actions, on=on)
    # Plain Python labels: a pandas column would turn [1, None] into [1.0, nan].
    keys = [plain(value) for value in actions[by]]
    tally: dict[Any, list[int]] = {}
    for key, is_due, is_done in zip(keys, expected, expected & done, strict=True):
        counts = tally.setdefault(key, [0, 0, 0])
        counts[0] += 1
        counts[1] += bool(is_due)
        counts[2] += bool(is_done)
    # None (actions with no group) is a group of its own, reported last.
    ordered = sorted(key for key in tally if key is not None)
    if None in tally:
        ordered.append(None)
    rows = []
    for key in ordered:
        n_actions, n_due, n_done = tally[key]
        rows.append((key, n_actions, n_due, n_done, n_done / n_due if n_due else math.nan))
    out = pd.DataFrame(rows, columns=[by, "actions", "due", "done", "rate"])
    # dtype=object keeps the None label (a typed column would turn it into NaN).
    out[by] = pd.Series([row[0] for row in rows], dtype=object)
    return out.astype({"actions": int, "due": int, "done": int, "rate": float})


# --- summary ------------------------------------------------------------------------------------

DEFINITIONS: dict[str, str] = {
    "on": "Reference date against which due dates are judged.",
    "decisions": "Number of decisions recorded.",
    "with_actions": "Number of decisions followed by at least one action, whatever its status.",
    "without_actions": "Number of decisions that no action follows.",
    "share_with_actions": "Share of decisions followed by at least one action.",
    "done_on_time": "Actions done by their due date, or done with no due date set.",
    "done_late": "Actions done after their due date.",
    "done_undated": (
        "Actions done with a due date but no completion date, so their timeliness is unknown."
    ),
    "overdue": "Actions not done whose due date is before the reference date.",
    "open": "Actions not done that are not yet due or have no due date.",
    "dropped": "Actions abandoned on purpose; they stay out of execution rates.",
    "total": "Number of actions recorded, all states included.",
    "median_delay_days": (
        "Median number of days between due date and completion of done actions "
        "(negative when done early)."
    ),
    "overall_rate": (
        "Done actions divided by actions expected by the reference date (not dropped and due "
        "by then, or already done)."
    ),
    "rate_by_working_group": "The execution rate computed separately for each working group.",
    "rate_by_owner_kind": (
        "The execution rate computed separately for each kind of owner (employee, volunteer, "
        "elected, ...)."
    ),
}


@dataclass(frozen=True, slots=True)
class ExecutionSummary:
    """Headline figures on decision follow-up and action execution; see :data:`DEFINITIONS`."""

    on: dt.date
    decisions: int
    with_actions: int
    without_actions: int
    share_with_actions: float | None
    done_on_time: int
    done_late: int
    done_undated: int
    overdue: int
    open: int
    dropped: int
    total: int
    median_delay_days: float | None
    overall_rate: float | None
    rate_by_working_group: list[dict[str, Any]]
    rate_by_owner_kind: list[dict[str, Any]]

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


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {column: plain(value) for column, value in row.items()} for row in frame.to_dict("records")
    ]


def execution_summary(
    decisions: pd.DataFrame, actions: pd.DataFrame, *, on: DateLike
) -> ExecutionSummary:
    """Headline figures on decision follow-up and action execution at date `on`.

    Parameters
    ----------
    decisions
        The decisions table, see :func:`decision_follow_up`.
    actions
        The actions table with every column listed in the module documentation.
    on
        The reference date.

    Returns
    -------
    ExecutionSummary
        :func:`decision_follow_up` and :func:`action_status_breakdown` figures, the overall
        execution rate (None when nothing is due) and :func:`execution_rate` per working
        group and per owner kind as lists of dicts (NaN rates as None).

    Examples
    --------
    >>> decisions = pd.DataFrame({"decision_id": [1, 2]})
    >>> actions = pd.DataFrame({"action_id": [1, 2], "decision_id": [1, 1],
    ...                         "due_date": ["2013-03-01", "2013-03-01"],
    ...                         "status": ["done", "open"], "completed_on": ["2013-02-20", None],
    ...                         "owner_kind": ["elected", "employee"],
    ...                         "working_group_id": [7, 7]})
    >>> summary = execution_summary(decisions, actions, on=dt.date(2013, 6, 1))
    >>> summary.share_with_actions, summary.overdue, summary.overall_rate
    (0.5, 1, 0.5)
    >>> summary.as_dict()["rate_by_working_group"]
    [{'working_group_id': 7, 'actions': 2, 'due': 2, 'done': 1, 'rate': 0.5}]
    """
    require_columns(actions, ACTION_COLUMNS, "actions")
    follow_up = decision_follow_up(decisions, actions)
    breakdown = action_status_breakdown(actions, on=on)
    expected, done = _due_and_done(actions, on=on)
    n_due = int(expected.sum())
    return ExecutionSummary(
        on=to_day(on).date(),
        decisions=follow_up.decisions,
        with_actions=follow_up.with_actions,
        without_actions=follow_up.without_actions,
        share_with_actions=follow_up.share_with_actions,
        done_on_time=breakdown.done_on_time,
        done_late=breakdown.done_late,
        done_undated=breakdown.done_undated,
        overdue=breakdown.overdue,
        open=breakdown.open,
        dropped=breakdown.dropped,
        total=breakdown.total,
        median_delay_days=breakdown.median_delay_days,
        overall_rate=int((expected & done).sum()) / n_due if n_due else None,
        rate_by_working_group=_records(execution_rate(actions, on=on, by="working_group_id")),
        rate_by_owner_kind=_records(execution_rate(actions, on=on, by="owner_kind")),
    )
