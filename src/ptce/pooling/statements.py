"""An employer group's monthly statement: assembled, and exported as PDF and XLSX.

The amounts come from `ptce_analytics.employer_group.monthly_statement` (cent-exact, summing to
the total); this module only adds the names of the employees and structures, orders the rows
for reading, and writes the files. Money stays in integer cents until it is shown.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ptce.pooling.employer_group import month_key, month_label
from ptce.pooling.employer_selectors import statement_input
from ptce.pooling.models import Pooling
from ptce_analytics.allocation import ROUNDING_RULE_FR
from ptce_analytics.employer_group import CHARGING_RULE_FR, monthly_statement

NBSP = "\u00a0"
EURO_FORMAT = '#,##0.00" €"'
HOURS_FORMAT = "#,##0.00"


# --- French number display ----------------------------------------------------------------------


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NBSP.join(groups)


def format_euros(cents: int) -> str:
    """123456 → '1 234,56 €' (no-break spaces, so an amount never wraps)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{_group_thousands(str(euros))},{rest:02d}{NBSP}€"


def format_hours(value: Decimal | None) -> str:
    """Decimal('1234.50') → '1 234,5'; up to two decimals, none when whole."""
    if value is None:
        return ""
    text = f"{value.quantize(Decimal('0.01')):f}"
    whole, _dot, decimals = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    decimals = decimals.rstrip("0")
    shown = _group_thousands(whole.lstrip("-"))
    return f"{sign}{shown},{decimals}" if decimals else f"{sign}{shown}"


def format_basis_points(points: int) -> str:
    """3333 → '33,33 %'."""
    whole, rest = divmod(points, 100)
    return f"{whole},{rest:02d}{NBSP}%"


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


# --- the statement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployeeLine:
    employee_id: int
    name: str
    hours: Decimal
    amount_cents: int

    @property
    def hours_display(self) -> str:
        return format_hours(self.hours)

    @property
    def amount_display(self) -> str:
        return format_euros(self.amount_cents)


@dataclass(frozen=True)
class MemberStatement:
    organisation_id: int
    name: str
    hours: Decimal
    amount_cents: int
    lines: list[EmployeeLine]

    @property
    def hours_display(self) -> str:
        return format_hours(self.hours)

    @property
    def amount_display(self) -> str:
        return format_euros(self.amount_cents)


@dataclass(frozen=True)
class EmployeeCostRow:
    employee_id: int
    name: str
    contract_hours: Decimal
    allocated_hours: Decimal
    costed_hours: Decimal
    hourly_cost: Decimal
    cost_cents: int
    charged: bool

    @property
    def over_contract(self) -> bool:
        return self.allocated_hours > self.contract_hours

    @property
    def cost_display(self) -> str:
        return format_euros(self.cost_cents)

    @property
    def hourly_cost_display(self) -> str:
        return format_euros(int(self.hourly_cost * 100))

    @property
    def contract_hours_display(self) -> str:
        return format_hours(self.contract_hours)

    @property
    def allocated_hours_display(self) -> str:
        return format_hours(self.allocated_hours)

    @property
    def costed_hours_display(self) -> str:
        return format_hours(self.costed_hours)


@dataclass(frozen=True)
class Statement:
    pooling: Pooling
    month: dt.date
    total_cents: int
    members: list[MemberStatement]
    unallocated: list[EmployeeCostRow]
    costs: list[EmployeeCostRow]
    rounding_rule: str = ROUNDING_RULE_FR
    charging_rule: str = CHARGING_RULE_FR
    lines: list[tuple[MemberStatement, EmployeeLine]] = field(default_factory=list)

    @property
    def total_display(self) -> str:
        return format_euros(self.total_cents)

    @property
    def total_hours(self) -> Decimal:
        return sum((member.hours for member in self.members), Decimal(0))

    @property
    def total_hours_display(self) -> str:
        return format_hours(self.total_hours)

    @property
    def unallocated_cents(self) -> int:
        return sum(row.cost_cents for row in self.unallocated)

    @property
    def unallocated_display(self) -> str:
        return format_euros(self.unallocated_cents)

    @property
    def month_key(self) -> str:
        return month_key(self.month)

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def at_cost_rule(self) -> str:
        return at_cost_rule()

    def filename(self, extension: str) -> str:
        slug = slugify(self.pooling.name) or f"groupement-{self.pooling.pk}"
        return f"releve-{self.month_key}-{slug}.{extension}"


def at_cost_rule() -> str:
    return _(
        "Le groupement d'employeurs met son personnel à disposition de ses membres sans but "
        "lucratif (Code du travail, articles L.1253-1 et suivants) : chaque structure rembourse "
        "le coût réel des heures dont elle a bénéficié, à prix coûtant, sans aucune marge ni "
        "frais ajoutés."
    )


def _sort_key(name: str, pk: Any) -> tuple[str, Any]:
    return (name.casefold(), pk)


