"""Monthly statements of an employer group (groupement d'employeurs, Code du travail L.1253).

An employer group hires staff and lends them to its members, on a non-profit basis: members
pay back what the staff cost, no more. This module turns contracts and the hours lent to each
member into a statement, to the cent, and into the key for the members' joint liability.

The written rule (:data:`CHARGING_RULE`, in French :data:`CHARGING_RULE_FR`):

1. the cost of an employee for a month is ``hourly_cost × max(contract hours, hours allocated
   that month)``, rounded to the cent half up. Hours beyond the contract are costed at the
   same full hourly rate; nothing is added on top: no margin, no overhead;
2. that cost is charged to the members in proportion to the hours allocated to each that
   month, split to the cent by :func:`ptce_analytics.allocation.split_cents` (rounding rule:
   :data:`ptce_analytics.allocation.ROUNDING_RULE`). Contract hours nobody used are therefore
   shared in proportion to use, and every cent of the cost is charged;
3. an employee who costs something but has no hour allocated in the month cannot be charged
   to anyone: the cost is reported in ``unallocated`` for the group to decide on, never
   spread by an invented rule.

Conventions: money is handled as :class:`~decimal.Decimal` euros and integer cents, never as
floats; hours are Decimals. A float input is read through its shortest decimal representation
(``151.67`` is exactly 151.67). Months are identified by their first day; any date in the
month designates it.

Input tables
------------
``employees``
    ``employee_id``, ``monthly_hours`` (contract hours per month, e.g. 151.67),
    ``hourly_cost`` (full cost of one hour in euros: gross wage plus employer charges),
    optionally ``name``. List only the staff employed during the month of the statement:
    every employee listed costs their contract hours.
``allocations``
    ``employee_id``, ``organisation_id`` (the member the hours were lent to), ``month``,
    ``hours`` (0 or more). Several rows for the same employee, member and month add up; a row
    of 0 hours charges nothing and is left out of the statement.

Identifiers within a column are of one type (all integers or all strings): they are sorted,
and their order breaks the last ties of the rounding rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

from ptce_analytics._frames import DateLike, plain, require_columns, to_dates, to_day
from ptce_analytics.allocation import ROUNDING_RULE, split_cents, split_shares

__all__ = [
    "ALLOCATION_COLUMNS",
    "CHARGING_RULE",
    "CHARGING_RULE_FR",
    "EMPLOYEE_COLUMNS",
    "EmployeeCost",
    "GroupStatement",
    "MemberCharge",
    "StatementLine",
    "UnallocatedCost",
    "liability_key",
    "monthly_statement",
]

EMPLOYEE_COLUMNS = ("employee_id", "monthly_hours", "hourly_cost")
ALLOCATION_COLUMNS = ("employee_id", "organisation_id", "month", "hours")

CHARGING_RULE = (
    "The cost of an employee for a month is their full hourly cost (gross wage plus employer "
    "charges) times the larger of their contract hours and the hours lent that month, rounded "
    "to the cent; no margin is added. It is charged to the members in proportion to the hours "
    "lent to each that month. " + ROUNDING_RULE
)
CHARGING_RULE_FR = (
    "Le coût mensuel d'un salarié est son coût horaire complet (salaire brut et charges "
    "patronales) multiplié par le plus grand nombre entre ses heures contractuelles et les "
    "heures mises à disposition dans le mois, arrondi au centime, sans aucune marge. Il est "
    "réparti entre les membres au prorata des heures mises à disposition de chacun dans le "
    "mois."
)

_CENT = Decimal("0.01")


# --- input normalisation ------------------------------------------------------------------------


def _decimal(value: Any, what: str) -> Decimal:
    """`value` as an exact Decimal; floats through their shortest repr, so 151.67 stays 151.67."""
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


def _month(value: DateLike) -> dt.date:
    day = to_day(value)
    return dt.date(day.year, day.month, 1)


def _month_starts(values: pd.Series, name: str) -> list[dt.date]:
    days = to_dates(values)
    if days.isna().any():
        raise ValueError(f"{name} has missing values")
    return [dt.date(day.year, day.month, 1) for day in days]


def _employees(employees: pd.DataFrame) -> dict[Hashable, tuple[Decimal, Decimal]]:
    """employee_id → (contract monthly hours, hourly cost), validated."""
    require_columns(employees, EMPLOYEE_COLUMNS, "employees")
    out: dict[Hashable, tuple[Decimal, Decimal]] = {}
    for raw_id, hours, cost in zip(
        employees["employee_id"], employees["monthly_hours"], employees["hourly_cost"], strict=True
    ):
        employee_id = plain(raw_id)
        if employee_id is None:
            raise ValueError("employees.employee_id has missing values")
        if employee_id in out:
            raise ValueError(f"employees.employee_id has duplicates: {employee_id!r}")
        out[employee_id] = (
            _decimal(hours, f"monthly_hours of employee {employee_id!r}"),
            _decimal(cost, f"hourly_cost of employee {employee_id!r}"),
        )
    return out


def _allocated_hours(
    allocations: pd.DataFrame, first: dt.date, last: dt.date
) -> dict[tuple[Hashable, Hashable], Decimal]:
    """(employee_id, organisation_id) → hours from month `first` to `last`, when positive."""
    require_columns(allocations, ALLOCATION_COLUMNS, "allocations")
    starts = _month_starts(allocations["month"], "allocations.month")
    hours: dict[tuple[Hashable, Hashable], Decimal] = {}
    rows = zip(
        allocations["employee_id"],
        allocations["organisation_id"],
        starts,
        allocations["hours"],
        strict=True,
    )
    for raw_employee, raw_organisation, month, raw_hours in rows:
        if not first <= month <= last:
            continue
        employee_id, organisation_id = plain(raw_employee), plain(raw_organisation)
        if employee_id is None:
            raise ValueError("allocations.employee_id has missing values")
        # Hours lent to nobody cannot be charged: refuse rather than drop them silently.
        if organisation_id is None:
            raise ValueError(
                f"allocations.organisation_id is missing for employee {employee_id!r} in "
                f"{month:%Y-%m}"
            )
        amount = _decimal(raw_hours, f"hours of employee {employee_id!r} in {month:%Y-%m}")
        key = (employee_id, organisation_id)
        hours[key] = hours.get(key, Decimal(0)) + amount
    return {key: value for key, value in hours.items() if value > 0}


# --- monthly statement --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployeeCost:
    """How the cost of one employee for the month was computed."""

    employee_id: Any
    contract_hours: Decimal
    allocated_hours: Decimal
    costed_hours: Decimal
    hourly_cost: Decimal
    cost_cents: int


@dataclass(frozen=True, slots=True)
class StatementLine:
    """What one member is charged for one employee over the month."""

    organisation_id: Any
    employee_id: Any
    hours: Decimal
    amount_cents: int


@dataclass(frozen=True, slots=True)
class MemberCharge:
    """What one member is charged over the month, all employees together."""

    organisation_id: Any
    hours: Decimal
    amount_cents: int


@dataclass(frozen=True, slots=True)
class UnallocatedCost:
    """The cost of an employee with no hour allocated in the month: nobody can be charged."""

    employee_id: Any
    cost_cents: int


@dataclass(frozen=True, slots=True)
class GroupStatement:
    """The statement of an employer group for one month; see :data:`CHARGING_RULE`.

    ``total_cents`` is the sum of the costs of the employees charged to members; it equals the
    sum of ``members`` amounts and of ``lines`` amounts. Costs in ``unallocated`` are not in
    it. ``costs`` details every employee's cost, charged or not.
    """

    month: dt.date
    total_cents: int
    lines: list[StatementLine]
    members: list[MemberCharge]
    unallocated: list[UnallocatedCost]
    rounding_rule: str
    costs: list[EmployeeCost]


def monthly_statement(
    employees: pd.DataFrame, allocations: pd.DataFrame, month: DateLike
) -> GroupStatement:
    """Charge each member its share of the staff costs of `month`, to the cent.

    Parameters
    ----------
    employees
        The employees table (``employee_id``, ``monthly_hours``, ``hourly_cost``): the staff
        employed during `month`.
    allocations
        The allocations table (``employee_id``, ``organisation_id``, ``month``, ``hours``);
        rows of other months are ignored.
    month
        Any date in the month of the statement.

    Returns
    -------
    GroupStatement
        ``lines`` sorted by member then employee, ``members`` sorted by member,
        ``unallocated`` and ``costs`` sorted by employee; ``rounding_rule`` is
        :data:`ptce_analytics.allocation.ROUNDING_RULE`.

    Raises
    ------
    ValueError
        When a column is missing, a number is missing, negative or not a number, an
        employee is listed twice, a row of the month has no member, or hours of the month are
        allocated to an employee missing from `employees`.

    Notes
    -----
    For each employee, ``cost = round_half_up(hourly_cost × max(monthly_hours, allocated), 2)``
    where ``allocated`` is the sum of the employee's hours in the month; the cost in cents is
    split between the members by :func:`~ptce_analytics.allocation.split_cents` with their
    hours as weights. An employee with a positive cost and no hour allocated goes to
    ``unallocated``; an employee costing nothing (0 contract hours, none allocated) appears
    only in ``costs``.

    Examples
    --------
    >>> employees = pd.DataFrame({"employee_id": ["ana"], "monthly_hours": ["100"],
    ...                           "hourly_cost": ["20.00"]})
    >>> allocations = pd.DataFrame({"employee_id": ["ana", "ana", "ana"],
    ...                             "organisation_id": [1, 2, 3],
    ...                             "month": ["2024-03-01", "2024-03-15", "2024-03-31"],
    ...                             "hours": ["30", "30", "30"]})
    >>> statement = monthly_statement(employees, allocations, "2024-03-20")
    >>> statement.month, statement.total_cents
    (datetime.date(2024, 3, 1), 200000)
    >>> [(member.organisation_id, member.amount_cents) for member in statement.members]
    [(1, 66667), (2, 66667), (3, 66666)]
    """
    start = _month(month)
    staff = _employees(employees)
    hours = _allocated_hours(allocations, start, start)
    unknown = sorted({employee_id for employee_id, _ in hours if employee_id not in staff}, key=str)
    if unknown:
        names = ", ".join(repr(employee_id) for employee_id in unknown)
        raise ValueError(
            f"allocations of {start:%Y-%m} name employee(s) missing from employees: {names}"
        )
    by_employee: dict[Hashable, dict[Hashable, Decimal]] = {}
    for (employee_id, organisation_id), amount in hours.items():
        by_employee.setdefault(employee_id, {})[organisation_id] = amount

    lines: list[StatementLine] = []
    unallocated: list[UnallocatedCost] = []
    costs: list[EmployeeCost] = []
    total_cents = 0
    for employee_id in sorted(staff):
        contract, rate = staff[employee_id]
        per_member = by_employee.get(employee_id, {})
        allocated = sum(per_member.values(), Decimal(0))
        costed = max(contract, allocated)
        cost = (rate * costed).quantize(_CENT, rounding=ROUND_HALF_UP)
        cost_cents = int(cost * 100)
        costs.append(EmployeeCost(employee_id, contract, allocated, costed, rate, cost_cents))
        if not per_member:
            if cost_cents > 0:
                unallocated.append(UnallocatedCost(employee_id, cost_cents))
            continue
        total_cents += cost_cents
        for organisation_id, amount in split_cents(cost_cents, per_member).items():
            line = StatementLine(organisation_id, employee_id, per_member[organisation_id], amount)
            lines.append(line)
    lines.sort(key=lambda line: (line.organisation_id, line.employee_id))
    totals: dict[Hashable, tuple[Decimal, int]] = {}
    for line in lines:
        line_hours, cents = totals.get(line.organisation_id, (Decimal(0), 0))
        totals[line.organisation_id] = (line_hours + line.hours, cents + line.amount_cents)
    members = [
        MemberCharge(organisation_id, *totals[organisation_id])
        for organisation_id in sorted(totals)
    ]
    return GroupStatement(
        month=start,
        total_cents=total_cents,
        lines=lines,
        members=members,
        unallocated=unallocated,
        rounding_rule=ROUNDING_RULE,
        costs=costs,
    )


# --- joint liability ----------------------------------------------------------------------------


def liability_key(allocations: pd.DataFrame, start: DateLike, end: DateLike) -> dict[Any, int]:
    """Each member's share of the staff hours used from `start` to `end`, in basis points.

    Members of an employer group are jointly liable for its wage and social-contribution
    debts (Code du travail L.1253-8); they may agree on objective criteria to split that
    liability among themselves. This key is one such criterion: each member's use of the
    group's staff.

    Parameters
    ----------
    allocations
        The allocations table (``organisation_id``, ``month``, ``hours`` are used).
    start, end
        Any date in the first and in the last month of the period; both months are included.

    Returns
    -------
    dict
        organisation_id → basis points (1/100 of a percent), summing to exactly 10000,
        computed by :func:`~ptce_analytics.allocation.split_shares`, in member order. Members
        that used no hour over the period are not in it; when no hour at all was used, the
        key is not measurable and the result is ``{}``.

    Raises
    ------
    ValueError
        When `start` falls after `end`, a column is missing, or hours are missing, negative or
        allocated to no member.

    Examples
    --------
    >>> allocations = pd.DataFrame({"employee_id": [1, 1, 2], "organisation_id": ["a", "b", "b"],
    ...                             "month": ["2024-01-01", "2024-02-01", "2024-07-01"],
    ...                             "hours": [10, 20, 5]})
    >>> liability_key(allocations, "2024-01-01", "2024-06-30")
    {'a': 3333, 'b': 6667}
    """
    first, last = _month(start), _month(end)
    if first > last:
        raise ValueError(f"start ({first:%Y-%m}) falls after end ({last:%Y-%m})")
    hours = _allocated_hours(allocations, first, last)
    per_member: dict[Hashable, Decimal] = {}
    for (_, organisation_id), amount in hours.items():
        per_member[organisation_id] = per_member.get(organisation_id, Decimal(0)) + amount
    if not per_member:
        return {}
    shares = split_shares(per_member)
    return {organisation_id: shares[organisation_id] for organisation_id in sorted(shares)}
