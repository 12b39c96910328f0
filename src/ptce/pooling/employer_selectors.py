"""Reads of an employer group: its staff, the member structures, the hours of a month.

Callers run inside the pole's scope (see `ptce.poles.access`); every query also names the pole,
so an id from another pole finds nothing. The DataFrames built here are the input tables of
`ptce_analytics.employer_group`; each is built in a fixed number of queries, whatever the
number of employees, structures or months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from ptce.pooling.employer_group import month_end
from ptce.pooling.models import (
    HourAllocation,
    Pooling,
    PoolingKind,
    PoolingParticipant,
    SharedEmployee,
)
from ptce.registry.models import Membership, Organisation
from ptce_analytics.employer_group import ALLOCATION_COLUMNS

EMPLOYEE_FRAME_COLUMNS = ("employee_id", "monthly_hours", "hourly_cost", "name")


def employer_group_or_404(pole: Any, pk: int) -> Pooling:
    """The pole's employer group `pk`; 404 for another pole's pooling or another kind."""
    return get_object_or_404(
        Pooling.objects.filter(pole=pole, kind=PoolingKind.EMPLOYER_GROUP).select_related(
            "carrier"
        ),
        pk=pk,
    )


def employee_or_404(pole: Any, pk: int) -> SharedEmployee:
    return get_object_or_404(
        SharedEmployee.objects.filter(
            pole=pole, pooling__kind=PoolingKind.EMPLOYER_GROUP
        ).select_related("pooling"),
        pk=pk,
    )


def employees(pooling: Pooling) -> QuerySet[SharedEmployee]:
    return SharedEmployee.objects.filter(pole=pooling.pole, pooling=pooling).order_by("name", "pk")


def _employed_in(month: dt.date) -> Q:
    return Q(started_on__lte=month_end(month)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=month))


def _month_allocations(pooling: Pooling, month: dt.date) -> QuerySet[HourAllocation]:
    return HourAllocation.objects.filter(
        pole=pooling.pole, employee__pooling=pooling, month=month.replace(day=1)
    )


def month_staff(pooling: Pooling, month: dt.date) -> list[SharedEmployee]:
    """Employees under contract during `month`, and any other with hours recorded that month.

    One query. The second group keeps hours typed before a contract's dates were corrected
    visible, so that they can be fixed rather than silently ignored.
    """
    allocated = _month_allocations(pooling, month).values("employee_id")
    return list(employees(pooling).filter(_employed_in(month) | Q(pk__in=allocated)))


def month_columns(pooling: Pooling, month: dt.date) -> list[Organisation]:
    """The structures the hours of `month` can go to, by name. One query.

    The pooling's participants taking part during the month; when the pooling lists no
    participant at all, the pole's member structures during the month. Structures that already
    have hours that month are always included.
    """
    start, end = month.replace(day=1), month_end(month)
    participants = PoolingParticipant.objects.filter(pole=pooling.pole, pooling=pooling)
    running = participants.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=end),
        Q(left_on__isnull=True) | Q(left_on__gte=start),
    ).values("organisation_id")
    members = Membership.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=start),
        pole=pooling.pole,
    ).values("organisation_id")
    allocated = _month_allocations(pooling, month).values("organisation_id")
    has_participants = participants.exists()
    taking_part = Q(pk__in=running) if has_participants else Q(pk__in=members)
    return list(
        Organisation.objects.filter(pole=pooling.pole)
        .filter(taking_part | Q(pk__in=allocated))
        .order_by("name_key", "pk")
    )


def month_hours(pooling: Pooling, month: dt.date) -> dict[tuple[int, int], Decimal]:
    """(employee id, organisation id) → hours recorded for `month`. One query."""
    return {
        (employee_id, organisation_id): hours
        for employee_id, organisation_id, hours in _month_allocations(pooling, month).values_list(
            "employee_id", "organisation_id", "hours"
        )
    }


@dataclass(frozen=True)
class AllocatedMonth:
    month: dt.date
    hours: Decimal
    employees: int
    organisations: int


def allocated_months(pooling: Pooling) -> list[AllocatedMonth]:
    """Every month with hours recorded, latest first, with its totals. One query."""
    rows = (
        HourAllocation.objects.filter(pole=pooling.pole, employee__pooling=pooling)
        .order_by()
        .values("month")
        .annotate(
            hours=Sum("hours"),
            employees=Count("employee", distinct=True),
            organisations=Count("organisation", distinct=True),
        )
        .order_by("-month")
    )
    return [
        AllocatedMonth(row["month"], row["hours"], row["employees"], row["organisations"])
        for row in rows
    ]


@dataclass(frozen=True)
class StatementInput:
    """The analytics' input tables for one month, with the names to show beside the ids."""

    month: dt.date
    employees: pd.DataFrame
    allocations: pd.DataFrame
    employee_names: dict[int, str]
    organisation_names: dict[int, str]


def _allocation_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([row[:4] for row in rows], columns=list(ALLOCATION_COLUMNS), dtype=object)


def statement_input(pooling: Pooling, month: dt.date) -> StatementInput:
    """Employees and allocations of `month` as DataFrames. Two queries."""
    month = month.replace(day=1)
    staff = month_staff(pooling, month)
    rows = list(
        _month_allocations(pooling, month).values_list(
            "employee_id", "organisation_id", "month", "hours", "organisation__name"
        )
    )
    employees_frame = pd.DataFrame(
        [(e.pk, e.monthly_hours, e.hourly_cost, e.name) for e in staff],
        columns=list(EMPLOYEE_FRAME_COLUMNS),
        dtype=object,
    )
    return StatementInput(
        month=month,
        employees=employees_frame,
        allocations=_allocation_frame(rows),
        employee_names={e.pk: e.name for e in staff},
        organisation_names={row[1]: row[4] for row in rows},
    )


@dataclass(frozen=True)
class LiabilityInput:
    allocations: pd.DataFrame
    organisation_names: dict[int, str]
    organisation_hours: dict[int, Decimal]


def liability_input(pooling: Pooling, start: dt.date, end: dt.date) -> LiabilityInput:
    """Allocations of the months from `start` to `end` (both included). One query."""
    rows = list(
        HourAllocation.objects.filter(
            pole=pooling.pole,
            employee__pooling=pooling,
            month__gte=start.replace(day=1),
            month__lte=end.replace(day=1),
        ).values_list("employee_id", "organisation_id", "month", "hours", "organisation__name")
    )
    hours: dict[int, Decimal] = {}
    for row in rows:
        hours[row[1]] = hours.get(row[1], Decimal(0)) + row[3]
    return LiabilityInput(
        allocations=_allocation_frame(rows),
        organisation_names={row[1]: row[4] for row in rows},
        organisation_hours=hours,
    )
