"""Measured indicators of the référentiel that no other analytics module computes.

The référentiel (:mod:`ptce_analytics.referential`) measures 30 of its indicators from the
pole's data. Most of them reuse an existing module (mobilisation, execution, economics,
network, governance); this one holds the rest: where members are located, how diverse their
sectors are, how their jobs and turnover grew, and what the project portfolio shows.

Conventions shared by every function:

* percentages are returned in percent (0–100), as the référentiel's bands are written;
* what cannot be measured is None, never 0, and the result says why in ``missing`` (a short
  English phrase, one of :data:`MISSING`, that callers translate); a real zero (no project
  in the window, so no job created by a project) is 0;
* dates may be ``datetime.date`` objects, strings or datetime64 values, compared at day
  resolution.

Input tables
------------
``projects``
    One row per cooperative project: ``status`` (``"idea"``, ``"active"``, ``"completed"``,
    ``"abandoned"``), ``started_on`` and ``ended_on`` (nullable dates) and, as each function
    needs them, ``jobs_created_fte``, ``jobs_consolidated_fte``, ``new_activities``,
    ``new_enterprises`` (nullable numbers: None or NaN is "not known"), ``innovation``
    (``"none"``, ``"social"``, ``"technological"``, or None/"" when not known),
    ``goal_economic``, ``goal_social``, ``goal_environmental`` (booleans), ``study_kind``
    (``"none"``, ``"rd"``, ``"action_research"``, ``"study"``, ``"evaluation"``) and
    ``partner_ids`` (a list of organisation ids). It is the frame of
    ``ptce.projects.selectors.projects_frame``.
``participations``
    One row per structure taking part in a pooling: ``pooling_id``, ``organisation_id``,
    ``started_on``, ``ended_on`` (the pooling's dates), ``joined_on``, ``left_on`` (the
    structure's), every date nullable ("open"). It is the frame of
    ``ptce.pooling.selectors.pooling_participation_frame``.
``figures``
    One row per structure and year: ``organisation_id``, ``year``, ``value`` (a number, or
    None when not reported).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ptce_analytics._frames import DateLike, plain, require_columns, to_dates, to_day

__all__ = [
    "LOCAL_AUTHORITY_CATEGORIES",
    "LOCAL_AUTHORITY_SOURCE_KINDS",
    "MISSING",
    "NAF_SECTIONS",
    "PROJECT_STATUSES",
    "Entropy",
    "Growth",
    "Share",
    "Total",
    "engaged_share",
    "environmental_share",
    "growth_same_members",
    "innovative_projects",
    "is_local_authority",
    "multidimensional_share",
    "new_activities",
    "project_jobs",
    "projects_active_on",
    "projects_in_window",
    "sector_entropy",
    "study_projects",
    "territorial_share",
]

NAF_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
PROJECT_STATUSES = ("idea", "active", "completed", "abandoned")
# Without an end date, a project still in these statuses runs on.
_RUNNING = ("idea", "active")
_ENDED = ("completed", "abandoned")
_GOALS = ("goal_economic", "goal_social", "goal_environmental")
_INNOVATIVE = ("social", "technological")

# INSEE legal categories (level III) of the local authorities and their groupings: communes,
# départements, régions and other territorial authorities (72xx), associated communes, EPCI
# with their own taxation (communautés urbaines, métropoles, communautés de communes et
# d'agglomération), intercommunal and mixed syndicates, and PETR. Their establishments (CCAS,
# schools, hospitals, social housing offices) are public bodies but not authorities.
LOCAL_AUTHORITY_CATEGORIES = frozenset(
    {
        "7210",
        "7220",
        "7225",
        "7229",
        "7230",
        "7312",
        "7343",
        "7344",
        "7346",
        "7348",
        "7353",
        "7354",
        "7355",
        "7357",
    }
)
# Kinds of funding lines that only a local authority grants (the analytics' SOURCE_KINDS).
LOCAL_AUTHORITY_SOURCE_KINDS = ("grant_region", "grant_departement", "grant_epci", "grant_commune")

# The reasons a result can give for a missing value; callers translate them.
NO_TERRITORY = "no territory"
NO_MEMBER = "no member"
NO_COMMUNE = "no member with a known commune"
NO_FTE = "no member with a known FTE"
NO_COMMUNE_AND_FTE = "no member with both a known commune and a known FTE"
NO_JOB = "no job among the members"
FEW_SECTIONS = "fewer than 2 members with a known NAF section"
NO_PAIR = "no member with the figure known in both years"
ZERO_START = "the members' total is 0 in the first year"
NO_ACTIVE_PROJECT = "no active project"
NO_GOALS = "no active project with its goals recorded"
NO_JOBS_KNOWN = "no project in the window with its jobs known"
NO_ACTIVITIES_KNOWN = "no project in the window with its new activities known"
NO_INNOVATION_KNOWN = "no project in the window with its innovation known"
MISSING = (
    NO_TERRITORY,
    NO_MEMBER,
    NO_COMMUNE,
    NO_FTE,
    NO_COMMUNE_AND_FTE,
    NO_JOB,
    FEW_SECTIONS,
    NO_PAIR,
    ZERO_START,
    NO_ACTIVE_PROJECT,
    NO_GOALS,
    NO_JOBS_KNOWN,
    NO_ACTIVITIES_KNOWN,
    NO_INNOVATION_KNOWN,
)


def is_local_authority(legal_category: str | None) -> bool:
    """Whether an INSEE legal category is a local authority or a grouping of them.

    Examples
    --------
    >>> is_local_authority("7210"), is_local_authority("7348"), is_local_authority("7361")
    (True, True, False)
    """
    return (legal_category or "").strip() in LOCAL_AUTHORITY_CATEGORIES


def _number(value: Any) -> float | None:
    value = plain(value)
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


# --- territory ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """A share in percent: ``value = 100 × part / whole``; ``counted`` rows entered the whole,
    ``unknown`` rows were left out for lack of data."""

    value: float | None
    part: float
    whole: float
    counted: int
    unknown: int
    missing: str | None


def territorial_share(
    communes: Sequence[str | None],
    territory: Collection[str],
    weights: Sequence[Any] | None = None,
) -> Share:
    """Share of the members (A1.1), or of their jobs (A1.2), located in the pole's territory.

    Parameters
    ----------
    communes
        One INSEE commune code per member structure, None when its commune is not known.
    territory
        The INSEE codes of the communes that make up the pole's territory.
    weights
        Optional, one per member: its FTE (None or NaN when not known). Without weights each
        member counts once.

    Returns
    -------
    Share
        ``value`` is the percentage of the members (of the FTE) whose commune lies in the
        territory, over the members whose commune (and FTE) is known: a member whose location
        or size is unknown is left out of both terms, never counted outside the territory.
        None when the territory has no commune, there is no member, no member is known
        enough, or the known FTE add up to 0.

    Notes
    -----
    A structure's jobs are placed at its registered commune: branches elsewhere are not known
    to the platform.

    Examples
    --------
    >>> round(territorial_share(["31555", "31069", None, "75056"], {"31555", "31069"}).value, 2)
    66.67
    >>> territorial_share(["31555", "75056"], {"31555"}, weights=[3, 1]).value
    75.0
    """
    rows = len(communes)
    if weights is not None and len(weights) != rows:
        raise ValueError("weights must have one value per commune")
    if not territory:
        return Share(None, 0.0, 0.0, 0, rows, NO_TERRITORY)
    if rows == 0:
        return Share(None, 0.0, 0.0, 0, 0, NO_MEMBER)
    amounts = [1.0] * rows if weights is None else [_number(weight) for weight in weights]
    if any(amount is not None and amount < 0 for amount in amounts):
        raise ValueError("weights must be 0 or more")
    kept = [
        (commune, amount)
        for commune, amount in zip(communes, amounts, strict=True)
        if plain(commune) is not None and amount is not None
    ]
    if not kept:
        if weights is not None and all(amount is None for amount in amounts):
            reason = NO_FTE
        elif all(plain(commune) is None for commune in communes):
            reason = NO_COMMUNE
        else:
            reason = NO_COMMUNE_AND_FTE
        return Share(None, 0.0, 0.0, 0, rows, reason)
    whole = sum(amount for _commune, amount in kept)
    part = sum(amount for commune, amount in kept if str(commune) in territory)
    if whole == 0:
        return Share(None, part, whole, len(kept), rows - len(kept), NO_JOB)
    # part / whole first: a share of the whole is then at most 1, exactly 1 for the whole.
    return Share(part / whole * 100, part, whole, len(kept), rows - len(kept), None)


# --- sectors ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entropy:
    """Normalised Shannon entropy of the members' NAF sections (A3.2)."""

    value: float | None
    members: int
    sections: int
    unknown: int
    missing: str | None


