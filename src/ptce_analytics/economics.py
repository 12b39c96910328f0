"""The hybrid economic model of a pole: where its resources come from, and what if one dries up.

A PTCE lives on a mix of resources: members' dues, public grants from several levels of
government, private money, revenue from its own activities, and contributions that are not
money (volunteering, goods and premises lent for free). Research on PTCE stresses that the
mix matters as much as the total: a pole funded by one grant stops when the grant does. These
indicators describe the mix year by year and project simple stress scenarios.

Conventions shared by every function:

* the *budget* of a year is the sum of its operating resource lines, loans excluded: a loan is
  financing that must be repaid, not a resource; investment lines and loans are reported
  apart (``investment``, ``loans``) and never mixed into the shares;
* a year without any operating resource line has no budget: its figures are None ("not
  measurable"), never 0; a share whose denominator is None or 0 is None as well;
* money is summed as exact decimals (a float is read through its shortest representation,
  so 0.1 is one tenth) and returned as floats in euros.

Input tables
------------
``funding``
    One row per resource line: ``line_id``, ``year`` (int), ``source_kind`` (one of
    :data:`SOURCE_KINDS`), ``funder`` (nullable: a key naming who pays, e.g. a member's or a
    funder's id), ``amount`` (euros, 0 or more), ``agreement_start`` and ``agreement_end``
    (nullable dates, set for multi-year agreements), ``section`` (``"operating"`` or
    ``"investment"``). ``funder``, ``agreement_start`` and ``agreement_end`` may be left out
    of the table altogether, which reads as null everywhere.
``volunteering``
    ``year``, ``hours``, ``value`` (euros; None when no hourly rate is known for the year,
    see :func:`value_volunteering`). Several rows of a year add up.
``in_kind``
    ``year``, ``value`` (euros: goods, services and premises provided for free). Several
    rows of a year add up.

References
----------
Valuing volunteering and in-kind contributions follows the French accounting practice of
"contributions volontaires en nature" (règlement ANC n° 2018-06 for non-profit bodies), which
asks for the valuation method to be disclosed but fixes no hourly rate: see
:func:`default_volunteer_rate` for the convention used here.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

import pandas as pd

from ptce_analytics._frames import plain, require_columns, to_dates

__all__ = [
    "DEFAULT_CHARGES_RATE",
    "DEFINITIONS",
    "FUNDING_COLUMNS",
    "MULTI_YEAR_MONTHS",
    "OWN_KINDS",
    "PUBLIC_KINDS",
    "SECTIONS",
    "SOURCE_KINDS",
    "STRESS_KINDS",
    "ProjectedYear",
    "Stress",
    "StressResult",
    "Trends",
    "YearMix",
    "default_volunteer_rate",
    "gross_hourly_smic",
    "parse_stress",
    "resource_mix",
    "resource_trends",
    "stress_test",
    "value_volunteering",
]

SOURCE_KINDS = (
    "dues",
    "grant_state",
    "grant_region",
    "grant_departement",
    "grant_epci",
    "grant_commune",
    "grant_eu",
    "grant_other_public",
    "private_foundation",
    "private_company",
    "own_revenue",
    "loan",
)
PUBLIC_KINDS = tuple(kind for kind in SOURCE_KINDS if kind.startswith("grant_"))
OWN_KINDS = ("dues", "own_revenue")
SECTIONS = ("operating", "investment")
STRESS_KINDS = ("grant_ends", "public_cut", "member_leaves")
FUNDING_COLUMNS = (
    "line_id",
    "year",
    "source_kind",
    "funder",
    "amount",
    "agreement_start",
    "agreement_end",
    "section",
)
# Columns that may be absent from `funding`: absent reads as null on every line.
_OPTIONAL_COLUMNS = ("funder", "agreement_start", "agreement_end")
LOAN = "loan"
OPERATING = "operating"
MULTI_YEAR_MONTHS = 24
DEFAULT_CHARGES_RATE = Decimal("0.45")

_CENT = Decimal("0.01")

DEFINITIONS: dict[str, str] = {
    "budget": (
        "Sum of the year's operating resource lines, loans excluded; None when the year has "
        "no such line."
    ),
    "by_kind": "The budget broken down by kind of source (only the kinds present).",
    "loans": "Sum of the year's loan lines, operating and investment: financing, not resource.",
    "investment": "Sum of the year's investment lines other than loans, kept out of the budget.",
    "public_share": "Public grants (every grant_* kind) divided by the budget.",
    "own_share": "Members' dues plus own revenue, divided by the budget.",
    "diversification": (
        "1 − Σ s², where s is each funder's share of the budget (1 minus the Herfindahl "
        "index): 0 when one funder pays everything, 1 − 1/n for n funders paying equally. "
        "Lines with no funder count as one pooled funder per kind of source."
    ),
    "multi_year_public_share": (
        "Public grants under an agreement lasting at least 24 months (agreement_end + 1 day "
        "on or after agreement_start + 24 months), divided by all public grants of the "
        "budget; None when there is no public grant."
    ),
    "volunteering_hours": "Hours of volunteering recorded for the year.",
    "volunteering_value": (
        "Volunteering hours valued in euros; None when the year's volunteering is not (fully) "
        "valued."
    ),
    "volunteering_share": "Valued volunteering divided by (budget + valued volunteering).",
    "in_kind_value": "Goods, services and premises provided for free, valued in euros.",
    "budget_change_pct": (
        "Change of the budget from the first to the last year with a budget, in % of the "
        "first year's budget."
    ),
    "public_share_change_pp": (
        "Change of public_share from the first to the last year with a budget, in percentage "
        "points."
    ),
    "own_share_change_pp": (
        "Change of own_share from the first to the last year with a budget, in percentage points."
    ),
    "needs": (
        "What a projected year must fund: the base year's budget, held flat (assumes the base "
        "year was balanced and expenses stay as they were)."
    ),
    "baseline_resources": (
        "The base year's operating resource lines that recur in a projected year: all of "
        "them except those whose agreement ends before 1 January of that year."
    ),
    "scenario_resources": "The baseline resources once the stress scenario is applied.",
    "baseline_gap": "max(0, needs − baseline_resources).",
    "gap": "max(0, needs − scenario_resources): what is missing in the scenario.",
    "own_revenue_now": "Dues and own revenue still present in the scenario that year.",
    "own_revenue_needed": (
        "own_revenue_now + gap: the dues and own revenue that would close the gap alone."
    ),
    "total_gap": "Sum of the gaps over the projected years.",
}


# --- input normalisation ------------------------------------------------------------------------


class _Line(NamedTuple):
    line_id: Any
    year: int
    kind: str
    funder: str | None
    amount: Decimal
    start: dt.date | None
    end: dt.date | None
    section: str

    @property
    def in_budget(self) -> bool:
        return self.section == OPERATING and self.kind != LOAN


def _decimal(value: Any, what: str) -> Decimal:
    """`value` as an exact Decimal, 0 or more; floats through their shortest repr."""
    value = plain(value)
    if value is None:
        raise ValueError(f"{what} is missing")
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}")
    try:
        number = Decimal(str(value).strip()) if isinstance(value, float | str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValueError(f"{what} must be a number, not {value!r}") from error
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    if number < 0:
        raise ValueError(f"{what} must be 0 or more, not {value!r}")
    return number


def _year(value: Any, what: str) -> int:
    value = plain(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    # plain() already turned integral floats into ints.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{what} must be a year (an integer), not {value!r}")
    return value


def _check_values(values: Iterable[Any], accepted: Sequence[str], name: str) -> None:
    # An unknown kind cannot be placed in any share; guessing would bias all of them.
    unknown = sorted({str(value) for value in values if plain(value) not in accepted})
    if unknown:
        raise ValueError(
            f"{name} has unknown value(s): {', '.join(unknown)} (expected one of: "
            f"{', '.join(accepted)})"
        )


def _optional_dates(funding: pd.DataFrame, column: str) -> list[dt.date | None]:
    if column not in funding.columns:
        return [None] * len(funding)
    return [None if pd.isna(day) else day.date() for day in to_dates(funding[column])]


def _funding(funding: pd.DataFrame) -> list[_Line]:
    required = [column for column in FUNDING_COLUMNS if column not in _OPTIONAL_COLUMNS]
    require_columns(funding, required, "funding")
    _check_values(funding["source_kind"], SOURCE_KINDS, "funding.source_kind")
    _check_values(funding["section"], SECTIONS, "funding.section")
    funders = funding["funder"] if "funder" in funding.columns else [None] * len(funding)
    starts = _optional_dates(funding, "agreement_start")
    ends = _optional_dates(funding, "agreement_end")
    lines = []
    rows = zip(
        funding["line_id"],
        funding["year"],
        funding["source_kind"],
        funders,
        funding["amount"],
        starts,
        ends,
        funding["section"],
        strict=True,
    )
    for line_id, year, kind, funder, amount, start, end, section in rows:
        line_id = plain(line_id)
        if start is not None and end is not None and end < start:
            raise ValueError(f"funding line {line_id!r}: agreement_end falls before its start")
        # Funders are compared as text (a stress target is text); a blank funder is no funder
        # and pools with the other unnamed lines.
        funder = plain(funder)
        if funder is not None:
            funder = str(funder).strip() or None
        lines.append(
            _Line(
                line_id=line_id,
                year=_year(year, f"year of funding line {line_id!r}"),
                kind=kind,
                funder=funder,
                amount=_decimal(amount, f"amount of funding line {line_id!r}"),
                start=start,
                end=end,
                section=section,
            )
        )
    return lines


def _yearly(table: pd.DataFrame | None, column: str, name: str) -> dict[int, Decimal | None]:
    """year → sum of `column`, None for a year where one row lacks it (a partial sum would
    understate it)."""
    if table is None:
        return {}
    require_columns(table, ("year", column), name)
    out: dict[int, Decimal | None] = {}
    for year, value in zip(table["year"], table[column], strict=True):
        year = _year(year, f"{name}.year")
        number = None if plain(value) is None else _decimal(value, f"{name}.{column} of {year}")
        if year in out and out[year] is None:
            continue
        out[year] = None if number is None else out.get(year, Decimal(0)) + number
    return out


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _ratio(part: Decimal | None, whole: Decimal | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return float(part / whole)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    # 29 February + 24 months is 28 February: the last day of a shorter month.
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _multi_year(line: _Line) -> bool:
    if line.start is None or line.end is None:
        return False
    return line.end + dt.timedelta(days=1) >= _add_months(line.start, MULTI_YEAR_MONTHS)


# --- resource mix -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearMix:
    """The resources of one year; see :data:`DEFINITIONS`. Amounts in euros."""

    year: int
    budget: float | None
    by_kind: dict[str, float]
    loans: float | None
    investment: float | None
    public_share: float | None
    own_share: float | None
    diversification: float | None
    multi_year_public_share: float | None
    volunteering_value: float | None
    volunteering_share: float | None
    in_kind_value: float | None
    volunteering_hours: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return asdict(self)


def _diversification(lines: list[_Line], budget: Decimal) -> float | None:
    if budget == 0:
        return None
    by_funder: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        # Unnamed lines pool into one funder per kind: merging funders can only raise the
        # Herfindahl index, so the pole never looks more diversified than it is (unless an
        # unnamed line secretly comes from a named funder, which the data cannot tell).
        key = ("funder", line.funder) if line.funder is not None else ("unnamed", line.kind)
        by_funder[key] = by_funder.get(key, Decimal(0)) + line.amount
    herfindahl = sum(((amount / budget) ** 2 for amount in by_funder.values()), Decimal(0))
    return float(1 - herfindahl)


def _year_mix(
    year: int,
    lines: list[_Line],
    volunteering: dict[int, Decimal | None],
    hours: dict[int, Decimal | None],
    in_kind: dict[int, Decimal | None],
) -> YearMix:
    budget_lines = [line for line in lines if line.in_budget]
    volunteering_value = volunteering.get(year)
    common: dict[str, Any] = {
        "year": year,
        "volunteering_value": _float(volunteering_value),
        "in_kind_value": _float(in_kind.get(year)),
        "volunteering_hours": _float(hours.get(year)),
    }
    # Loans and investment are measured (possibly 0) as soon as the year has any line.
    common["loans"] = float(_sum(line for line in lines if line.kind == LOAN)) if lines else None
    common["investment"] = (
        float(_sum(line for line in lines if _is_investment(line))) if lines else None
    )
    if not budget_lines:
        return YearMix(
            budget=None,
            by_kind={},
            public_share=None,
            own_share=None,
            diversification=None,
            multi_year_public_share=None,
            volunteering_share=None,
            **common,
        )
    budget = _sum(budget_lines)
    by_kind = {
        kind: _sum(line for line in budget_lines if line.kind == kind)
        for kind in SOURCE_KINDS
        if any(line.kind == kind for line in budget_lines)
    }
    public_lines = [line for line in budget_lines if line.kind in PUBLIC_KINDS]
    public = _sum(public_lines)
    multi_year = _sum(line for line in public_lines if _multi_year(line))
    own = _sum(line for line in budget_lines if line.kind in OWN_KINDS)
    return YearMix(
        budget=float(budget),
        by_kind={kind: float(amount) for kind, amount in by_kind.items()},
        public_share=_ratio(public, budget),
        own_share=_ratio(own, budget),
        diversification=_diversification(budget_lines, budget),
        multi_year_public_share=_ratio(multi_year, public),
        volunteering_share=(
            None
            if volunteering_value is None
            else _ratio(volunteering_value, budget + volunteering_value)
        ),
        **common,
    )


def _sum(lines: Iterable[_Line]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))


def _is_investment(line: _Line) -> bool:
    return line.section != OPERATING and line.kind != LOAN


def resource_mix(
    funding: pd.DataFrame,
    *,
    volunteering: pd.DataFrame | None = None,
    in_kind: pd.DataFrame | None = None,
    years: Iterable[int] | None = None,
) -> list[YearMix]:
    """Describe the mix of resources of each year.

    Parameters
    ----------
    funding
        The funding table (see the module documentation).
    volunteering
        The volunteering table (``year``, ``hours``, ``value``), optional.
    in_kind
        The in-kind contributions table (``year``, ``value``), optional.
    years
        The years to describe. By default every year from the first to the last found in any
        table, the years in between included even when they have no data.

    Returns
    -------
    list of YearMix
        One per year, in increasing order. A year with no data at all has every figure None
        (and an empty ``by_kind``). See :data:`DEFINITIONS` for each figure.

    Raises
    ------
    ValueError
        When a column is missing, a kind of source or a section is unknown, an amount or a
        year is missing or invalid, or an agreement ends before it starts.

    Examples
    --------
    >>> funding = pd.DataFrame({
    ...     "line_id": [1, 2, 3, 4], "year": [2024] * 4,
    ...     "source_kind": ["dues", "grant_region", "own_revenue", "loan"],
    ...     "funder": ["m1", "region", None, "bank"], "amount": [20_000, 50_000, 30_000, 40_000],
    ...     "agreement_start": [None, "2024-01-01", None, None],
    ...     "agreement_end": [None, "2026-12-31", None, None],
    ...     "section": ["operating"] * 4})
    >>> mix = resource_mix(funding)[0]
    >>> mix.budget, mix.loans, mix.public_share, mix.own_share, mix.multi_year_public_share
    (100000.0, 40000.0, 0.5, 0.5, 1.0)
    >>> round(mix.diversification, 2)
    0.62
    """
    lines = _funding(funding)
    volunteering_value = _yearly(volunteering, "value", "volunteering")
    volunteering_hours = _yearly(volunteering, "hours", "volunteering")
    in_kind_value = _yearly(in_kind, "value", "in_kind")
    if years is None:
        seen = {line.year for line in lines} | set(volunteering_hours) | set(in_kind_value)
        seen |= set(volunteering_value)
        chosen = list(range(min(seen), max(seen) + 1)) if seen else []
    else:
        chosen = sorted({_year(year, "years") for year in years})
    by_year: dict[int, list[_Line]] = {}
    for line in lines:
        by_year.setdefault(line.year, []).append(line)
    return [
        _year_mix(
            year, by_year.get(year, []), volunteering_value, volunteering_hours, in_kind_value
        )
        for year in chosen
    ]


@dataclass(frozen=True, slots=True)
class Trends:
    """How the mix changed between the first and the last year with a budget."""

    first_year: int | None
    last_year: int | None
    budget_first: float | None
    budget_last: float | None
    budget_change_pct: float | None
    public_share_change_pp: float | None
    own_share_change_pp: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return asdict(self)


def resource_trends(mix: Sequence[YearMix]) -> Trends:
    """Compare the first and the last measurable year of a :func:`resource_mix` result.

    Parameters
    ----------
    mix
        The years, in any order; years without a budget are skipped.

    Returns
    -------
    Trends
        ``first_year`` and ``last_year`` are the first and last years with a budget (None
        when there is none; equal when there is one). The changes are None when fewer than
        two years have a budget, when the first budget is 0 (for the % change), or when a
        share is missing at either end.

    Examples
    --------
    >>> funding = pd.DataFrame({"line_id": [1, 2, 3], "year": [2022, 2022, 2024],
    ...                         "source_kind": ["grant_state", "dues", "dues"],
    ...                         "amount": [80, 20, 110], "section": ["operating"] * 3})
    >>> trends = resource_trends(resource_mix(funding))
    >>> trends.first_year, trends.last_year, trends.budget_change_pct
    (2022, 2024, 10.0)
    >>> trends.public_share_change_pp, trends.own_share_change_pp
    (-80.0, 80.0)
    """
    measured = sorted((year for year in mix if year.budget is not None), key=lambda y: y.year)
    if not measured:
        return Trends(None, None, None, None, None, None, None)
    first, last = measured[0], measured[-1]
    assert first.budget is not None and last.budget is not None
    two_years = first.year != last.year
    return Trends(
        first_year=first.year,
        last_year=last.year,
        budget_first=first.budget,
        budget_last=last.budget,
        budget_change_pct=(
            (last.budget - first.budget) / first.budget * 100
            if two_years and first.budget
            else None
        ),
        public_share_change_pp=_points(first.public_share, last.public_share, two_years),
        own_share_change_pp=_points(first.own_share, last.own_share, two_years),
    )


def _points(first: float | None, last: float | None, two_years: bool) -> float | None:
    if not two_years or first is None or last is None:
        return None
    return (last - first) * 100


# --- stress tests -------------------------------------------------------------------------------

_STRESS_FORMS = (
    "'grant-ends:<line id or funder>', 'public:-<percent>' (e.g. 'public:-20' or "
    "'public:-20%') or 'member-leaves:<funder>'"
)
_PUBLIC_CUT = re.compile(r"-\s*(\d+(?:\.\d+)?)\s*%?")


@dataclass(frozen=True, slots=True)
class Stress:
    """A stress scenario.

    ``kind`` is one of :data:`STRESS_KINDS`: ``"grant_ends"`` (``target``: a line id or a
    funder), ``"public_cut"`` (``percent``: the size of the cut, in (0, 100]) or
    ``"member_leaves"`` (``target``: the member's funder key).
    """

    kind: str
    target: str | None = None
    percent: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in STRESS_KINDS:
            raise ValueError(
                f"unknown stress kind {self.kind!r} (expected one of: {', '.join(STRESS_KINDS)})"
            )
        if self.kind == "public_cut":
            if self.target is not None:
                raise ValueError("a public_cut stress takes a percent, not a target")
            if self.percent is None or not 0 < self.percent <= 100:
                raise ValueError(
                    f"a public_cut stress needs a cut between 0 and 100 %, not {self.percent!r}"
                )
        else:
            if self.percent is not None:
                raise ValueError(f"a {self.kind} stress takes a target, not a percent")
            if not isinstance(self.target, str) or not self.target.strip():
                raise ValueError(f"a {self.kind} stress needs a target, not {self.target!r}")

    @property
    def spec(self) -> str:
        """The stress written as :func:`parse_stress` reads it."""
        if self.kind == "public_cut":
            return f"public:-{self.percent:g}"
        return f"{self.kind.replace('_', '-')}:{self.target}"


def parse_stress(spec: str) -> Stress:
    """Read a stress scenario written as text (e.g. in a form or a command line).

    Parameters
    ----------
    spec
        ``"grant-ends:<line id or funder>"``, ``"public:-<percent>"`` (``"public:-20"`` or
        ``"public:-20%"``, a cut of 20 % of every public grant) or
        ``"member-leaves:<funder>"``.

    Returns
    -------
    Stress

    Raises
    ------
    ValueError
        When `spec` has none of the accepted forms; the message lists them.

    Examples
    --------
    >>> parse_stress("public:-20%")
    Stress(kind='public_cut', target=None, percent=20.0)
    >>> parse_stress("grant-ends:region-2024").target
    'region-2024'
    """
    prefix, colon, rest = str(spec).strip().partition(":")
    prefix, rest = prefix.strip().lower().replace("_", "-"), rest.strip()
    if colon and rest:
        if prefix in ("grant-ends", "member-leaves"):
            return Stress(prefix.replace("-", "_"), target=rest)
        cut = _PUBLIC_CUT.fullmatch(rest)
        if prefix == "public" and cut and 0 < float(cut.group(1)) <= 100:
            return Stress("public_cut", percent=float(cut.group(1)))
    raise ValueError(f"cannot read the stress {spec!r}: write {_STRESS_FORMS}")


@dataclass(frozen=True, slots=True)
class ProjectedYear:
    """One projected year of a stress test; see :data:`DEFINITIONS`. Amounts in euros."""

    year: int
    needs: float
    baseline_resources: float
    scenario_resources: float
    baseline_gap: float
    gap: float
    own_revenue_now: float
    own_revenue_needed: float


@dataclass(frozen=True, slots=True)
class StressResult:
    """A stress test: the projected years and the sum of their gaps."""

    base_year: int
    stress: Stress | None
    years: list[ProjectedYear]
    total_gap: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values; the stress as its text form."""
        out = asdict(self)
        out["stress"] = None if self.stress is None else self.stress.spec
        return out


def _matches(line: _Line, stress: Stress) -> bool:
    if stress.kind == "grant_ends":
        return stress.target in (str(line.line_id), line.funder)
    return stress.kind == "member_leaves" and line.funder == stress.target


def _scenario_amount(line: _Line, stress: Stress | None) -> Decimal:
    if stress is None:
        return line.amount
    if stress.kind == "public_cut":
        if line.kind not in PUBLIC_KINDS:
            return line.amount
        return line.amount * (1 - Decimal(str(stress.percent)) / 100)
    return Decimal(0) if _matches(line, stress) else line.amount


def stress_test(
    funding: pd.DataFrame, *, base_year: int, stress: Stress | None = None, horizon: int = 3
) -> StressResult:
    """Project the resources of the years after `base_year`, with and without a stress.

    Parameters
    ----------
    funding
        The funding table (see the module documentation).
    base_year
        The last known year; its budget is what each projected year needs.
    stress
        The scenario (see :func:`parse_stress`); None projects the baseline only.
    horizon
        How many years to project, 1 or more.

    Returns
    -------
    StressResult
        One :class:`ProjectedYear` per year from ``base_year + 1`` to ``base_year + horizon``.

    Raises
    ------
    ValueError
        When the base year has no operating resource line, `horizon` is less than 1, or a
        ``grant_ends`` or ``member_leaves`` target matches no line of the base year (a typo
        would otherwise pass for a painless scenario).

    Notes
    -----
    Assumptions, deliberately simple so that anyone can redo the arithmetic:

    * the base year was balanced and expenses stay flat: each projected year needs the base
      year's budget, no more (no inflation, no growth);
    * *baseline*: every operating resource line of the base year (loans excluded) recurs
      each year, except a line whose ``agreement_end`` falls before 1 January of the
      projected year: grants end on schedule and are not assumed renewed;
    * *scenario*, from ``base_year + 1`` on top of the baseline: ``grant_ends`` removes the
      lines whose line id (compared as text) or funder is the target; ``public_cut``
      multiplies every public grant by ``1 − percent / 100``; ``member_leaves`` removes every
      line whose funder is the member (its dues and what it buys from the pole);
    * ``gap = max(0, needs − scenario_resources)``: a surplus is not carried over;
      ``own_revenue_needed = own_revenue_now + gap`` is what dues and own revenue would have
      to bring in to close the gap on their own.

    Examples
    --------
    >>> funding = pd.DataFrame({"line_id": [1, 2, 3], "year": [2024] * 3,
    ...                         "source_kind": ["grant_region", "dues", "own_revenue"],
    ...                         "funder": ["region", "m1", None], "amount": [60, 25, 15],
    ...                         "agreement_end": ["2025-12-31", None, None],
    ...                         "section": ["operating"] * 3})
    >>> result = stress_test(funding, base_year=2024, stress=parse_stress("public:-50"))
    >>> [(y.year, y.baseline_gap, y.gap, y.own_revenue_needed) for y in result.years]
    [(2025, 0.0, 30.0, 70.0), (2026, 60.0, 60.0, 100.0), (2027, 60.0, 60.0, 100.0)]
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise ValueError(f"horizon must be a whole number of years, 1 or more, not {horizon!r}")
    base_year = _year(base_year, "base_year")
    base = [line for line in _funding(funding) if line.year == base_year and line.in_budget]
    if not base:
        raise ValueError(
            f"base year {base_year} has no operating resources: its needs are not measurable"
        )
    if (
        stress is not None
        and stress.kind != "public_cut"
        and not any(_matches(line, stress) for line in base)
    ):
        what = "line id or funder" if stress.kind == "grant_ends" else "funder"
        raise ValueError(
            f"{stress.spec}: no operating line of {base_year} has the {what} {stress.target!r}"
        )
    needs = _sum(base)
    years = []
    total_gap = Decimal(0)
    for year in range(base_year + 1, base_year + horizon + 1):
        january = dt.date(year, 1, 1)
        recurring = [line for line in base if line.end is None or line.end >= january]
        baseline = _sum(recurring)
        # Pairs, not a dict: two identical lines must both count.
        scenario = [(line, _scenario_amount(line, stress)) for line in recurring]
        resources = sum((amount for _, amount in scenario), Decimal(0))
        own = sum((amount for line, amount in scenario if line.kind in OWN_KINDS), Decimal(0))
        gap = max(Decimal(0), needs - resources)
        total_gap += gap
        years.append(
            ProjectedYear(
                year=year,
                needs=float(needs),
                baseline_resources=float(baseline),
                scenario_resources=float(resources),
                baseline_gap=float(max(Decimal(0), needs - baseline)),
                gap=float(gap),
                own_revenue_now=float(own),
                own_revenue_needed=float(own + gap),
            )
        )
    return StressResult(
        base_year=base_year,
        stress=stress,
        years=years,
        total_gap=float(total_gap),
    )


# --- volunteering -------------------------------------------------------------------------------


@cache
def _smic_table() -> dict[int, Decimal]:
    text = files("ptce_analytics").joinpath("data/smic_horaire.csv").read_text("utf-8")
    return {
        int(row["year"]): Decimal(row["gross_hourly_smic_eur"])
        for row in csv.DictReader(text.splitlines())
    }


def gross_hourly_smic(year: int) -> Decimal | None:
    """The gross hourly SMIC in force on 1 January of `year`, None when not in the table.

    Examples
    --------
    >>> gross_hourly_smic(2024), gross_hourly_smic(1990)
    (Decimal('11.65'), None)
    """
    return _smic_table().get(_year(year, "year"))


def default_volunteer_rate(
    year: int, *, charges_rate: Decimal | float = DEFAULT_CHARGES_RATE
) -> Decimal | None:
    """A default hourly value of volunteering for `year`: the SMIC plus employer charges.

    Parameters
    ----------
    year
        The year of the volunteering.
    charges_rate
        Employer charges as a fraction of the gross wage, :data:`DEFAULT_CHARGES_RATE`
        (0.45) by default.

    Returns
    -------
    Decimal or None
        ``gross hourly SMIC on 1 January × (1 + charges_rate)``, rounded to the cent half up;
        None when the year is not in the packaged SMIC table (2019 onwards).

    Notes
    -----
    French practice values an hour of volunteering at the hourly SMIC, or at the wage a
    person hired to do the same work would get, social charges included. The 45 % employer
    charges are a convention of this library: roughly the full employer rate on a SMIC wage
    *without* the general reduction of charges (réduction générale) that an actual employer
    would get. It is an assumption, not a sourced legal figure: a pole can, and should,
    override it (or pass its own rates to :func:`value_volunteering`) and say which rate it
    used.

    Examples
    --------
    >>> default_volunteer_rate(2024)  # 11.65 × 1.45 = 16.8925
    Decimal('16.89')
    >>> default_volunteer_rate(2024, charges_rate=0), default_volunteer_rate(1990)
    (Decimal('11.65'), None)
    """
    rate = _decimal(charges_rate, "charges_rate")
    smic = gross_hourly_smic(year)
    if smic is None:
        return None
    return (smic * (1 + rate)).quantize(_CENT, rounding=ROUND_HALF_UP)


def value_volunteering(hours: pd.DataFrame, rates: Mapping[int, Decimal | float]) -> pd.DataFrame:
    """Value volunteering hours at an hourly rate per year.

    Parameters
    ----------
    hours
        Columns ``year`` and ``hours``, one or more rows per year.
    rates
        Year → hourly value in euros, e.g. ``{2024: default_volunteer_rate(2024)}``.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, hours, rate, value``, one row per input row: ``value = hours × rate``
        rounded to the cent half up, in euros. ``rate`` and ``value`` are None for a year with
        no rate, and ``value`` is None where hours are missing: unvalued, not worthless. The
        frame can be passed as `volunteering` to :func:`resource_mix`.

    Examples
    --------
    >>> hours = pd.DataFrame({"year": [2023, 2024], "hours": [120, 35.5]})
    >>> value_volunteering(hours, {2024: Decimal("16.89")}).to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'year': 2023, 'hours': 120.0, 'rate': None, 'value': None},
     {'year': 2024, 'hours': 35.5, 'rate': 16.89, 'value': 599.6}]
    """
    require_columns(hours, ("year", "hours"), "hours")
    exact_rates = {
        _year(year, "rates year"): _decimal(rate, f"rate of {year}") for year, rate in rates.items()
    }
    rows = []
    for raw_year, raw_hours in zip(hours["year"], hours["hours"], strict=True):
        year = _year(raw_year, "hours.year")
        amount = None if plain(raw_hours) is None else _decimal(raw_hours, f"hours of {year}")
        rate = exact_rates.get(year)
        value = (
            None
            if rate is None or amount is None
            else (amount * rate).quantize(_CENT, rounding=ROUND_HALF_UP)
        )
        rows.append((year, _float(amount), _float(rate), _float(value)))
    out = pd.DataFrame(rows, columns=["year", "hours", "rate", "value"])
    # dtype=object keeps None as None (a float column would turn it into NaN).
    for column, position in (("hours", 1), ("rate", 2), ("value", 3)):
        out[column] = pd.Series([row[position] for row in rows], dtype=object)
    return out.astype({"year": int}) if rows else out
