"""Who governs a pole: women and men, citizens, small structures, and how often offices change.

The research behind the platform observed that every pole studied was chaired by a man and
that most rested on one charismatic leader; the way forward it names is governance where power
is shared between small and medium structures and citizens. These indicators describe the
seats of the pole's governing bodies (board, bureau, steering committee, general assembly...).

Conventions shared by every function:

* ``on`` is the reference date; a seat is *current* when ``start <= on`` and its ``end`` is
  null or ``>= on``; a null ``start`` reads as "held since before the records began", so the
  seat counts, but its tenure is unknown;
* every seat counts once, whatever the body: a person sitting on the board and the bureau
  holds two seats. Pass ``body_kinds`` to restrict a figure to some bodies;
* gender is self-declared and optional: undeclared seats are counted apart, never guessed;
* what cannot be measured is None, never 0, and results say why in ``missing``.

Input tables
------------
``seats``
    One row per mandate: ``body_id``, ``body_kind`` (e.g. ``"board"``, ``"bureau"``,
    ``"steering_committee"``, ``"general_assembly"``), ``person_id`` (nullable),
    ``organisation_id`` (nullable: the structure represented), ``gender`` (one of
    :data:`GENDERS`, or null when not declared), ``is_natural_person`` (bool: the seat is
    held by a person in their own name, as an inhabitant, volunteer or user, not for a
    structure), ``office`` (one of :data:`OFFICES`), ``org_fte`` (nullable: FTE of the
    structure represented), ``start`` (nullable), ``end`` (nullable: still held).
``members``
    One row per member of the pole: ``organisation_id`` (nullable for natural persons),
    ``fte`` (nullable), ``is_natural_person`` (bool).

Dates may be ``datetime.date`` objects, strings or datetime64 values; they are compared at day
resolution.

References
----------
Indicators B2.2, B2.3 and B2.4 of the platform's référentiel (v2026). The parity index is
the balance ratio 2·min(W, M) / (W + M), 1 at parity and 0 when one sex holds every seat.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from ptce_analytics._frames import DateLike, plain, require_columns, to_dates, to_day

__all__ = [
    "DEFINITIONS",
    "GENDERS",
    "MEMBER_COLUMNS",
    "OFFICER_OFFICES",
    "OFFICES",
    "SEAT_COLUMNS",
    "SMALL_FTE",
    "NaturalPersonShare",
    "Parity",
    "RepresentationRatio",
    "TenureRotation",
    "natural_person_share",
    "parity_index",
    "representation_ratio",
    "tenure_and_rotation",
]

SEAT_COLUMNS = (
    "body_id",
    "body_kind",
    "person_id",
    "organisation_id",
    "gender",
    "is_natural_person",
    "office",
    "org_fte",
    "start",
    "end",
)
MEMBER_COLUMNS = ("organisation_id", "fte", "is_natural_person")
GENDERS = ("female", "male", "other")
OFFICES = ("chair", "vice_chair", "treasurer", "secretary", "member")
OFFICER_OFFICES = ("chair", "vice_chair", "treasurer", "secretary")
# Below 10 FTE a structure is small (the EU's micro-enterprise threshold is 10 employees).
SMALL_FTE = 10.0
_DAYS_PER_YEAR = 365.25

DEFINITIONS: dict[str, str] = {
    "parity_index": (
        "2·min(W, M) / (W + M) over the current seats held by women (W) and men (M), chairs "
        "included: 1 at parity, 0 when one sex holds every seat; seats with another or no "
        "declared gender stay out (référentiel B2.3)."
    ),
    "chair_parity_index": "The parity index over the current chairs only.",
    "undeclared": "Current seats whose holder did not declare a gender.",
    "natural_person_share": (
        "Current seats held by natural persons in their own name (inhabitants, volunteers, "
        "users) ÷ all current seats (référentiel B2.2)."
    ),
    "representation_ratio": (
        "(share of the current seats held by small structures, under 10 FTE, and natural "
        "persons) ÷ (their share of the members), capped at 1; structures of unknown FTE "
        "stay out of both shares (référentiel B2.4)."
    ),
    "mean_tenure_years": (
        "Mean time, in years of 365.25 days, since the current officers (chair, vice chair, "
        "treasurer, secretary) took their office, consecutive mandates of the same holder "
        "counted as one tenure."
    ),
    "rotation": (
        "Changes of holder per office and per year: Σ changes ÷ Σ years observed, over the "
        "officer offices of every body; an office is observed from the start of its first "
        "known holder to the reference date."
    ),
}


# --- input normalisation ------------------------------------------------------------------------


def _check_flags(values: pd.Series, name: str) -> None:
    # A missing flag cannot be read as "structure": that would bias citizens' share downwards.
    wrong = sorted({repr(plain(v)) for v in values if plain(v) not in (True, False)})
    if wrong:
        raise ValueError(f"{name} must be True or False, not {', '.join(wrong)}")


def _fte(values: pd.Series, name: str) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    if (numbers.isna() & values.notna()).any():
        raise ValueError(f"{name} has values that are not numbers")
    if (numbers < 0).any():
        raise ValueError(f"{name} has negative values")
    return numbers.astype(float)


def _seats(seats: pd.DataFrame) -> pd.DataFrame:
    """Validated copy of `seats` with dates normalised and flags as bool."""
    require_columns(seats, SEAT_COLUMNS, "seats")
    # A fresh index: mandates are looked up by label, and concatenated tables repeat labels.
    frame = seats[list(SEAT_COLUMNS)].reset_index(drop=True)
    offices = sorted({str(v) for v in frame["office"] if plain(v) not in OFFICES})
    if offices:
        raise ValueError(
            f"seats.office has unknown value(s): {', '.join(offices)} "
            f"(expected one of {', '.join(OFFICES)})"
        )
    genders = sorted({str(v) for v in frame["gender"] if plain(v) not in (None, *GENDERS)})
    if genders:
        raise ValueError(
            f"seats.gender has unknown value(s): {', '.join(genders)} "
            f"(expected one of {', '.join(GENDERS)}, or null when not declared)"
        )
    _check_flags(frame["is_natural_person"], "seats.is_natural_person")
    frame["is_natural_person"] = [bool(plain(v)) for v in frame["is_natural_person"]]
    frame["gender"] = [plain(v) for v in frame["gender"]]
    frame["org_fte"] = _fte(frame["org_fte"], "seats.org_fte")
    frame["start"] = to_dates(frame["start"])
    frame["end"] = to_dates(frame["end"])
    if (frame["end"] < frame["start"]).any():
        raise ValueError("seats has a seat whose end is before its start")
    return frame


def _current(seats: pd.DataFrame, on: DateLike, body_kinds: Iterable[str] | None) -> pd.DataFrame:
    frame = _seats(seats)
    day = to_day(on)
    current = (frame["start"].isna() | (frame["start"] <= day)) & (
        frame["end"].isna() | (frame["end"] >= day)
    )
    if body_kinds is not None:
        current &= _in_bodies(frame, body_kinds)
    return frame.loc[current]


def _in_bodies(frame: pd.DataFrame, body_kinds: Iterable[str]) -> pd.Series:
    # A lone string is one kind, not a sequence of one-letter kinds.
    kinds = [body_kinds] if isinstance(body_kinds, str) else list(body_kinds)
    return frame["body_kind"].isin(kinds)


def _balance(women: int, men: int) -> float | None:
    return 2 * min(women, men) / (women + men) if women + men else None


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return plain(value)


class _Result:
    """Shared ``as_dict`` of the result dataclasses."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values: dates in ISO format, NaN as None."""
        return {key: _json_ready(value) for key, value in asdict(self).items()}


