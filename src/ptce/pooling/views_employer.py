"""Pages of an employer group: its staff, the monthly hours grid, statements, liability key.

Coordinator only (`MANAGE_EMPLOYER_GROUP`): employees' names, contracts and wages are personal
and commercial data. Every object is looked up within the request's pole and the pooling must
be an employer group, so another pole's id, or another kind of pooling, answers 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ptce.core.exceptions import PtceError
from ptce.core.numbers import format_decimal_fr
from ptce.core.views import error_text, form_page
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.pooling import employer_selectors as selectors
from ptce.pooling.employer_group import (
    add_months,
    employee_save,
    month_end,
    month_key,
    month_label,
    parse_month,
    set_month_allocations,
)
from ptce.pooling.forms_employer import MonthPickerForm, PeriodForm, SharedEmployeeForm
from ptce.pooling.models import SharedEmployee
from ptce.pooling.statements import (
    build_statement,
    format_basis_points,
    format_hours,
    statement_pdf,
    statement_xlsx,
)
from ptce_analytics.employer_group import liability_key

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month_or_404(text: str) -> dt.date:
    month = parse_month(text)
    if month is None or month_key(month) != text:
        raise Http404
    return month


def _group_url(request: PoleRequest, pk: int) -> str:
    return reverse("employer-group", args=[request.pole.slug, pk])


def _month_nav(request: PoleRequest, name: str, pooling_pk: int, month: dt.date) -> dict:
    def link(target: dt.date) -> dict[str, str]:
        return {
            "url": reverse(name, args=[request.pole.slug, pooling_pk, month_key(target)]),
            "label": month_label(target),
        }

    return {"previous": link(add_months(month, -1)), "next": link(add_months(month, 1))}


# --- the group ----------------------------------------------------------------------------------


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_safe
def employer_group(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = selectors.employer_group_or_404(request.pole, pk)
    picker = MonthPickerForm(request.GET if "mois" in request.GET else None)
    if picker.is_bound and picker.is_valid():
        target = "employer-statement" if request.GET.get("vers") == "releve" else "allocation-month"
        return redirect(
            target, request.pole.slug, pooling.pk, month_key(picker.cleaned_data["mois"])
        )
    today = timezone.localdate()
    current = today.replace(day=1)
    return render(
        request,
        "pooling/employer/group.html",
        {
            "pole": request.pole,
            "pooling": pooling,
            "employees": list(selectors.employees(pooling)),
            "months": selectors.allocated_months(pooling),
            "picker": picker,
            "current_month": month_key(current),
            "current_month_label": month_label(current),
            "today": today,
        },
    )


def _employee_form(request: PoleRequest, pooling, employee: SharedEmployee) -> HttpResponse:
    return form_page(
        request,
        SharedEmployeeForm(request.POST or None, instance=employee),
        save=lambda form: employee_save(
            actor=request.user, pooling=pooling, employee=form.save(commit=False)
        ),
        template="pooling/employer/employee_form.html",
        success=_("Salarié·e enregistré·e."),
        next_url=lambda obj: _group_url(request, pooling.pk),
        context={"object": employee, "pooling": pooling},
    )


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_http_methods(["GET", "HEAD", "POST"])
def employee_create(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = selectors.employer_group_or_404(request.pole, pk)
    return _employee_form(request, pooling, SharedEmployee(pole=request.pole, pooling=pooling))


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_http_methods(["GET", "HEAD", "POST"])
def employee_edit(request: PoleRequest, pk: int) -> HttpResponse:
    employee = selectors.employee_or_404(request.pole, pk)
    return _employee_form(request, employee.pooling, employee)


# --- the monthly hours grid ---------------------------------------------------------------------


def _cell_name(employee_id: int, organisation_id: int) -> str:
    return f"h-{employee_id}-{organisation_id}"


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_http_methods(["GET", "HEAD", "POST"])
def allocation_month(request: PoleRequest, pk: int, month: str) -> HttpResponse:
    pooling = selectors.employer_group_or_404(request.pole, pk)
    start = _month_or_404(month)
    staff = selectors.month_staff(pooling, start)
    columns = selectors.month_columns(pooling, start)
    saved = selectors.month_hours(pooling, start)
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        cells = {}
        for employee in staff:
            for organisation in columns:
                name = _cell_name(employee.pk, organisation.pk)
                if name in request.POST:
                    posted[name] = request.POST[name]
                    cells[(employee.pk, organisation.pk)] = request.POST[name]
        try:
            result = set_month_allocations(request.user, pooling, start, cells)
        except (ValidationError, PtceError) as exc:
            errors = error_text(exc)
        else:
            messages.success(
                request,
                _("Heures de %(month)s enregistrées.") % {"month": month_label(start)},
            )
            for item in result.over_contract:
                messages.warning(
                    request,
                    _(
                        "%(name)s a %(allocated)s h mises à disposition en %(month)s pour "
                        "%(contract)s h au contrat : les heures au-delà du contrat sont "
                        "facturées au même coût horaire. Vérifiez la saisie."
                    )
                    % {
                        "name": item.employee.name,
                        "allocated": format_hours(item.allocated),
                        "contract": format_hours(item.contract),
                        "month": month_label(start),
                    },
                )
            return redirect(request.get_full_path())

    rows = []
    for employee in staff:
        cells = []
        total = Decimal(0)
        for organisation in columns:
            name = _cell_name(employee.pk, organisation.pk)
            hours = saved.get((employee.pk, organisation.pk))
            total += hours or 0
            cells.append(
                {
                    "name": name,
                    "value": posted[name] if name in posted else format_decimal_fr(hours),
                    "organisation": organisation,
                }
            )
        # Hours recorded for a structure that is no longer a column still count in the total.
        shown = {organisation.pk for organisation in columns}
        total += sum(
            (h for (e, o), h in saved.items() if e == employee.pk and o not in shown),
            Decimal(0),
        )
        rows.append(
            {
                "employee": employee,
                "cells": cells,
                "total": format_hours(total),
                "over": total > employee.monthly_hours,
                "contract": format_hours(employee.monthly_hours),
                "outside_contract": employee.started_on > month_end(start)
                or (employee.ended_on is not None and employee.ended_on < start),
            }
        )
    return render(
        request,
        "pooling/employer/allocation_month.html",
        {
            "pole": request.pole,
            "pooling": pooling,
            "month": start,
            "month_key": month_key(start),
            "month_label": month_label(start),
            "columns": columns,
            "rows": rows,
            "errors": errors,
            "nav": _month_nav(request, "allocation-month", pooling.pk, start),
        },
        status=400 if errors else 200,
    )


# --- statements ---------------------------------------------------------------------------------


def _statement(request: PoleRequest, pk: int, month: str):
    pooling = selectors.employer_group_or_404(request.pole, pk)
    return build_statement(pooling, _month_or_404(month))


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_safe
def employer_statement(request: PoleRequest, pk: int, month: str) -> HttpResponse:
    statement = _statement(request, pk, month)
    return render(
        request,
        "pooling/employer/statement.html",
        {
            "pole": request.pole,
            "pooling": statement.pooling,
            "statement": statement,
            "nav": _month_nav(request, "employer-statement", pk, statement.month),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_safe
def employer_statement_pdf(request: PoleRequest, pk: int, month: str) -> HttpResponse:
    statement = _statement(request, pk, month)
    return _download(statement_pdf(statement), "application/pdf", statement.filename("pdf"))


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_safe
def employer_statement_xlsx(request: PoleRequest, pk: int, month: str) -> HttpResponse:
    statement = _statement(request, pk, month)
    return _download(statement_xlsx(statement), XLSX_TYPE, statement.filename("xlsx"))


# --- joint liability ----------------------------------------------------------------------------


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 complete months before `today`'s month."""
    this_month = today.replace(day=1)
    return add_months(this_month, -12), this_month - dt.timedelta(days=1)


