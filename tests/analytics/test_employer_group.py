"""Employer-group statements on a hand-computed month, then properties on any allocation."""

from __future__ import annotations

import datetime as dt
import doctest
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics import employer_group
from ptce_analytics.allocation import ROUNDING_RULE
from ptce_analytics.employer_group import (
    CHARGING_RULE,
    CHARGING_RULE_FR,
    EmployeeCost,
    MemberCharge,
    StatementLine,
    UnallocatedCost,
    liability_key,
    monthly_statement,
)

D = Decimal


def employees_frame(*rows):
    """Rows of (employee_id, monthly_hours, hourly_cost)."""
    return pd.DataFrame(rows, columns=["employee_id", "monthly_hours", "hourly_cost"])


def allocations_frame(*rows):
    """Rows of (employee_id, organisation_id, month, hours)."""
    return pd.DataFrame(rows, columns=["employee_id", "organisation_id", "month", "hours"])


EMPLOYEES = employees_frame(
    ("e1", D("151.67"), D("25.40")),  # under-used: costed on the contract
    ("e2", 80, "30.00"),  # overtime: costed on the hours used
    ("e3", 35.0, 18.5),  # idle: nobody to charge
)
ALLOCATIONS = allocations_frame(
    ("e1", 10, "2024-03-01", D("30")),
    ("e1", 10, "2024-03-18", D("20")),  # same member, same month: adds up to 50 h
    ("e1", 20, "2024-03-01", D("40")),
    ("e1", 30, "2024-03-31", D("30")),
    ("e2", 20, dt.date(2024, 3, 1), 50),
    ("e2", 30, dt.date(2024, 3, 1), 40.0),
    ("e1", 10, "2024-04-01", D("100")),  # another month: ignored
    ("e2", 40, "2024-03-01", D("0")),  # 0 h: charges nothing, left out
)


def test_hand_computed_statement():
    statement = monthly_statement(EMPLOYEES, ALLOCATIONS, dt.date(2024, 3, 15))
    assert statement.month == dt.date(2024, 3, 1)
    # e1: 120 h used < 151.67 h contract → 25.40 × 151.67 = 3852.418 → 3852.42 € = 385242 c.
    #     Split 50:40:30 → exact 160517.5, 128414, 96310.5; floors sum to 385241, 1 cent left;
    #     remainders .5 (10), 0 (20), .5 (30): tie → the larger weight, member 10 (50 h).
    # e2: 90 h used > 80 h contract → 30.00 × 90 = 2700.00 € = 270000 c, split 50:40
    #     → 150000 and 120000.
    # e3: no hour allocated → 18.50 × 35 = 647.50 € unallocated.
    assert statement.lines == [
        StatementLine(10, "e1", D("50"), 160518),
        StatementLine(20, "e1", D("40"), 128414),
        StatementLine(20, "e2", D("50"), 150000),
        StatementLine(30, "e1", D("30"), 96310),
        StatementLine(30, "e2", D("40.0"), 120000),
    ]
    assert statement.members == [
        MemberCharge(10, D("50"), 160518),
        MemberCharge(20, D("90"), 278414),
        MemberCharge(30, D("70"), 216310),
    ]
    assert statement.unallocated == [UnallocatedCost("e3", 64750)]
    assert statement.total_cents == 385242 + 270000
    assert sum(member.amount_cents for member in statement.members) == statement.total_cents
    assert sum(line.amount_cents for line in statement.lines) == statement.total_cents
    assert statement.costs == [
        EmployeeCost("e1", D("151.67"), D("120"), D("151.67"), D("25.40"), 385242),
        EmployeeCost("e2", D("80"), D("90.0"), D("90.0"), D("30.00"), 270000),
        EmployeeCost("e3", D("35.0"), D("0"), D("35.0"), D("18.5"), 64750),
    ]
    assert statement.rounding_rule == ROUNDING_RULE


def test_one_cent_rounding_between_three_equal_members():
    # 4 h × 25.00 € = 100.00 €, three members with 1 h each (and 1 idle contract hour shared
    # in proportion): 33.33... each; the cent left goes to the first member by id.
    statement = monthly_statement(
        employees_frame(("e", 4, "25.00")),
        allocations_frame(("e", "b", "2024-05-02", 1), ("e", "a", "2024-05-02", 1),
                          ("e", "c", "2024-05-02", 1)),
        "2024-05-31",
    )  # fmt: skip
    assert [(m.organisation_id, m.amount_cents) for m in statement.members] == [
        ("a", 3334),
        ("b", 3333),
        ("c", 3333),
    ]
    assert statement.total_cents == 10000


def test_cost_is_rounded_half_up_to_the_cent():
    # 1.5 h × 10.03 € = 15.045 €: half up gives 15.05 € (half even would give 15.04 €).
    statement = monthly_statement(
        employees_frame(("e", "1.5", "10.03")),
        allocations_frame(("e", 1, "2024-01-01", 1)),
        "2024-01",
    )
    assert statement.total_cents == 1505
    assert statement.members == [MemberCharge(1, D("1"), 1505)]


def test_month_without_allocations_leaves_every_cost_unallocated():
    statement = monthly_statement(EMPLOYEES, ALLOCATIONS, "2024-02-10")
    assert statement.total_cents == 0
    assert statement.lines == [] and statement.members == []
    assert [cost.employee_id for cost in statement.unallocated] == ["e1", "e2", "e3"]


def test_an_employee_costing_nothing_is_not_unallocated():
    statement = monthly_statement(
        employees_frame(("e", 0, "20.00")), allocations_frame(), "2024-01"
    )
    assert statement.unallocated == []
    assert statement.costs[0].cost_cents == 0