# --- parity -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parity(_Result):
    """Gender balance of the current seats (B2.3); see :data:`DEFINITIONS`."""

    on: dt.date
    seats: int
    women: int
    men: int
    other: int
    undeclared: int
    index: float | None
    chair_women: int
    chair_men: int
    chair_index: float | None
    missing: str | None


def parity_index(
    seats: pd.DataFrame, on: DateLike, *, body_kinds: Iterable[str] | None = None
) -> Parity:
    """Parity index of the current seats, chairs included (indicator B2.3).

    Parameters
    ----------
    seats
        The seats table (see the module documentation).
    on
        The reference date.
    body_kinds
        Only seats of these kinds of bodies count (default: every body).

    Returns
    -------
    Parity
        Counts of current seats by declared gender, ``index`` = 2·min(W, M) / (W + M) and
        ``chair_index``, the same over the chairs only. Each index is None when no seat (no
        chair) held by a woman or a man is current; ``missing`` then says why.

    Notes
    -----
    Seats with gender ``"other"`` or undeclared are counted but left out of the index: the
    référentiel's parity is between women and men, and an undeclared gender is unknown, not
    a third value to guess. Many undeclared seats make the index fragile; report them beside
    it.

    Examples
    --------
    >>> seats = pd.DataFrame({"body_id": [1] * 4, "body_kind": ["board"] * 4,
    ...                       "person_id": [1, 2, 3, 4], "organisation_id": [None] * 4,
    ...                       "gender": ["male", "male", "female", None],
    ...                       "is_natural_person": [True] * 4,
    ...                       "office": ["chair", "member", "member", "member"],
    ...                       "org_fte": [None] * 4, "start": ["2020-01-01"] * 4,
    ...                       "end": [None] * 4})
    >>> parity = parity_index(seats, "2024-01-01")
    >>> round(parity.index, 4), parity.undeclared, parity.chair_index  # 2·1 / 3
    (0.6667, 1, 0.0)
    """
    current = _current(seats, on, body_kinds)
    gender = current["gender"]
    chairs = gender[current["office"].eq("chair")]
    women, men = int(gender.eq("female").sum()), int(gender.eq("male").sum())
    index = _balance(women, men)
    missing = None
    if current.empty:
        missing = "no current seat"
    elif index is None:
        missing = "no current seat whose holder declared being a woman or a man"
    return Parity(
        on=to_day(on).date(),
        seats=len(current),
        women=women,
        men=men,
        other=int(gender.eq("other").sum()),
        undeclared=int(gender.isna().sum()),
        index=index,
        chair_women=int(chairs.eq("female").sum()),
        chair_men=int(chairs.eq("male").sum()),
        chair_index=_balance(int(chairs.eq("female").sum()), int(chairs.eq("male").sum())),
        missing=missing,
    )


