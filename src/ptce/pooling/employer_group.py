"""Writes of an employer group (groupement d'employeurs): its employees and their monthly hours.

An employer group hires staff and lends them to its members at cost (Code du travail
L.1253-1 ff.). The cost arithmetic lives in `ptce_analytics.employer_group`; this module only
validates and saves what the coordinator types: the employees' contracts and, month by month,
the hours each employee worked for each member structure.

Numbers are typed the French way ("151,67", "1 234,50"); `parse_french_decimal` reads them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.core.numbers import compact_number, format_decimal_fr
from ptce.core.services import pole_row_save
from ptce.pooling.models import HourAllocation, Pooling, PoolingKind, SharedEmployee
from ptce.registry.models import Organisation

# --- months -------------------------------------------------------------------------------------

_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_TYPED = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")


def parse_month(text: str) -> dt.date | None:
    """'2026-03' (the URL form) or '03/2026' (typed) → date(2026, 3, 1); None when invalid."""
    text = (text or "").strip()
    match = _MONTH_KEY.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = _MONTH_TYPED.match(text)
        if not match:
            return None
        month, year = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        return None
    return dt.date(year, month, 1)


def month_key(month: dt.date) -> str:
    """The month as it appears in URLs and file names: '2026-03'."""
    return f"{month.year:04d}-{month.month:02d}"


def month_label(month: dt.date) -> str:
    """'mars 2026' in the active language."""
    return date_format(month, "F Y")


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def hours_in_month(month: dt.date) -> Decimal:
    """Every hour of the month: nobody can work more for the members than that."""
    return Decimal(calendar.monthrange(month.year, month.month)[1] * 24)


# --- numbers ------------------------------------------------------------------------------------

_DIGITS = re.compile(r"^\d+(\.\d+)?$")


def parse_french_decimal(text: str) -> Decimal:
    """'151,67', '151.67', '1 234,5', '1.234,50' → a Decimal; ValueError otherwise.

    Signs and units are refused: '-3', '12,5h' and '12 €' are not numbers of hours as the grid
    expects them.
    """
    compact = compact_number(text or "", currency=False)
    if not _DIGITS.match(compact):
        raise ValueError(text)
    try:
        return Decimal(compact)
    except InvalidOperation as error:  # pragma: no cover - the pattern only lets digits in
        raise ValueError(text) from error


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --- employees ----------------------------------------------------------------------------------


def require_employer_group(pooling: Pooling) -> None:
    if pooling.kind != PoolingKind.EMPLOYER_GROUP:
        raise PtceError(_("Cette mutualisation n'est pas un groupement d'employeurs."))


def employed_in(employee: SharedEmployee, month: dt.date) -> bool:
    """Whether the contract runs at some point of `month`."""
    return employee.started_on <= month_end(month) and (
        employee.ended_on is None or employee.ended_on >= month
    )


def employee_save(*, actor: Any, pooling: Pooling, employee: SharedEmployee) -> SharedEmployee:
    """Create or change an employee of the group `pooling` (validated, audited)."""
    require_employer_group(pooling)
    if employee.pk is not None and employee.pooling_id != pooling.pk:
        raise PtceError(_("Ce salarié appartient à un autre groupement."))
    employee.pooling = pooling
    if employee.ended_on and employee.ended_on < employee.started_on:
        raise ValidationError({"ended_on": _("La fin de contrat ne peut pas précéder l'embauche.")})
    # Names and wages are personal data: the audit trail keeps which row, not what it says.
    return pole_row_save(employee, actor=actor, pole=pooling.pole, data={"pooling": pooling.pk})


# --- monthly allocations ------------------------------------------------------------------------

Cell = tuple[int, int]  # (employee id, organisation id)


@dataclass(frozen=True)
class OverContract:
    """An employee lent for more hours in the month than their contract says."""

    employee: SharedEmployee
    allocated: Decimal
    contract: Decimal


@dataclass(frozen=True)
class MonthSaved:
    created: int = 0
    changed: int = 0
    deleted: int = 0
    over_contract: list[OverContract] = field(default_factory=list)

    @property
    def touched(self) -> int:
        return self.created + self.changed + self.deleted


def _cell_hours(
    raw: str | Decimal | None, *, label: str, month: dt.date
) -> tuple[Decimal | None, str | None]:
    """(hours or None for "no row", error message or None) for one grid cell."""
    if raw is None:
        return None, None
    if isinstance(raw, Decimal):
        text, value = format_decimal_fr(raw), raw
    else:
        text = str(raw).strip()
        if not text:
            return None, None
        try:
            value = parse_french_decimal(text)
        except ValueError:
            if text.lstrip().startswith("-"):
                return None, _("%(cell)s : « %(value)s » est négatif.") % {
                    "cell": label,
                    "value": text,
                }
            return None, _("%(cell)s : « %(value)s » n'est pas un nombre.") % {
                "cell": label,
                "value": text,
            }
    if value < 0:
        return None, _("%(cell)s : « %(value)s » est négatif.") % {"cell": label, "value": text}
    if decimal_places(value) > 2:
        return None, _("%(cell)s : « %(value)s » a plus de deux décimales.") % {
            "cell": label,
            "value": text,
        }
    if value > hours_in_month(month):
        return None, _("%(cell)s : « %(value)s » dépasse le nombre d'heures du mois (%(max)s).") % {
            "cell": label,
            "value": text,
            "max": hours_in_month(month),
        }
    return (value if value > 0 else None), None


def set_month_allocations(
    actor: Any,
    pooling: Pooling,
    month: dt.date,
    hours_by_cell: Mapping[Cell, str | Decimal | None],
) -> MonthSaved:
    """Save the hours of `month` for every (employee, structure) cell given, all or nothing.

    A cell holds the hours as typed ("12,5") or a Decimal; a blank cell or 0 means no hours,
    so an existing row is deleted. Cells left out of `hours_by_cell` are not touched. Any bad
    cell refuses the whole month with a ValidationError listing every bad cell by employee and
    structure. One audit entry records the month's save.

    Returns the counts of rows created, changed and deleted, and the employees whose hours
    for the month (all structures together) exceed their contract hours: a warning, not an
    error, since overtime exists; those hours are costed at the same hourly cost.
    """
    require_employer_group(pooling)
    month = month.replace(day=1)
    employee_ids = {employee_id for employee_id, _ in hours_by_cell}
    organisation_ids = {organisation_id for _, organisation_id in hours_by_cell}
    employees = {
        e.pk: e
        for e in SharedEmployee.objects.filter(
            pole=pooling.pole, pooling=pooling, pk__in=employee_ids
        )
    }
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pole=pooling.pole, pk__in=organisation_ids)
    }
    if employee_ids - set(employees):
        raise PtceError(_("Un des salariés de la grille n'appartient pas à ce groupement."))
    if organisation_ids - set(organisations):
        raise PtceError(_("Une des structures de la grille n'appartient pas à ce pôle."))

    wanted: dict[Cell, Decimal | None] = {}
    errors: list[str] = []
    for (employee_id, organisation_id), raw in hours_by_cell.items():
        employee = employees[employee_id]
        label = _("Heures de %(employee)s pour %(organisation)s") % {
            "employee": employee.name,
            "organisation": organisations[organisation_id].name,
        }
        value, error = _cell_hours(raw, label=label, month=month)
        if error is None and value is not None and not employed_in(employee, month):
            error = _("%(cell)s : %(employee)s n'est pas sous contrat en %(month)s.") % {
                "cell": label,
                "employee": employee.name,
                "month": month_label(month),
            }
        if error:
            errors.append(error)
        wanted[(employee_id, organisation_id)] = value
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        existing = {
            (row.employee_id, row.organisation_id): row
            for row in HourAllocation.objects.select_for_update().filter(
                pole=pooling.pole,
                employee_id__in=employee_ids,
                organisation_id__in=organisation_ids,
                month=month,
            )
        }
        to_create: list[HourAllocation] = []
        to_update: list[HourAllocation] = []
        to_delete: list[int] = []
        for (employee_id, organisation_id), value in wanted.items():
            row = existing.get((employee_id, organisation_id))
            if value is None:
                if row is not None:
                    to_delete.append(row.pk)
            elif row is None:
                to_create.append(
                    HourAllocation(
                        pole=pooling.pole,
                        employee_id=employee_id,
                        organisation_id=organisation_id,
                        month=month,
                        hours=value,
                        is_synthetic=False,
                    )
                )
            elif row.hours != value:
                row.hours = value
                to_update.append(row)
        if to_delete:
            HourAllocation.objects.filter(pole=pooling.pole, pk__in=to_delete).delete()
        if to_update:
            HourAllocation.objects.bulk_update(to_update, ["hours"])
        if to_create:
            HourAllocation.objects.bulk_create(to_create)
        audit_log(
            action="ptce.hourallocation.month_saved",
            actor=actor,
            pole=pooling.pole,
            obj=pooling,
            data={
                "pooling": pooling.pk,
                "month": month_key(month),
                "created": len(to_create),
                "changed": len(to_update),
                "deleted": len(to_delete),
            },
        )
    return MonthSaved(
        created=len(to_create),
        changed=len(to_update),
        deleted=len(to_delete),
        over_contract=over_contract(pooling, month, employees.values()),
    )


def over_contract(
    pooling: Pooling, month: dt.date, employees: Iterable[SharedEmployee]
) -> list[OverContract]:
    """Employees whose hours of `month`, all structures together, exceed their contract."""
    employees = {e.pk: e for e in employees}
    totals = (
        HourAllocation.objects.filter(
            pole=pooling.pole, employee_id__in=list(employees), month=month.replace(day=1)
        )
        .order_by()
        .values_list("employee_id")
        .annotate(total=Sum("hours"))
    )
    found = [
        OverContract(employees[employee_id], total, employees[employee_id].monthly_hours)
        for employee_id, total in totals
        if total > employees[employee_id].monthly_hours
    ]
    return sorted(found, key=lambda item: (item.employee.name.casefold(), item.employee.pk))