def build_statement(pooling: Pooling, month: dt.date) -> Statement:
    """The statement of `month`, with names, members and lines in reading order."""
    data = statement_input(pooling, month)
    result = monthly_statement(data.employees, data.allocations, data.month)
    employee_names = data.employee_names
    organisation_names = data.organisation_names
    lines_by_member: dict[Any, list[EmployeeLine]] = {}
    for line in result.lines:
        lines_by_member.setdefault(line.organisation_id, []).append(
            EmployeeLine(
                line.employee_id,
                employee_names.get(line.employee_id, ""),
                line.hours,
                line.amount_cents,
            )
        )
    members = [
        MemberStatement(
            charge.organisation_id,
            organisation_names.get(charge.organisation_id, ""),
            charge.hours,
            charge.amount_cents,
            sorted(
                lines_by_member.get(charge.organisation_id, []),
                key=lambda line: _sort_key(line.name, line.employee_id),
            ),
        )
        for charge in result.members
    ]
    members.sort(key=lambda member: _sort_key(member.name, member.organisation_id))
    unallocated_ids = {item.employee_id for item in result.unallocated}
    costs = sorted(
        (
            EmployeeCostRow(
                cost.employee_id,
                employee_names.get(cost.employee_id, ""),
                cost.contract_hours,
                cost.allocated_hours,
                cost.costed_hours,
                cost.hourly_cost,
                cost.cost_cents,
                charged=cost.allocated_hours > 0,
            )
            for cost in result.costs
        ),
        key=lambda row: _sort_key(row.name, row.employee_id),
    )
    return Statement(
        pooling=pooling,
        month=result.month,
        total_cents=result.total_cents,
        members=members,
        unallocated=[row for row in costs if row.employee_id in unallocated_ids],
        costs=costs,
        lines=[(member, line) for member in members for line in member.lines],
    )


# --- XLSX ---------------------------------------------------------------------------------------


def statement_xlsx(statement: Statement) -> bytes:
    """A workbook with a "Récapitulatif" sheet (one row per structure, then the total) and a
    "Détail" sheet (one row per structure and employee). Amounts are numbers in euros with a
    € number format, so the file adds up in a spreadsheet as it does on the page.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.properties.title = _("Relevé %(month)s — %(group)s") % {
        "month": statement.month_label,
        "group": statement.pooling.name,
    }

    summary = workbook.active
    summary.title = "Récapitulatif"
    summary.append([_("Structure"), _("Heures"), _("Montant (€)")])
    for member in statement.members:
        summary.append([member.name, member.hours, _euros(member.amount_cents)])
    summary.append([_("Total"), statement.total_hours, _euros(statement.total_cents)])
    total_row = summary.max_row
    for cell in summary[1] + summary[total_row]:
        cell.font = bold
    for row in summary.iter_rows(min_row=2, min_col=2, max_col=3):
        row[0].number_format = HOURS_FORMAT
        row[1].number_format = EURO_FORMAT
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 12
    summary.column_dimensions["C"].width = 16
    summary.freeze_panes = "A2"

    detail = workbook.create_sheet("Détail")
    detail.append([_("Structure"), _("Salarié·e"), _("Heures"), _("Montant (€)")])
    for member, line in statement.lines:
        detail.append([member.name, line.name, line.hours, _euros(line.amount_cents)])
    for cell in detail[1]:
        cell.font = bold
    for row in detail.iter_rows(min_row=2, min_col=3, max_col=4):
        row[0].number_format = HOURS_FORMAT
        row[1].number_format = EURO_FORMAT
    detail.column_dimensions["A"].width = 40
    detail.column_dimensions["B"].width = 30
    detail.column_dimensions["C"].width = 12
    detail.column_dimensions["D"].width = 16
    detail.freeze_panes = "A2"

    rules = workbook.create_sheet("Règles")
    rules.column_dimensions["A"].width = 28
    rules.column_dimensions["B"].width = 100
    rules.append([_("Groupement"), statement.pooling.name])
    rules.append([_("Mois"), statement.month_label])
    rules.append([_("Refacturation à prix coûtant"), statement.at_cost_rule])
    rules.append([_("Calcul du coût"), statement.charging_rule])
    rules.append([_("Règle d'arrondi"), statement.rounding_rule])
    for row in statement.unallocated:
        rules.append(
            [
                _("Coût non affecté"),
                _("%(name)s : %(amount)s, refacturés à aucune structure.")
                % {"name": row.name, "amount": row.cost_display},
            ]
        )
    for cell in rules["A"]:
        cell.font = bold

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def statement_pdf(statement: Statement) -> bytes:
    """A summary page, then one section per structure: its own statement, to send to it."""
    import weasyprint

    html = render_to_string("pooling/employer/statement_pdf.html", {"statement": statement})
    # A local base URL: the document references nothing outside itself, and must never fetch.
    return weasyprint.HTML(string=html, base_url=str(STATIC_DIR)).write_pdf()