def sector_entropy(sections: Iterable[str | None]) -> Entropy:
    """Diversity of the members' sectors: Shannon entropy of their NAF sections, from 0 to 1.

    Parameters
    ----------
    sections
        One NAF section letter (``"A"`` to ``"U"``) per member structure, None when its NAF
        code is not known.

    Returns
    -------
    Entropy
        ``value = H / ln(min(n, 21))`` with ``H = −Σ p·ln p`` over the sections (natural
        logarithm), ``p`` each section's share of the ``n`` members whose section is known:
        0 when they all share one section, 1 when they spread as widely as ``n`` members can
        over the 21 sections (each in its own section when n ≤ 21). Members whose section is
        not known are left out. None when fewer than 2 members have a known section.

    Notes
    -----
    Dividing by the largest entropy the members could reach makes poles of different sizes
    comparable: 5 members in 5 sections are as diverse as they can be (1.0), whereas dividing
    by ln 21 would hold every pole of fewer than 21 members below 1.

    Examples
    --------
    >>> round(sector_entropy(["Q", "Q", "I", "C"]).value, 4)  # H = 1.0397, ln 4 = 1.3863
    0.75
    >>> sector_entropy(["Q", "Q"]).value, sector_entropy(["Q", None]).missing
    (0.0, 'fewer than 2 members with a known NAF section')
    """
    values = [plain(section) for section in sections]
    known = [section for section in values if section is not None]
    wrong = sorted({str(section) for section in known if section not in NAF_SECTIONS})
    if wrong:
        raise ValueError(
            f"sections has invalid value(s): {', '.join(wrong)} (expected a letter A to U)"
        )
    counts = Counter(known)
    n = len(known)
    unknown = len(values) - n
    if n < 2:
        return Entropy(None, n, len(counts), unknown, FEW_SECTIONS)
    entropy = -sum(count / n * math.log(count / n) for count in counts.values())
    value = entropy / math.log(min(n, len(NAF_SECTIONS)))
    # -0.0 and 1.0000000000000002 are floating-point noise, not measures.
    return Entropy(min(1.0, max(0.0, value)), n, len(counts), unknown, None)


