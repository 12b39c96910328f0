"""Whatever hours are typed in the grid, the statement adds up, to the cent, on every medium."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from employer_helpers import MARCH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ptce.core.numbers import format_decimal_fr
from ptce.pooling.employer_group import set_month_allocations
from ptce.pooling.models import HourAllocation
from ptce.pooling.statements import build_statement, statement_xlsx

HOURS = st.one_of(
    st.just(Decimal(0)),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("200"), places=2),
)


@pytest.fixture
def three_by_three(group_setup, make_employee):
    """Three employees (one at an hourly cost with awkward cents) and three structures."""
    noe = make_employee(group_setup["group"], "Noé Petit", hours="35", cost="19.87")
    return {**group_setup, "noe": noe}


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.lists(st.lists(HOURS, min_size=3, max_size=3), min_size=3, max_size=3))
def test_the_statement_adds_up_for_any_grid(three_by_three, coordinator, grid):
    # The fixture is built once; each example overwrites the whole grid of the month.
    s = three_by_three
    staff = [s["camille"], s["lou"], s["noe"]]
    members = [s["bois"], s["velo"], s["regie"]]
    cells = {
        (employee.pk, member.pk): format_decimal_fr(grid[i][j])
        for i, employee in enumerate(staff)
        for j, member in enumerate(members)
    }
    set_month_allocations(coordinator, s["group"], MARCH, cells)

    statement = build_statement(s["group"], MARCH)

    assert sum(m.amount_cents for m in statement.members) == statement.total_cents
    for member in statement.members:
        assert sum(line.amount_cents for line in member.lines) == member.amount_cents
        assert sum(line.hours for line in member.lines) == member.hours
    # Every employee's cost is either charged to the members or reported as unallocated.
    assert statement.total_cents + statement.unallocated_cents == sum(
        row.cost_cents for row in statement.costs
    )
    saved = HourAllocation.objects.filter(month=MARCH)
    assert statement.total_hours == sum((a.hours for a in saved), Decimal(0))
    assert {m.name for m in statement.members} == {a.organisation.name for a in saved}
    charged = {row.name for row in statement.costs if row.charged}
    assert charged == {a.employee.name for a in saved}

    workbook = load_workbook(io.BytesIO(statement_xlsx(statement)))
    rows = list(workbook["Récapitulatif"].iter_rows(min_row=2, values_only=True))
    cents = [round(Decimal(str(row[2])) * 100) for row in rows]
    assert sum(cents[:-1]) == cents[-1] == statement.total_cents