# --- citizens -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NaturalPersonShare(_Result):
    """Weight of citizens in governance (B2.2); see :data:`DEFINITIONS`."""

    on: dt.date
    seats: int
    natural_person_seats: int
    share: float | None
    missing: str | None


def natural_person_share(
    seats: pd.DataFrame, on: DateLike, *, body_kinds: Iterable[str] | None = None
) -> NaturalPersonShare:
    """Share of the current seats held by natural persons in their own name (indicator B2.2).

    Parameters
    ----------
    seats, on, body_kinds
        As in :func:`parity_index`.

    Returns
    -------
    NaturalPersonShare
        ``share`` = natural-person seats ÷ current seats; None when no seat is current.

    Examples
    --------
    >>> seats = pd.DataFrame({"body_id": [1] * 3, "body_kind": ["board"] * 3,
    ...                       "person_id": [1, 2, 3], "organisation_id": [None, 10, 11],
    ...                       "gender": [None] * 3, "is_natural_person": [True, False, False],
    ...                       "office": ["member"] * 3, "org_fte": [None, 3.0, 40.0],
    ...                       "start": [None] * 3, "end": [None, None, "2020-01-01"]})
    >>> natural_person_share(seats, "2024-01-01").share  # the third seat ended
    0.5
    """
    current = _current(seats, on, body_kinds)
    citizens = int(current["is_natural_person"].sum())
    return NaturalPersonShare(
        on=to_day(on).date(),
        seats=len(current),
        natural_person_seats=citizens,
        share=citizens / len(current) if len(current) else None,
        missing=None if len(current) else "no current seat",
    )


# --- shared power -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepresentationRatio(_Result):
    """Weight of small structures and citizens in governance (B2.4); see :data:`DEFINITIONS`."""

    on: dt.date
    seats_known: int
    small_seats: int
    unknown_fte_seats: int
    members_known: int
    small_members: int
    unknown_fte_members: int
    seat_share: float | None
    member_share: float | None
    uncapped_ratio: float | None
    ratio: float | None
    missing: str | None