# --- members' growth ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Growth:
    """Growth in percent of the members' total between two years, same members (C1.1, C1.2)."""

    value: float | None
    members: int
    start_total: float | None
    end_total: float | None
    missing: str | None


def growth_same_members(figures: pd.DataFrame, *, start_year: int, end_year: int) -> Growth:
    """Growth of the members' FTE (C1.1) or turnover (C1.2) between two years, same members.

    Parameters
    ----------
    figures
        The figures table (see the module documentation): ``organisation_id``, ``year``,
        ``value``. Pass the current members' figures only.
    start_year, end_year
        The years compared, e.g. 2022 and 2025 for the 3-year growth to 2025.

    Returns
    -------
    Growth
        ``value = 100 × (end_total − start_total) / start_total``, both totals over the
        members whose figure is known in *both* years: a member whose figure is missing one
        year is left out of both, so that a figure not reported never reads as a job lost or
        created. None when no member has both figures, or when their start total is 0.

    Raises
    ------
    ValueError
        When a column is missing, a figure is negative, or a structure has two rows for the
        same year.

    Examples
    --------
    >>> figures = pd.DataFrame({"organisation_id": [1, 1, 2, 2, 3],
    ...                         "year": [2022, 2025, 2022, 2025, 2025],
    ...                         "value": [10, 12, 5, None, 40]})
    >>> growth = growth_same_members(figures, start_year=2022, end_year=2025)
    >>> growth.value, growth.members  # only structure 1 has both: 10 → 12
    (20.0, 1)
    """
    require_columns(figures, ("organisation_id", "year", "value"), "figures")
    by_year: dict[int, dict[Any, float]] = {start_year: {}, end_year: {}}
    for organisation, year, value in zip(
        figures["organisation_id"], figures["year"], figures["value"], strict=True
    ):
        year = plain(year)
        if year not in by_year:
            continue
        organisation = plain(organisation)
        if organisation in by_year[year]:
            raise ValueError(f"figures has two rows for {organisation!r} in {year}")
        number = _number(value)
        if number is not None and number < 0:
            raise ValueError(f"figures.value must be 0 or more, not {value!r}")
        by_year[year][organisation] = number
    both = [
        organisation
        for organisation, value in by_year[start_year].items()
        if value is not None and by_year[end_year].get(organisation) is not None
    ]
    if not both:
        return Growth(None, 0, None, None, NO_PAIR)
    start = sum(by_year[start_year][organisation] for organisation in both)
    end = sum(by_year[end_year][organisation] for organisation in both)
    if start == 0:
        return Growth(None, len(both), start, end, ZERO_START)
    return Growth(100 * (end - start) / start, len(both), start, end, None)