@pole_view(Capability.MANAGE_EMPLOYER_GROUP)
@require_safe
def employer_liability_key(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = selectors.employer_group_or_404(request.pole, pk)
    start, end = default_period(timezone.localdate())
    asked = "du" in request.GET or "au" in request.GET
    form = PeriodForm(request.GET if asked else None, initial={"du": start, "au": end})
    if asked and form.is_valid():
        start, end = form.cleaned_data["du"], form.cleaned_data["au"]
    rows, total_hours = [], Decimal(0)
    if not form.errors:
        data = selectors.liability_input(pooling, start, end)
        key = liability_key(data.allocations, start, end)
        total_hours = sum(data.organisation_hours.values(), Decimal(0))
        rows = sorted(
            (
                {
                    "name": data.organisation_names[organisation_id],
                    "hours": format_hours(data.organisation_hours[organisation_id]),
                    "share": format_basis_points(points),
                    "points": points,
                }
                for organisation_id, points in key.items()
            ),
            key=lambda row: (-row["points"], row["name"].casefold()),
        )
    return render(
        request,
        "pooling/employer/liability_key.html",
        {
            "pole": request.pole,
            "pooling": pooling,
            "form": form,
            "start": start,
            "end": end,
            "rows": rows,
            "total_hours": format_hours(total_hours),
            "total_share": format_basis_points(sum(row["points"] for row in rows)),
        },
    )