def test_the_written_rule_says_no_margin():
    assert "no margin" in CHARGING_RULE
    assert "sans aucune marge" in CHARGING_RULE_FR


@pytest.mark.parametrize(
    ("employees", "allocations", "message"),
    [
        (
            EMPLOYEES.drop(columns="hourly_cost"),
            ALLOCATIONS,
            "employees is missing column\\(s\\): hourly_cost",
        ),
        (employees_frame(("e", 10, "20"), ("e", 5, "20")), allocations_frame(), "duplicates"),
        (employees_frame(("e", 10, None)), allocations_frame(), "hourly_cost of employee 'e'"),
        (employees_frame(("e", -1, "20")), allocations_frame(), "0 or more"),
        (employees_frame(("e", 10, "abc")), allocations_frame(), "must be a number"),
        (
            employees_frame(("e", 10, "20")),
            allocations_frame(("x", 1, "2024-03-01", 5)),
            "missing from employees: 'x'",
        ),
        (
            employees_frame(("e", 10, "20")),
            allocations_frame(("e", None, "2024-03-01", 5)),
            "organisation_id is missing",
        ),
        (
            employees_frame(("e", 10, "20")),
            allocations_frame(("e", 1, "2024-03-01", -5)),
            "0 or more",
        ),
        (
            employees_frame(("e", 10, "20")),
            allocations_frame(("e", 1, None, 5)),
            "allocations.month has missing values",
        ),
    ],
)
def test_bad_input(employees, allocations, message):
    with pytest.raises(ValueError, match=message):
        monthly_statement(employees, allocations, "2024-03-01")


def test_allocations_of_other_months_may_name_former_employees():
    allocations = allocations_frame(("gone", 1, "2023-12-01", 10), ("e", 1, "2024-03-01", 10))
    statement = monthly_statement(employees_frame(("e", 10, "20")), allocations, "2024-03")
    assert statement.total_cents == 20000


# --- joint liability ----------------------------------------------------------------------------


def test_liability_key_hand_computed():
    # January to March 2024: member 10 used 50 h, member 20 40 + 50 = 90 h, member 30 70 h,
    # member 40 0 h (left out). 210 h: 50/210 = 23.809..%, 90/210 = 42.857..%,
    # 70/210 = 33.333..% → 2380.95, 4285.71, 3333.33 bp; floors 9998, 2 left to the largest
    # remainders (.95 then .71).
    key = liability_key(ALLOCATIONS, "2024-01-15", "2024-03-31")
    assert key == {10: 2381, 20: 4286, 30: 3333}
    assert sum(key.values()) == 10000


def test_liability_key_months_are_inclusive():
    # Only April: the 100 h of e1 for member 10.
    assert liability_key(ALLOCATIONS, "2024-04-30", "2024-04-01") == {10: 10000}


def test_liability_key_without_hours_is_empty():
    assert liability_key(ALLOCATIONS, "2020-01-01", "2020-12-31") == {}
    assert liability_key(allocations_frame(), "2020-01-01", "2020-12-31") == {}


def test_liability_key_start_after_end():
    with pytest.raises(ValueError, match="falls after end"):
        liability_key(ALLOCATIONS, "2024-05-01", "2024-03-01")


def test_docstring_examples():
    assert doctest.testmod(employer_group).failed == 0


# --- properties ---------------------------------------------------------------------------------

cents_decimals = st.decimals("0.01", "200", places=2)


@st.composite
def group_month(draw):
    n_employees = draw(st.integers(1, 5))
    employees = employees_frame(
        *[
            (
                f"e{i}",
                draw(cents_decimals.filter(lambda hours: hours >= 1)),
                draw(st.decimals("10", "60", places=2)),
            )
            for i in range(n_employees)
        ]
    )
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(list(employees["employee_id"])),
                st.integers(1, 6),
                st.sampled_from(["2024-03-01", "2024-03-17", "2024-04-02"]),
                cents_decimals,
            ),
            max_size=15,
        )
    )
    return employees, allocations_frame(*rows)


@settings(max_examples=150, deadline=None)
@given(group_month())
def test_every_cent_is_charged_and_nothing_more(data):
    employees, allocations = data
    statement = monthly_statement(employees, allocations, "2024-03-09")
    in_month = allocations[allocations["month"].str.startswith("2024-03")]
    used = in_month.groupby("employee_id")["hours"].apply(lambda hours: sum(hours, D(0)))
    charged_total = 0
    for employee_id, contract, rate in employees.itertuples(index=False):
        hours = used.get(employee_id, D(0))
        cost = int((rate * max(contract, hours)).quantize(D("0.01"), ROUND_HALF_UP) * 100)
        charged = sum(
            line.amount_cents for line in statement.lines if line.employee_id == employee_id
        )
        if hours > 0:
            assert charged == cost
            charged_total += cost
        else:
            assert charged == 0
            assert UnallocatedCost(employee_id, cost) in statement.unallocated
    assert statement.total_cents == charged_total
    assert sum(member.amount_cents for member in statement.members) == statement.total_cents
    assert sum(member.hours for member in statement.members) == sum(in_month["hours"], D(0))


@settings(max_examples=100, deadline=None)
@given(group_month())
def test_liability_key_sums_to_10000(data):
    _, allocations = data
    key = liability_key(allocations, "2024-01-01", "2024-12-31")
    assert sum(key.values()) == (10000 if len(allocations) else 0)
    assert all(share >= 0 for share in key.values())