# --- projects -----------------------------------------------------------------------------------


def _project_dates(projects: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    require_columns(projects, ("status", "started_on", "ended_on"), "projects")
    status = projects["status"].astype(object)
    unknown = sorted({str(value) for value in status if plain(value) not in PROJECT_STATUSES})
    if unknown:
        raise ValueError(f"projects.status has unknown value(s): {', '.join(unknown)}")
    return status, to_dates(projects["started_on"]), to_dates(projects["ended_on"])


def projects_active_on(projects: pd.DataFrame, on: DateLike) -> pd.Series:
    """Which projects were active on `on` (a boolean mask over the rows).

    A project in progress (``"active"``) is active from its start to its end, a missing date
    meaning "open". A completed or abandoned project was active from its start to its end,
    both dates known: the status says where a project is today, and a project completed since
    was running on an earlier reference date. Ideas are not active.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active", "completed", "idea", "active"],
    ...                          "started_on": ["2023-01-01", "2023-01-01", None, "2025-01-01"],
    ...                          "ended_on": [None, "2024-12-31", None, None]})
    >>> projects_active_on(projects, "2024-06-30").tolist()
    [True, True, False, False]
    """
    status, start, end = _project_dates(projects)
    day = to_day(on)
    started = start.isna() | (start <= day)
    not_ended = end.isna() | (end >= day)
    running = status.eq("active") & started & not_ended
    ran = status.isin(_ENDED) & start.notna() & (start <= day) & end.notna() & (end >= day)
    return (running | ran).astype(bool)


def projects_in_window(projects: pd.DataFrame, start: DateLike, end: DateLike) -> pd.Series:
    """Which projects ran at some point between `start` and `end`, both included.

    The rule of ``ptce.projects.selectors.active_in_year``, for any window: a project without
    a start date is not placed in time and never counts; without an end date, an idea or a
    project in progress runs on, while a completed or abandoned one counts from its start only.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["completed", "active", "completed", "idea"],
    ...                          "started_on": ["2020-01-01", "2019-05-01", "2020-03-01", None],
    ...                          "ended_on": ["2021-06-30", None, None, None]})
    >>> projects_in_window(projects, "2022-01-01", "2024-12-31").tolist()
    [False, True, False, False]
    """
    status, first, last = _project_dates(projects)
    low, high = to_day(start), to_day(end)
    placed = first.notna() & (first <= high)
    overlaps = (
        (last.notna() & (last >= low))
        | (last.isna() & status.isin(_RUNNING))
        | (last.isna() & (first >= low))
    )
    return (placed & overlaps).astype(bool)


@dataclass(frozen=True, slots=True)
class Total:
    """A count or a sum over projects: ``projects`` entered it, ``unknown`` were left out."""

    value: float | None
    projects: int
    unknown: int
    missing: str | None


def _sum_known(
    projects: pd.DataFrame, columns: Sequence[str], mask: pd.Series, reason: str
) -> Total:
    require_columns(projects, columns, "projects")
    chosen = projects.loc[mask.to_numpy(), list(columns)]
    if chosen.empty:
        return Total(0.0, 0, 0, None)
    values = [[_number(value) for value in chosen[column]] for column in columns]
    if any(number is not None and number < 0 for column in values for number in column):
        raise ValueError(f"projects.{', '.join(columns)} must be 0 or more")
    known = [any(column[row] is not None for column in values) for row in range(len(chosen))]
    if not any(known):
        return Total(None, 0, len(chosen), reason)
    total = sum(number for column in values for number in column if number is not None)
    return Total(float(total), sum(known), len(known) - sum(known), None)


def project_jobs(projects: pd.DataFrame, *, start: DateLike, end: DateLike) -> Total:
    """FTE created or consolidated by the projects that ran in the window (A2.1).

    Returns
    -------
    Total
        The sum of ``jobs_created_fte`` and ``jobs_consolidated_fte`` over the projects of
        :func:`projects_in_window` where they are known. 0 when no project ran in the window
        (a real zero: no project, no job from a project); None when projects ran but none says
        how many jobs it created or consolidated. Projects whose two figures are unknown are
        left out (``unknown``): the sum is then a lower bound.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active"] * 3,
    ...                          "started_on": ["2024-01-01"] * 3, "ended_on": [None] * 3,
    ...                          "jobs_created_fte": [1.5, None, None],
    ...                          "jobs_consolidated_fte": [0.5, 2, None]})
    >>> project_jobs(projects, start="2023-01-01", end="2025-12-31")
    Total(value=4.0, projects=2, unknown=1, missing=None)
    """
    mask = projects_in_window(projects, start, end)
    columns = ("jobs_created_fte", "jobs_consolidated_fte")
    return _sum_known(projects, columns, mask, NO_JOBS_KNOWN)


def new_activities(projects: pd.DataFrame, *, start: DateLike, end: DateLike) -> Total:
    """New activities and enterprises born of the projects that ran in the window (A2.2).

    As :func:`project_jobs`, with ``new_activities`` and ``new_enterprises``.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active", "idea"],
    ...                          "started_on": ["2024-01-01", "2024-02-01"],
    ...                          "ended_on": [None, None],
    ...                          "new_activities": [2, None], "new_enterprises": [1, None]})
    >>> new_activities(projects, start="2023-01-01", end="2025-12-31").value
    3.0
    """
    mask = projects_in_window(projects, start, end)
    return _sum_known(projects, ("new_activities", "new_enterprises"), mask, NO_ACTIVITIES_KNOWN)


def study_projects(projects: pd.DataFrame, *, start: DateLike, end: DateLike) -> Total:
    """R&D, action-research, study or evaluation projects that ran in the window (C3.2).

    ``study_kind`` is always recorded (``"none"`` by default), so the count is always
    measured: 0 when there is none.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active", "active", "idea"],
    ...                          "started_on": ["2024-01-01", "2024-01-01", None],
    ...                          "ended_on": [None] * 3,
    ...                          "study_kind": ["study", "none", "evaluation"]})
    >>> study_projects(projects, start="2023-01-01", end="2025-12-31").value
    1.0
    """
    require_columns(projects, ("study_kind",), "projects")
    mask = projects_in_window(projects, start, end).to_numpy()
    kinds = [plain(kind) for kind in projects.loc[mask, "study_kind"]]
    count = sum(kind not in (None, "", "none") for kind in kinds)
    return Total(float(count), len(kinds), 0, None)


def innovative_projects(projects: pd.DataFrame, *, start: DateLike, end: DateLike) -> Total:
    """Projects that ran in the window and are socially or technologically innovative (C3.3).

    Returns
    -------
    Total
        The number of projects of :func:`projects_in_window` whose ``innovation`` is
        ``"social"`` or ``"technological"``. Projects whose innovation is not known are left
        out (``unknown``). 0 when no project ran in the window; None when projects ran but
        the innovation of none of them is known.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active"] * 3, "started_on": ["2024-01-01"] * 3,
    ...                          "ended_on": [None] * 3,
    ...                          "innovation": ["social", "none", None]})
    >>> innovative_projects(projects, start="2023-01-01", end="2025-12-31")
    Total(value=1.0, projects=2, unknown=1, missing=None)
    """
    require_columns(projects, ("innovation",), "projects")
    mask = projects_in_window(projects, start, end).to_numpy()
    values = [plain(value) or None for value in projects.loc[mask, "innovation"]]
    known = [value for value in values if value is not None]
    if not values:
        return Total(0.0, 0, 0, None)
    if not known:
        return Total(None, 0, len(values), NO_INNOVATION_KNOWN)
    count = sum(value in _INNOVATIVE for value in known)
    return Total(float(count), len(known), len(values) - len(known), None)


def _goal_share(projects: pd.DataFrame, on: DateLike, chosen) -> Share:
    require_columns(projects, _GOALS, "projects")
    active = projects.loc[projects_active_on(projects, on).to_numpy(), list(_GOALS)]
    if active.empty:
        return Share(None, 0.0, 0.0, 0, 0, NO_ACTIVE_PROJECT)
    goals = active.map(lambda value: bool(plain(value)))
    recorded = goals.any(axis=1)
    if not recorded.any():
        return Share(None, 0.0, 0.0, 0, len(active), NO_GOALS)
    counted = int(recorded.sum())
    part = int(chosen(goals[recorded]).sum())
    return Share(
        100 * part / counted, float(part), float(counted), counted, len(active) - counted, None
    )


def environmental_share(projects: pd.DataFrame, on: DateLike) -> Share:
    """Share, in percent, of the projects active on `on` with an environmental goal (A2.3).

    Projects none of whose three goals (economic, social, environmental) is ticked have no
    goal recorded: they are left out (``unknown``) rather than read as "not environmental".
    None when no project is active, or none has its goals recorded.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active"] * 3, "started_on": [None] * 3,
    ...                          "ended_on": [None] * 3, "goal_economic": [True, True, False],
    ...                          "goal_social": [False] * 3,
    ...                          "goal_environmental": [True, False, False]})
    >>> environmental_share(projects, "2024-01-01").value
    50.0
    """
    return _goal_share(projects, on, lambda goals: goals["goal_environmental"])


def multidimensional_share(projects: pd.DataFrame, on: DateLike) -> Share:
    """Share, in percent, of the projects active on `on` pursuing at least two of the
    economic, social and environmental goals (A3.1); projects without any goal recorded are
    left out, as in :func:`environmental_share`.

    Examples
    --------
    >>> projects = pd.DataFrame({"status": ["active"] * 2, "started_on": [None] * 2,
    ...                          "ended_on": [None] * 2, "goal_economic": [True, True],
    ...                          "goal_social": [True, False], "goal_environmental": [True, False]})
    >>> multidimensional_share(projects, "2024-01-01").value
    50.0
    """
    return _goal_share(projects, on, lambda goals: goals.sum(axis=1) >= 2)


# --- engagement in common action ----------------------------------------------------------------


def _open_interval(first: pd.Series, last: pd.Series, day: pd.Timestamp) -> pd.Series:
    return (first.isna() | (first <= day)) & (last.isna() | (last >= day))


def engaged_share(
    members: Iterable[Any],
    participations: pd.DataFrame,
    projects: pd.DataFrame,
    on: DateLike,
) -> Share:
    """Share, in percent, of the member structures in an active pooling or project (B1.2).

    Parameters
    ----------
    members
        The ids of the member structures on `on`.
    participations
        The participations table (see the module documentation).
    projects
        The projects table, with ``partner_ids``.
    on
        The reference date.

    Returns
    -------
    Share
        A member is engaged when it takes part on `on` in a pooling running on `on` (its own
        and the pooling's dates, missing ones "open"), or is a partner (the lead included) of
        a project active on `on` (:func:`projects_active_on`). None when there is no member.

    Examples
    --------
    >>> participations = pd.DataFrame({"pooling_id": [1], "organisation_id": [10],
    ...                                "started_on": [None], "ended_on": [None],
    ...                                "joined_on": ["2020-01-01"], "left_on": [None]})
    >>> projects = pd.DataFrame({"status": ["active"], "started_on": [None], "ended_on": [None],
    ...                          "partner_ids": [[11, 99]]})
    >>> engaged_share([10, 11, 12, 13], participations, projects, "2024-01-01").value
    50.0
    """
    ids = {plain(member) for member in members}
    ids.discard(None)
    if not ids:
        return Share(None, 0.0, 0.0, 0, 0, NO_MEMBER)
    columns = ("organisation_id", "started_on", "ended_on", "joined_on", "left_on")
    require_columns(participations, columns, "participations")
    require_columns(projects, ("partner_ids",), "projects")
    day = to_day(on)
    running = _open_interval(
        to_dates(participations["started_on"]), to_dates(participations["ended_on"]), day
    ) & _open_interval(
        to_dates(participations["joined_on"]), to_dates(participations["left_on"]), day
    )
    engaged = {plain(org) for org in participations.loc[running.to_numpy(), "organisation_id"]}
    active = projects_active_on(projects, day).to_numpy()
    for partners in projects.loc[active, "partner_ids"]:
        engaged |= {plain(org) for org in partners}
    part = len(ids & engaged)
    return Share(100 * part / len(ids), float(part), float(len(ids)), len(ids), 0, None)