def _small(is_natural_person: pd.Series, fte: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Masks of the rows whose size is known, and of those that are small or citizens."""
    known = is_natural_person | fte.notna()
    small = is_natural_person | (fte < SMALL_FTE)
    return known, small


def representation_ratio(
    seats: pd.DataFrame,
    members: pd.DataFrame,
    on: DateLike,
    *,
    body_kinds: Iterable[str] | None = None,
) -> RepresentationRatio:
    """How fairly small structures and citizens are represented in governance (B2.4).

    Parameters
    ----------
    seats, on, body_kinds
        As in :func:`parity_index`.
    members
        The pole's members on `on` (see the module documentation).

    Returns
    -------
    RepresentationRatio
        ``seat_share``: current seats held by natural persons or by structures under
        :data:`SMALL_FTE` FTE, ÷ current seats of known size; ``member_share``: the same
        among members; ``uncapped_ratio`` = seat_share ÷ member_share and ``ratio`` the same
        capped at 1. The ratio is None when either share is not measurable or the members
        hold no small structure or natural person (a ratio to 0 has no meaning); ``missing``
        says which.

    Notes
    -----
    .. math:: R = \\min\\left(1, \\frac{S_{\\text{seats}} / N_{\\text{seats}}}
              {S_{\\text{members}} / N_{\\text{members}}}\\right)

    A seat or member of a structure whose FTE is unknown cannot be called small or not: it
    is left out of both numerator and denominator of its share and counted in
    ``unknown_fte_seats`` / ``unknown_fte_members``. A natural person's size is always known.
    The cap at 1 means that being over-represented earns nothing more than fair
    representation; ``uncapped_ratio`` keeps the raw figure.

    Examples
    --------
    >>> seats = pd.DataFrame({"body_id": [1] * 4, "body_kind": ["board"] * 4,
    ...                       "person_id": [1, 2, 3, 4], "organisation_id": [None, 10, 11, 12],
    ...                       "gender": [None] * 4, "is_natural_person": [True] + [False] * 3,
    ...                       "office": ["member"] * 4, "org_fte": [None, 50.0, 80.0, None],
    ...                       "start": [None] * 4, "end": [None] * 4})
    >>> members = pd.DataFrame({"organisation_id": [None, 10, 11, 13],
    ...                         "fte": [None, 50.0, 80.0, 2.0],
    ...                         "is_natural_person": [True, False, False, False]})
    >>> result = representation_ratio(seats, members, "2024-01-01")
    >>> round(result.seat_share, 4), result.member_share, round(result.ratio, 4)  # (1/3) / (2/4)
    (0.3333, 0.5, 0.6667)
    >>> result.unknown_fte_seats
    1
    """
    current = _current(seats, on, body_kinds)
    require_columns(members, MEMBER_COLUMNS, "members")
    _check_flags(members["is_natural_person"], "members.is_natural_person")
    member_person = pd.Series(
        [bool(plain(v)) for v in members["is_natural_person"]], index=members.index, dtype=bool
    )
    member_known, member_small = _small(member_person, _fte(members["fte"], "members.fte"))
    seat_known, seat_small = _small(current["is_natural_person"].astype(bool), current["org_fte"])
    n_seats, n_members = int(seat_known.sum()), int(member_known.sum())
    small_seats = int((seat_known & seat_small).sum())
    small_members = int((member_known & member_small).sum())
    seat_share = small_seats / n_seats if n_seats else None
    member_share = small_members / n_members if n_members else None

    missing = None
    if members.empty:
        missing = "no member"
    elif not n_members:
        missing = "no member whose FTE is known"
    elif not small_members:
        missing = "no small structure (under 10 FTE) or natural person among the members"
    elif current.empty:
        missing = "no current seat"
    elif not n_seats:
        missing = "no current seat whose structure's FTE is known"
    uncapped = None
    if missing is None and seat_share is not None and member_share:
        uncapped = seat_share / member_share
    return RepresentationRatio(
        on=to_day(on).date(),
        seats_known=n_seats,
        small_seats=small_seats,
        unknown_fte_seats=len(current) - n_seats,
        members_known=n_members,
        small_members=small_members,
        unknown_fte_members=len(members) - n_members,
        seat_share=seat_share,
        member_share=member_share,
        uncapped_ratio=uncapped,
        ratio=min(1.0, uncapped) if uncapped is not None else None,
        missing=missing,
    )


# --- tenure and rotation ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TenureRotation(_Result):
    """How long officers stay in office and how often offices change hands."""

    on: dt.date
    current_officers: int
    unknown_start: int
    mean_tenure_years: float | None
    tenure_by_office: dict[str, float | None]
    changes: int
    office_years: float
    rotation: float | None
    rotation_by_office: dict[str, float | None]
    unidentified: int


def _holder(person_id: Any, organisation_id: Any) -> tuple[str, Any] | None:
    # A person is the holder when known; otherwise the structure, whose representatives may
    # change without the office changing hands.
    if plain(person_id) is not None:
        return ("person", plain(person_id))
    if plain(organisation_id) is not None:
        return ("organisation", plain(organisation_id))
    return None


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def tenure_and_rotation(
    seats: pd.DataFrame, on: DateLike, *, body_kinds: Iterable[str] | None = None
) -> TenureRotation:
    """Tenure of the current officers and rotation of the offices up to `on`.

    Parameters
    ----------
    seats, on, body_kinds
        As in :func:`parity_index`. Only the offices of :data:`OFFICER_OFFICES` are used.

    Returns
    -------
    TenureRotation
        ``mean_tenure_years`` over the current officers whose start is known (the others are
        counted in ``unknown_start``) and per office in ``tenure_by_office``; ``changes``,
        ``office_years`` and ``rotation`` = changes ÷ office-years, per office in
        ``rotation_by_office``. A mean or rate is None when nothing is measurable.

    Notes
    -----
    For each office :math:`o` of each body (say the board's chair), the mandates that started
    on or before `on` are ordered by start. A *run* is a sequence of consecutive mandates
    with the same holder (the person, or the structure when no person is recorded): a
    re-election is not a change. With :math:`r_o` runs and :math:`s_o` the start of the first
    mandate:

    .. math:: \\text{rotation} = \\frac{\\sum_o (r_o - 1)}
              {\\sum_o (\\text{on} - s_o) / 365.25}

    pooled over offices rather than averaged, so that an office observed for a month does not
    weigh as much as one observed for ten years. The tenure of a current officer is
    ``on`` minus the start of their run. Mandates without a start cannot be placed in time,
    and mandates without a person or a structure cannot be compared: both stay out of the
    rotation (the latter counted in ``unidentified``). Overlapping mandates (co-chairs) are
    ordered by start like the others, so each newcomer counts as a change.

    Examples
    --------
    >>> seats = pd.DataFrame({"body_id": [1] * 3, "body_kind": ["board"] * 3,
    ...                       "person_id": [1, 1, 2], "organisation_id": [None] * 3,
    ...                       "gender": [None] * 3, "is_natural_person": [True] * 3,
    ...                       "office": ["chair"] * 3, "org_fte": [None] * 3,
    ...                       "start": ["2016-01-01", "2018-01-01", "2020-01-01"],
    ...                       "end": ["2017-12-31", "2019-12-31", None]})
    >>> result = tenure_and_rotation(seats, "2024-01-01")
    >>> result.changes, round(result.rotation, 4), round(result.mean_tenure_years, 2)
    (1, 0.125, 4.0)
    """
    frame = _seats(seats)
    day = to_day(on)
    officers = frame["office"].isin(OFFICER_OFFICES)
    if body_kinds is not None:
        officers &= _in_bodies(frame, body_kinds)
    frame = frame.loc[officers & (frame["start"].isna() | (frame["start"] <= day))]
    current = frame["end"].isna() | (frame["end"] >= day)

    # run_start[i]: start of the run of mandate i (its own start when it has no holder).
    run_start: dict[Any, pd.Timestamp] = {}
    changes = {office: 0 for office in OFFICER_OFFICES}
    years = {office: 0.0 for office in OFFICER_OFFICES}
    dated = frame.loc[frame["start"].notna()]
    holders = {
        i: _holder(p, o)
        for i, p, o in zip(dated.index, dated["person_id"], dated["organisation_id"], strict=True)
    }
    unidentified = sum(holder is None for holder in holders.values())
    for (_, office), spells in dated.groupby(["body_id", "office"], sort=False, dropna=False):
        spells = spells.sort_values("start", kind="stable")
        previous: tuple[str, Any] | None = None
        began: pd.Timestamp | None = None
        identified = [i for i in spells.index if holders[i] is not None]
        for i in spells.index:
            run_start[i] = spells.at[i, "start"]
        for i in identified:
            if holders[i] != previous:
                if previous is not None:
                    changes[office] += 1
                previous, began = holders[i], spells.at[i, "start"]
            run_start[i] = began
        if identified:
            years[office] += (day - spells.at[identified[0], "start"]).days / _DAYS_PER_YEAR

    tenures: dict[str, list[float]] = {office: [] for office in OFFICER_OFFICES}
    for i, office in zip(frame.index[current], frame.loc[current, "office"], strict=True):
        if i in run_start:
            tenures[office].append((day - run_start[i]).days / _DAYS_PER_YEAR)
    all_tenures = [value for values in tenures.values() for value in values]
    total_years = math.fsum(years.values())
    return TenureRotation(
        on=day.date(),
        current_officers=int(current.sum()),
        unknown_start=int((current & frame["start"].isna()).sum()),
        mean_tenure_years=_mean(all_tenures),
        tenure_by_office={office: _mean(tenures[office]) for office in OFFICER_OFFICES},
        changes=sum(changes.values()),
        office_years=total_years,
        rotation=sum(changes.values()) / total_years if total_years else None,
        rotation_by_office={
            office: changes[office] / years[office] if years[office] else None
            for office in OFFICER_OFFICES
        },
        unidentified=unidentified,
    )
