"""The employer group's writes: employees, and the monthly hours grid saved all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from employer_helpers import MARCH, allocate
from hypothesis import given
from hypothesis import strategies as st

from ptce.core.exceptions import PtceError
from ptce.core.models import AuditEntry
from ptce.core.numbers import format_decimal_fr
from ptce.pooling.employer_group import (
    employee_save,
    parse_french_decimal,
    parse_month,
    set_month_allocations,
)
from ptce.pooling.models import HourAllocation, Pooling, PoolingKind, SharedEmployee


def _hours(employee) -> dict[str, Decimal]:
    return {
        a.organisation.name: a.hours
        for a in HourAllocation.objects.filter(employee=employee, month=MARCH)
    }


# --- numbers and months -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        (" 151,67 ", "151.67"),
        ("1 234,50", "1234.50"),
        ("1\u00a0234,5", "1234.5"),
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
    ],
)
def test_french_decimals_are_read_as_typed(text, expected):
    assert parse_french_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,5h", "abc", "-3", "1,2,3", "", "12 h", "1e3"])
def test_what_is_not_a_plain_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_french_decimal(text)


@given(st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2))
def test_a_number_shown_back_in_a_cell_reads_as_the_same_number(value):
    assert parse_french_decimal(format_decimal_fr(value)) == value


def test_months_are_read_from_urls_and_from_typing():
    assert parse_month("2026-03") == MARCH
    assert parse_month("03/2026") == MARCH
    assert parse_month("3/2026") == MARCH
    assert parse_month("2026-13") is None
    assert parse_month("mars") is None


# --- employees ----------------------------------------------------------------------------------


def test_an_employee_is_saved_in_the_group_with_an_audit_entry(group_setup, coordinator):
    group = group_setup["group"]
    employee = SharedEmployee(
        name="Inès Roux",
        monthly_hours=Decimal("100"),
        hourly_cost=Decimal("20"),
        started_on=dt.date(2026, 1, 1),
    )
    saved = employee_save(actor=coordinator, pooling=group, employee=employee)
    assert saved.pk and saved.pooling == group and saved.pole == group.pole
    entry = AuditEntry.objects.get(action="ptce.sharedemployee.created")
    # The audit trail records which group, not the person's wage.
    assert entry.data == {"pooling": group.pk}


def test_an_employee_cannot_end_before_being_hired(group_setup, coordinator):
    employee = group_setup["camille"]
    employee.ended_on = dt.date(2024, 12, 31)
    with pytest.raises(ValidationError):
        employee_save(actor=coordinator, pooling=group_setup["group"], employee=employee)


def test_only_an_employer_group_has_employees(pole, coordinator):
    premises = Pooling.objects.create(pole=pole, kind=PoolingKind.PREMISES, name="Locaux")
    employee = SharedEmployee(
        name="X", monthly_hours=Decimal(1), hourly_cost=Decimal(1), started_on=MARCH
    )
    with pytest.raises(PtceError):
        employee_save(actor=coordinator, pooling=premises, employee=employee)
    assert not SharedEmployee.objects.exists()


# --- the month's grid ---------------------------------------------------------------------------


def test_the_grid_upserts_and_deletes_in_one_save(group_setup, coordinator):
    s = group_setup
    camille, lou = s["camille"], s["lou"]
    result = set_month_allocations(
        coordinator,
        s["group"],
        MARCH,
        {
            (camille.pk, s["bois"].pk): "90,5",  # changed
            (camille.pk, s["velo"].pk): "51,67",  # unchanged
            (camille.pk, s["regie"].pk): "10",  # created
            (lou.pk, s["velo"].pk): "",  # blank: deleted
            (lou.pk, s["regie"].pk): "0",  # zero: deleted
            (lou.pk, s["bois"].pk): "",  # blank, nothing there: nothing to do
        },
    )
    assert (result.created, result.changed, result.deleted) == (1, 1, 2)
    assert _hours(camille) == {
        "Atelier Bois": Decimal("90.50"),
        "Scop Vélo": Decimal("51.67"),
        "Régie de quartier": Decimal("10.00"),
    }
    assert _hours(lou) == {}
    entries = AuditEntry.objects.filter(action="ptce.hourallocation.month_saved")
    assert entries.count() == 1
    assert entries.get().data == {
        "pooling": s["group"].pk,
        "month": "2026-03",
        "created": 1,
        "changed": 1,
        "deleted": 2,
    }


def test_cells_left_out_are_not_touched(group_setup, coordinator):
    s = group_setup
    set_month_allocations(coordinator, s["group"], MARCH, {(s["lou"].pk, s["velo"].pk): "41"})
    assert _hours(s["lou"]) == {"Scop Vélo": Decimal("41"), "Régie de quartier": Decimal("35")}
    assert len(_hours(s["camille"])) == 2


def test_hours_of_another_month_are_not_touched(group_setup, coordinator):
    s = group_setup
    april = allocate(s["camille"], s["bois"], "12", month=dt.date(2026, 4, 1))
    set_month_allocations(coordinator, s["group"], MARCH, {(s["camille"].pk, s["bois"].pk): ""})
    april.refresh_from_db()
    assert april.hours == Decimal("12")


def test_one_bad_cell_saves_nothing_and_names_row_and_column(group_setup, coordinator):
    s = group_setup
    before = sorted(HourAllocation.objects.values_list("employee_id", "organisation_id", "hours"))
    with pytest.raises(ValidationError) as caught:
        set_month_allocations(
            coordinator,
            s["group"],
            MARCH,
            {
                (s["camille"].pk, s["bois"].pk): "80",
                (s["camille"].pk, s["regie"].pk): "12,5h",
                (s["lou"].pk, s["velo"].pk): "",
            },
        )
    assert caught.value.messages == [
        "Heures de Camille Martin pour Régie de quartier : « 12,5h » n'est pas un nombre."
    ]
    after = sorted(HourAllocation.objects.values_list("employee_id", "organisation_id", "hours"))
    assert after == before
    assert not AuditEntry.objects.filter(action="ptce.hourallocation.month_saved").exists()


def test_every_bad_cell_is_reported_at_once(group_setup, coordinator):
    s = group_setup
    with pytest.raises(ValidationError) as caught:
        set_month_allocations(
            coordinator,
            s["group"],
            MARCH,
            {
                (s["camille"].pk, s["bois"].pk): "-4",
                (s["lou"].pk, s["velo"].pk): "3,333",
                (s["lou"].pk, s["regie"].pk): "800",
            },
        )
    messages = caught.value.messages
    assert len(messages) == 3
    assert "Camille Martin pour Atelier Bois" in messages[0] and "négatif" in messages[0]
    assert "Lou Bernard pour Scop Vélo" in messages[1] and "deux décimales" in messages[1]
    assert "Lou Bernard pour Régie de quartier" in messages[2] and "744" in messages[2]


def test_hours_for_an_employee_outside_their_contract_are_refused(
    group_setup, coordinator, make_employee
):
    s = group_setup
    newcomer = make_employee(s["group"], "Noé Petit", started_on=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError, match="Noé Petit n'est pas sous contrat en mars 2026"):
        set_month_allocations(coordinator, s["group"], MARCH, {(newcomer.pk, s["bois"].pk): "5"})
    assert not HourAllocation.objects.filter(employee=newcomer).exists()


def test_hours_beyond_the_contract_are_saved_with_a_warning(group_setup, coordinator):
    s = group_setup
    result = set_month_allocations(
        coordinator, s["group"], MARCH, {(s["lou"].pk, s["bois"].pk): "10"}
    )
    # 40 + 35 + 10 = 85 h for a 75 h contract.
    assert [(o.employee.name, o.allocated, o.contract) for o in result.over_contract] == [
        ("Lou Bernard", Decimal("85"), Decimal("75"))
    ]
    assert _hours(s["lou"])["Atelier Bois"] == Decimal("10")


def test_another_poles_structure_or_employee_is_refused(
    group_setup, coordinator, make_pole, make_group, make_employee, make_member
):
    s = group_setup
    other = make_pole("autre")
    foreign_org = make_member("Ailleurs", target_pole=other)
    foreign_group = make_group("Autre GE", target_pole=other)
    foreign_employee = make_employee(foreign_group, "Sam Autre")
    with pytest.raises(PtceError):
        set_month_allocations(
            coordinator, s["group"], MARCH, {(s["camille"].pk, foreign_org.pk): "5"}
        )
    with pytest.raises(PtceError):
        set_month_allocations(
            coordinator, s["group"], MARCH, {(foreign_employee.pk, s["bois"].pk): "5"}
        )
    assert not HourAllocation.objects.filter(pole=other).exists()


def test_an_employee_of_another_group_of_the_same_pole_is_refused(
    group_setup, coordinator, make_group, make_employee
):
    s = group_setup
    sibling = make_employee(make_group("Autre groupement"), "Ana Sœur")
    with pytest.raises(PtceError):
        set_month_allocations(coordinator, s["group"], MARCH, {(sibling.pk, s["bois"].pk): "5"})
